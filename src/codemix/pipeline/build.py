"""A build, from a validated config to shards, manifest, stats and dataset card.

Executor stages (datatrove, joined in order; each reruns only the tasks a killed run did not complete):
  1. ingest   read -> decode -> clean -> classify -> count tokens -> work/docs/<rank>.parquet
  2. shards   write the planned shards (task r writes shards s with s % tasks == r)
Between them, in this process: the inventory (exact dedup on content hashes), the plan (mixture strategy
and budget) and the shard plan (selection and order), all functions of the config, inputs and seed.

Executors run behind the CLI's entry point, never at import time: datatrove's local executor starts its
workers with forkserver.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep

from codemix.pipeline.inventory import Inventory, build_inventory
from codemix.pipeline.manifest import build_manifest, dataset_card, describe_shard, describe_split_file, dumps
from codemix.pipeline.plan import BuildPlan, make_plan
from codemix.pipeline.report import collect_stats, summary_table
from codemix.pipeline.shards import WriteShards, plan_shards, shard_name
from codemix.pipeline.workdir import BuildPaths, atomic_output, write_text_atomic
from codemix.schemas.config import BuildConfig


@dataclass
class BuildResult:
    output: Path
    plan: BuildPlan
    inventory: Inventory
    stats: dict[str, Any]
    manifest: dict[str, Any] | None = None
    shards: list[Path] = field(default_factory=list)
    estimates: dict[str, Any] | None = None  # a sampled dry run's per-language estimates


def ingest_pipeline(config: BuildConfig, paths: BuildPaths, *, sample: float | None = None) -> list[PipelineStep]:
    """Stage 1 steps: every input's reader, (a seeded sample), decode/clean, classify, count tokens, write."""
    from codemix.stages.classify import ClassifyLanguage
    from codemix.stages.clean import cleaning_steps
    from codemix.stages.count_tokens import CountTokens
    from codemix.stages.language_filter import OtherLanguageFilter
    from codemix.stages.read import reader_steps
    from codemix.stages.sample import SampleDocuments
    from codemix.stages.write_docs import DocsWriter

    rejects = str(paths.rejected)
    steps: list[PipelineStep] = reader_steps(config, rejects_dir=rejects)
    if sample is not None:
        steps.append(SampleDocuments(fraction=sample, seed=config.seed, work_dir=paths.work))
    steps += cleaning_steps(config.clean, rejects_dir=rejects)
    # The classifier only labels; the filter after it drops `other` with a reject record.
    steps.append(
        ClassifyLanguage(
            languages=list(config.languages),
            drop_other=False,
            min_confidence=config.classify.min_confidence,
            content_only=config.classify.content_only,
            max_bytes=config.classify.max_bytes,
        )
    )
    if config.classify.drop_other:
        steps.append(OtherLanguageFilter(rejects_dir=rejects))
    steps.append(CountTokens(tokenizer=config.tokenizer, add_eos_token=config.add_eos_token))
    steps.append(DocsWriter(output_dir=str(paths.docs), row_group_rows=config.output.row_group_rows))
    return steps


class _TaskProgress:
    """A progress bar over an executor's tasks, fed by datatrove's completion markers (TTY only)."""

    def __init__(self, *, logging_dir: Path, tasks: int, description: str):
        self.logging_dir = logging_dir
        self.tasks = tasks
        self.description = description
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "_TaskProgress":
        if sys.stderr.isatty():
            self._thread = threading.Thread(target=self._poll, daemon=True)
            self._thread.start()
        return self

    def _done(self) -> int:
        completions = self.logging_dir / "completions"
        return len(list(completions.iterdir())) if completions.is_dir() else 0

    def _poll(self) -> None:
        from tqdm import tqdm

        with tqdm(total=self.tasks, desc=self.description, unit="task", file=sys.stderr) as bar:
            while not self._stop.wait(0.5):
                bar.n = self._done()
                bar.refresh()
            bar.n = self._done()
            bar.refresh()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()


