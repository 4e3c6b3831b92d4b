"""A build, from a validated config to shards, manifest, stats and dataset card: a chain of executor stages.

    ingest        read -> decode -> clean -> classify -> count tokens -> work/docs/<rank>.parquet    (tasks)
    pair-bucket   documents with a pair key into their key's bucket                                (tasks)
    pair-group    group each bucket, render pairs -> work/pairs/                                   (<= buckets)
    plan          inventory (exact dedup), plan (mixture + budget), shard plan -> staged plan.json (1 task)
    shards        write the planned shards: task r writes shards s with s % tasks == r            (tasks)
    finalize      pairs_eval split, stats.json, manifest.json, README.md; publish into OUT         (1 task)

Before any stage runs, the output folder must be writable and every column the config declares must be in
its input's schema (`check_build`): both are user errors with a sentence, not a traceback or a build that
drops every row. A dry run stops after `plan`, in a scratch work directory, and writes only `plan.json`.
Every stage is a datatrove executor depending on the one before it (`codemix.pipeline.executors`); the plan
and finalize stages run functions of this module as their single step. Everything a stage hands the next
goes through files in the work directory, so any stage can be rerun alone, and a killed build rerun resumes
at the tasks it had not completed. The stages write the output into `<work>/staged/`; the finalize stage
publishes it (`publish`), so OUT never shows a partial build under its final names.

Executors run behind the CLI's entry point, never at import time: datatrove's local executor starts its
workers with forkserver.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from codemix.errors import EmptyCorpusError
from codemix.io import atomic_output, check_output_folder, remove_stale_temporaries, write_text_atomic
from codemix.pipeline.assembly import ingest_steps, pair_bucket_steps, pair_group_steps, shard_writer_steps
from codemix.pipeline.executors import ExecutorStage, StageAbort, run_stages
from codemix.pipeline.inventory import Inventory, build_inventory
from codemix.pipeline.manifest import build_manifest, dataset_card, describe_shard, describe_split_file, dumps
from codemix.pipeline.plan import BuildPlan, PlanError, make_plan
from codemix.pipeline.report import collect_stats, drop_report, nothing_survived_message
from codemix.pipeline.shard_plan import Selection, plan_shards
from codemix.pipeline.workdir import PUBLISHED_DIRS, PUBLISHED_FILES, BuildPaths
from codemix.schemas.config import BuildConfig
from codemix.schemas.documents import PAIRS_EVAL_SCHEMA, shard_name
from codemix.stages.pair import EVAL_DIR, TRAIN_DIR, load_used_ids
from codemix.stages.read import check_declared_columns


@dataclass
class BuildResult:
    output: Path
    plan: BuildPlan
    stats: dict[str, Any]
    manifest: dict[str, Any] | None = None
    shards: list[Path] = field(default_factory=list)
    estimates: dict[str, Any] | None = None  # a sampled dry run's per-language estimates


# --- the stages --------------------------------------------------------------------------------------
def build_stages(
    config: BuildConfig, paths: BuildPaths, *, dry_run: bool = False, sample: float | None = None
) -> list[ExecutorStage]:
    """The executor stages of a build (or of a dry run, which ends with the plan)."""
    tasks = config.executor.tasks
    stages = [ExecutorStage("ingest", "read, classify, clean, count", ingest_steps(config, paths, sample=sample), tasks)]
    # A sample splits translation groups at random: pairing has nothing sound to estimate from it.
    if config.pairing is not None and sample is None:
        stages.append(ExecutorStage("pair-bucket", "pair: bucket", pair_bucket_steps(config, paths), tasks))
        stages.append(ExecutorStage("pair-group", "pair: group", pair_group_steps(config, paths),
                                    min(tasks, config.pairing.num_buckets)))
    plan_step = functools.partial(plan_task, config=config, paths=paths, dry_run=dry_run, sample=sample)
    stages.append(ExecutorStage("plan", "plan", [plan_step], 1))
    if not dry_run:
        stages.append(ExecutorStage("shards", "write shards", shard_writer_steps(config, paths), tasks))
        finalize_step = functools.partial(finalize_task, config=config, paths=paths)
        stages.append(ExecutorStage("finalize", "manifest", [finalize_step], 1))
    return stages


def _inventory(config: BuildConfig, paths: BuildPaths, *, pairs: bool) -> Inventory:
    paired_files = None
    exclude_ids: frozenset[str] = frozenset()
    if pairs:
        paired_files = sorted((paths.pairs / TRAIN_DIR).glob("*.parquet"))
        if not config.pairing.keep_paired_in_monolingual:
            exclude_ids = load_used_ids(paths.pairs)
    return build_inventory(
        docs_files=sorted(paths.docs.glob("*.parquet")),
        languages=list(config.languages),
        paired_files=paired_files,
        exact_dedup=config.clean.exact_dedup,
        exclude_ids=exclude_ids,
        rejects_dir=paths.rejected,
    )


def plan_task(data: Any, rank: int, world_size: int, *, config: BuildConfig, paths: BuildPaths, dry_run: bool,
              sample: float | None) -> None:
    """The plan stage's step: inventory, plan, and (for a build) the shard plan.

    Writes `<work>/inventory.json` (what each component offers), the staged `plan.json`, and for a build
    `<work>/shard_plan.parquet` and `<work>/selection.json`. When no document survived, stops with an
    `EmptyCorpusError` that says why (drop reasons by count, per input, damaged files)."""
    inventory = _inventory(config, paths, pairs=config.pairing is not None and sample is None)
    write_text_atomic(paths.inventory, dumps(inventory.summary()))
    if not any(comp.docs for comp in inventory.components.values()):
        message = nothing_survived_message(config=config, drops=drop_report(paths))
        if sample is not None:
            message = (f"the {sample:.1%} sample holds no document to estimate from: sample more (--sample) or "
                       f"run the dry run without it. In the sample: {message}")
        raise StageAbort(EmptyCorpusError(message))
    estimates = None
    if sample is not None:
        from codemix.pipeline.estimate import estimate_languages
        from codemix.stages.sample import DEFAULT_REFERENCE_BYTES

        estimates = estimate_languages(work=paths.work, inventory=inventory, languages=list(config.languages),
                                       fraction=sample, reference_bytes=DEFAULT_REFERENCE_BYTES)
    try:
        plan = make_plan(config, inventory, estimates=estimates)
    except PlanError as error:
        raise StageAbort(error) from None
    plan_doc: dict[str, Any] = {"config_hash": config.config_hash(), **plan.to_dict()}
    if dry_run:
        plan_doc = {"config_hash": config.config_hash(), "dry_run": True, **plan.to_dict(),
                    "inputs": collect_stats(config=config, paths=paths)}
        if estimates is not None:
            plan_doc["sample"] = {"fraction": sample, "seed": config.seed, "confidence": 0.95, "estimates": estimates}
        write_text_atomic(paths.plan, dumps(plan_doc))
        return
    write_text_atomic(paths.plan, dumps(plan_doc))
    shard_plan, selection, num_shards = plan_shards(inventory=inventory, plan=plan, seed=config.seed)
    with atomic_output(paths.shard_plan) as handle:
        pq.write_table(shard_plan, handle)
    write_text_atomic(paths.selection, dumps({"num_shards": num_shards, **asdict(selection)}))


def write_pairs_eval(config: BuildConfig, paths: BuildPaths) -> list[dict[str, Any]]:
    """Copy the held-out pairs into the `pairs_eval` split: one file, rows in (pair key, direction) order."""
    files = sorted((paths.pairs / EVAL_DIR).glob("*.parquet"))
    target = paths.pairs_eval / "pairs_eval-00000-of-00001.parquet"
    if not files or config.pairing is None or not config.pairing.eval_split:
        return []
    table = pa.concat_tables([pq.read_table(f) for f in files]).cast(PAIRS_EVAL_SCHEMA)
    table = table.sort_by([("pair_key", "ascending"), ("src_lang", "ascending"), ("tgt_lang", "ascending"),
                           ("part", "ascending")])
    with atomic_output(target) as handle:
        pq.write_table(table, handle, row_group_size=config.output.row_group_rows, compression="zstd")
    return [describe_split_file(target, paths.staged)]


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
            "members": pairing.members,
            "format": pairing.format,
            "templates": pairing.resolved_templates(),
        }
    }


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


def finalize_task(data: Any, rank: int, world_size: int, *, config: BuildConfig, paths: BuildPaths) -> None:
    """The finalize stage's step: the pairs_eval split, stats.json, manifest.json and the dataset card into
    the staged output (unless a killed earlier attempt got that far), then `publish`."""
    if not (paths.staged / "manifest.json").is_file():
        remove_stale_temporaries(paths.staged)  # what killed shard writers left beside the shards
        _write_staged_record(config, paths)
    publish(paths)
    remove_stale_temporaries(paths.work)


def _write_staged_record(config: BuildConfig, paths: BuildPaths) -> None:
    plan = load_plan(paths.plan)
    state = json.loads(paths.selection.read_text())
    num_shards = state.pop("num_shards")
    selection = Selection(**state)
    pairs_eval = write_pairs_eval(config, paths)
    shards = [describe_shard(paths.data / shard_name(i, num_shards), paths.staged) for i in range(num_shards)]
    stats = collect_stats(config=config, paths=paths)
    manifest = build_manifest(
        config=config,
        plan=plan,
        selection=selection,
        shards=shards,
        tokenizer=_tokenizer_record(config),
        extra_splits={"pairs_eval": pairs_eval} if pairs_eval else {},
        extra=_pairing_record(config),
        run=_run_timing(paths),
    )
    write_text_atomic(paths.staged / "stats.json", dumps(stats))
    write_text_atomic(paths.staged / "README.md", dataset_card(manifest=manifest, plan=plan, root=paths.staged,
                                                                   pairing=stats.get("pairing")))
    write_text_atomic(paths.staged / "manifest.json", dumps(manifest))  # last: the staged record is complete


#: The manifest split whose files each published folder holds.
_SPLIT_OF_DIR = {"data": "train", "pairs_eval": "pairs_eval"}


def publish(paths: BuildPaths) -> None:
    """Move the staged output into OUT so that no partial build is ever visible under OUT's names.

    The previous manifest goes first (from then on OUT reads as incomplete), each folder is swapped in whole
    by a rename (an earlier build's folder, or one this build does not make, goes away), then the files are
    copied in, `manifest.json` last. Rerun after a kill at any point, it completes the same publication: a
    staged folder already moved is recognised by the staged manifest listing its split."""
    out = paths.output
    manifest = json.loads((paths.staged / "manifest.json").read_text())
    (out / "manifest.json").unlink(missing_ok=True)
    for name in PUBLISHED_DIRS:
        staged, target = paths.staged / name, out / name
        if staged.is_dir():
            replaced = paths.work / f"replaced-{name}"
            shutil.rmtree(replaced, ignore_errors=True)
            if target.exists():
                target.rename(replaced)
            staged.rename(target)
            shutil.rmtree(replaced, ignore_errors=True)
        elif _SPLIT_OF_DIR[name] not in manifest["splits"]:
            shutil.rmtree(target, ignore_errors=True)  # an earlier build's split that this config does not make
        elif not target.is_dir():
            raise RuntimeError(f"{target} is missing and {staged} is gone: delete {paths.work} and build again")
    for name in PUBLISHED_FILES:  # manifest.json last
        with atomic_output(out / name) as handle:
            handle.write((paths.staged / name).read_bytes())
    remove_stale_temporaries(out, recursive=False)


def _run_timing(paths: BuildPaths) -> dict[str, Any]:
    """When the build started (the first stage's first log) and finished (now)."""
    started_file = paths.started
    started = datetime.fromisoformat(started_file.read_text().strip()) if started_file.is_file() else None
    finished = datetime.now(timezone.utc)
    return {
        "started_at": started.isoformat(timespec="seconds") if started else None,
        "finished_at": finished.isoformat(timespec="seconds"),
        "duration_seconds": round((finished - started).total_seconds(), 3) if started else None,
    }


def load_plan(path: Path) -> BuildPlan:
    return BuildPlan.from_dict(json.loads(Path(path).read_text()))


# --- the driver --------------------------------------------------------------------------------------
def check_build(config: BuildConfig, *, output: Path) -> None:
    """What must hold before any work: the output folder can be written (`OutputError`), and every column the
    config declares is in its input's schema (`InputError`)."""
    check_output_folder(Path(output))
    for index, item in enumerate(config.inputs):
        check_declared_columns(item, index=index)


def dry_run(config: BuildConfig, *, output: Path, sample: float | None = None, progress: bool = True) -> BuildResult:
    """Read, classify, clean and count; plan; write `plan.json` and nothing else into `output`.

    With `sample` (a fraction), only a seeded sample of documents is classified and counted, and every
    per-language quantity of the plan is an estimate with a 95% interval (`plan.json` says which)."""
    check_build(config, output=output)
    scratch = Path(tempfile.mkdtemp(prefix="codemix-dry-run-"))
    try:
        paths = BuildPaths(output=scratch, config_hash=config.config_hash())
        run_stages(build_stages(config, paths, dry_run=True, sample=sample), config=config, paths=paths,
                   progress=progress)
        plan_doc = json.loads(paths.plan.read_text())
        write_text_atomic(Path(output) / "plan.json", dumps(plan_doc))
        estimates = plan_doc.get("sample", {}).get("estimates")
        return BuildResult(output=Path(output), plan=BuildPlan.from_dict(plan_doc), stats=plan_doc["inputs"],
                           estimates=estimates)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def build(config: BuildConfig, *, output: Path, progress: bool = True) -> BuildResult:
    check_build(config, output=output)
    paths = BuildPaths(output=Path(output), config_hash=config.config_hash())
    paths.work.mkdir(parents=True, exist_ok=True)
    if not paths.started.is_file():  # a resumed build keeps the start of its first attempt
        write_text_atomic(paths.started, datetime.now(timezone.utc).isoformat(timespec="seconds") + "\n")
    run_stages(build_stages(config, paths), config=config, paths=paths, progress=progress)
    manifest = json.loads((paths.output / "manifest.json").read_text())
    stats = json.loads((paths.output / "stats.json").read_text())
    shards = [paths.output / shard["file"] for shard in manifest["splits"]["train"]["shards"]]
    return BuildResult(output=paths.output, plan=load_plan(paths.output / "plan.json"), stats=stats,
                       manifest=manifest, shards=shards)