def run_executor(pipeline: list[PipelineStep], *, config: BuildConfig, logging_dir: Path, tasks: int, name: str) -> None:
    executor = LocalPipelineExecutor(
        pipeline=pipeline,
        tasks=tasks,
        workers=min(config.executor.workers, tasks),
        logging_dir=str(logging_dir),
        skip_completed=True,
    )
    with _TaskProgress(logging_dir=logging_dir, tasks=tasks, description=name):
        executor.run()


def _tokenizer_record(config: BuildConfig) -> dict[str, Any]:
    from codemix.tokens import load_tokenizer

    tokenizer = load_tokenizer(config.tokenizer)
    return {
        "spec": config.tokenizer,
        "name": tokenizer.name,
        "vocab_size": tokenizer.vocab_size,
        "vocab_sha256": tokenizer.vocab_sha256,
        "eos_token": tokenizer.eos_token,
        "add_eos_token": config.add_eos_token,
    }


def pair(config: BuildConfig, paths: BuildPaths) -> None:
    """The pairing stage: a keyed shuffle of pair candidates into buckets, then grouping per bucket."""
    from codemix.pairing.steps import build_pairing_steps

    bucket_step, group_step = build_pairing_steps(config, work_dir=paths.work)
    run_executor([bucket_step], config=config, logging_dir=paths.logs("pair-bucket"),
                 tasks=config.executor.tasks, name="pair: bucket")
    run_executor([group_step], config=config, logging_dir=paths.logs("pair-group"),
                 tasks=min(config.executor.tasks, config.pairing.num_buckets), name="pair: group")


def ingest(config: BuildConfig, paths: BuildPaths, *, sample: float | None = None) -> Inventory:
    run_executor(
        ingest_pipeline(config, paths, sample=sample),
        config=config,
        logging_dir=paths.logs("ingest"),
        tasks=config.executor.tasks,
        name="read, classify, clean, count",
    )
    docs_files = sorted(paths.docs.glob("*.parquet"))
    paired_files = None
    exclude_ids: frozenset[str] = frozenset()
    # A sample splits translation groups at random: pairing has nothing sound to estimate from it.
    if config.pairing is not None and sample is None:
        from codemix.pairing.steps import TRAIN_DIR, load_used_ids

        pair(config, paths)
        paired_files = sorted((paths.pairs / TRAIN_DIR).glob("*.parquet"))
        if not config.pairing.keep_paired_in_monolingual:
            exclude_ids = load_used_ids(paths.pairs)
    return build_inventory(
        docs_files=docs_files,
        languages=list(config.languages),
        paired_files=paired_files,
        exact_dedup=config.clean.exact_dedup,
        exclude_ids=exclude_ids,
    )


def write_pairs_eval(config: BuildConfig, paths: BuildPaths, output: Path) -> list[dict[str, Any]]:
    """Copy the held-out pairs into the `pairs_eval` split: one file, rows in (pair key, direction) order."""
    from codemix.pairing.steps import EVAL_DIR
    from codemix.schemas.documents import PAIRS_EVAL_SCHEMA

    files = sorted((paths.pairs / EVAL_DIR).glob("*.parquet"))
    target = paths.pairs_eval / "pairs_eval-00000-of-00001.parquet"
    if not files or config.pairing is None or not config.pairing.eval_split:
        # An earlier build into this output may have left a pairs_eval split this config does not make.
        shutil.rmtree(paths.pairs_eval, ignore_errors=True)
        return []
    table = pa.concat_tables([pq.read_table(f) for f in files]).cast(PAIRS_EVAL_SCHEMA)
    table = table.sort_by([("pair_key", "ascending"), ("src_lang", "ascending"), ("tgt_lang", "ascending"),
                           ("part", "ascending")])
    with atomic_output(target) as handle:
        pq.write_table(table, handle, row_group_size=config.output.row_group_rows, compression="zstd")
    return [describe_split_file(target, output)]


def dry_run(config: BuildConfig, *, output: Path, sample: float | None = None) -> BuildResult:
    """Read, classify, clean and count; plan; write `plan.json` and nothing else into `output`.

    With `sample` (a fraction), only a seeded sample of documents is classified and counted, and every
    per-language quantity of the plan is an estimate with a 95% interval (`plan.json` says which)."""
    scratch = Path(tempfile.mkdtemp(prefix="codemix-dry-run-"))
    try:
        paths = BuildPaths(output=scratch, config_hash=config.config_hash())
        inventory = ingest(config, paths, sample=sample)
        stats = collect_stats(paths=paths, inventory=inventory)
        estimates = None
        if sample is not None:
            from codemix.pipeline.estimate import estimate_languages

            estimates = estimate_languages(work=paths.work, inventory=inventory, languages=list(config.languages))
        plan = make_plan(config, inventory, estimates=estimates)
        plan_doc = {"config_hash": config.config_hash(), "dry_run": True, **plan.to_dict(), "inputs": stats}
        if estimates is not None:
            plan_doc["sample"] = {"fraction": sample, "seed": config.seed, "confidence": 0.95, "estimates": estimates}
        write_text_atomic(output / "plan.json", dumps(plan_doc))
        return BuildResult(output=output, plan=plan, inventory=inventory, stats=stats, estimates=estimates)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _pairing_record(config: BuildConfig) -> dict[str, Any]:
    """The pairing settings in effect (templates with their defaults resolved), for the manifest."""
    if config.pairing is None:
        return {}
    pairing = config.pairing
    return {
        "pairing": {
            "languages": list(pairing.resolved_languages(config.languages)),
            "pivot": pairing.pivot,
            "directions": pairing.directions,
            "format": pairing.format,
            "templates": pairing.resolved_templates(),
        }
    }


def build(config: BuildConfig, *, output: Path) -> BuildResult:
    started = time.time()
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    paths = BuildPaths(output=output, config_hash=config.config_hash())
    paths.work.mkdir(parents=True, exist_ok=True)
    inventory = ingest(config, paths)
    plan = make_plan(config, inventory)
    write_text_atomic(output / "plan.json", dumps({"config_hash": config.config_hash(), **plan.to_dict()}))

    shard_plan, selection, num_shards = plan_shards(inventory=inventory, plan=plan, seed=config.seed)
    # The shard plan is a pure function of the inputs: rewrite it on every run so a resumed
    # run writes the remaining shards from exactly the plan the finished ones came from.
    with atomic_output(paths.shard_plan) as handle:
        pq.write_table(shard_plan, handle)
    # Shards of an earlier build of another config would be mixed into this one's file list.
    for stale in paths.data.glob("train-*.parquet") if paths.data.is_dir() else []:
        if not stale.name.endswith(f"-of-{num_shards:05d}.parquet"):
            stale.unlink()
    shard_tasks = min(config.executor.tasks, num_shards)
    run_executor(
        [
            WriteShards(
                shard_plan=str(paths.shard_plan),
                output_dir=str(paths.data),
                num_shards=num_shards,
                row_group_rows=config.output.row_group_rows,
                compression=config.output.compression,
            )
        ],
        config=config,
        logging_dir=paths.logs(f"shards-{num_shards}"),
        tasks=shard_tasks,
        name="write shards",
    )
    shard_files = [paths.data / shard_name(i, num_shards) for i in range(num_shards)]
    pairs_eval = write_pairs_eval(config, paths, output)
    shards = [describe_shard(path, output) for path in shard_files]
    stats = collect_stats(paths=paths, inventory=inventory)
    finished = time.time()
    manifest = build_manifest(
        config=config,
        plan=plan,
        selection=selection,
        shards=shards,
        tokenizer=_tokenizer_record(config),
        extra_splits={"pairs_eval": pairs_eval} if pairs_eval else {},
        extra=_pairing_record(config),
        run={
            "started_at": started_at,
            "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "duration_seconds": round(finished - started, 3),
        },
    )
    write_text_atomic(output / "stats.json", dumps(stats))
    write_text_atomic(output / "manifest.json", dumps(manifest))
    write_text_atomic(output / "README.md", dataset_card(manifest=manifest, plan=plan))
    return BuildResult(output=output, plan=plan, inventory=inventory, stats=stats, manifest=manifest, shards=shard_files)
