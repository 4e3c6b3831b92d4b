"""A build, from a validated config to shards, manifest, stats and dataset card: a chain of executor stages.

    ingest        read -> decode -> clean -> classify -> count tokens -> work/docs/<rank>.parquet    (tasks)
    dedup-signatures  MinHash bands, content hashes, benchmark matches per docs file               (tasks)
    dedup-buckets     datatrove's MinhashDedupBuckets: documents sharing a band                     (bands)
    dedup-clusters    verify candidates, cluster, keep one copy by the survivor rule                (1 task)
    dedup-filter      removals per docs file -> work/dedup/removed/, reject records                 (tasks)
    pair-bucket   kept documents with a pair key into their key's bucket                           (tasks)
    pair-group    group each bucket, render pairs -> work/pairs/                                   (<= buckets)
    index         kept documents per task: summaries and key-sorted index files                  (tasks)
    plan          plan (mixture + budget) from the summaries; selection -> plan.json              (1 task)
    position      every selected copy's place in the output order and its shard                  (tasks)
    scatter       every copy, text included, into its shard's bucket                             (tasks)
    gather        each shard from its bucket alone, in output order -> staged data/train-*.parquet (tasks)
    finalize      pairs_eval split, stats.json, manifest.json, README.md; publish into OUT         (1 task)

The dedup stages run before pairing, so no pair is built from a removed (duplicate or contaminated) program,
and every later stage sees a docs file only through `codemix.stages.dedup.keep_mask`. A dry run stops after
`plan`, in a scratch work directory, and writes only `plan.json`. Every stage is a datatrove executor depending
on the one before it (`codemix.pipeline.executors`); the plan and finalize stages run functions of this module
as their single step. Everything a stage hands the next goes through files in the work directory, so any stage
can be rerun alone, and a killed build rerun resumes at the tasks it had not completed. The order of the output
(`codemix.schemas.order`) is a function of the config, the inputs and the seed, never of the task count.

Before any stage runs, the output folder must be writable and every column the config declares must be in
its input's schema (`check_build`): both are user errors with a sentence, not a traceback or a build that
drops every row. The stages write the output into `<work>/staged/`; the finalize stage publishes it
(`publish`), so OUT never shows a partial build under its final names.

Executors run behind the CLI's entry point, never at import time: datatrove's local executor starts its
workers with forkserver.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from codemix.errors import EmptyCorpusError, UsageError
from codemix.io import (
    atomic_output,
    check_output_folder,
    check_remote_output,
    is_url,
    publish_remote,
    read_output_text,
    remove_stale_temporaries,
    write_output_text,
    write_text_atomic,
)
from codemix.pipeline.assembly import (
    dedup_stage_steps,
    components_of,
    index_files,
    index_steps,
    ingest_steps,
    pair_bucket_steps,
    pair_group_steps,
    position_steps,
    shard_writer_steps,
)
from codemix.pipeline.executors import ExecutorStage, StageFailed, abort_stage, run_stages
from codemix.pipeline.inventory import read_inventory
from codemix.pipeline.manifest import build_manifest, dataset_card, describe_shard, describe_split_file, dumps
from codemix.pipeline.plan import BuildPlan, PlanError, make_plan
from codemix.pipeline.report import collect_stats, drop_report, nothing_survived_message
from codemix.pipeline.selection import select_output
from codemix.pipeline.workdir import PUBLISHED_DIRS, PUBLISHED_FILES, BuildPaths
from codemix.schemas.config import BuildConfig, SlurmExecutorConfig
from codemix.schemas.documents import PAIRS_EVAL_SCHEMA, shard_name
from codemix.schemas.order import OutputSelection
from codemix.stages.pair import EVAL_DIR
from codemix.stages.read import check_declared_columns


@dataclass
class BuildResult:
    output: Path | str  # a local folder or an fsspec URL
    plan: BuildPlan | None  # None when the build was submitted to Slurm and has not run yet
    stats: dict[str, Any]
    manifest: dict[str, Any] | None = None
    shards: list[Path | str] = field(default_factory=list)
    estimates: dict[str, Any] | None = None  # a sampled dry run's per-language estimates
    submitted_jobs: list[str] = field(default_factory=list)  # Slurm job ids, one job array per stage


# --- the stages --------------------------------------------------------------------------------------
def build_stages(
    config: BuildConfig, paths: BuildPaths, *, dry_run: bool = False, sample: float | None = None
) -> list[ExecutorStage]:
    """The executor stages of a build (or of a dry run, which ends with the plan)."""
    tasks = config.executor.tasks
    stages = [ExecutorStage("ingest", "read, classify, clean, count", ingest_steps(config, paths, sample=sample), tasks)]
    stages += [ExecutorStage(*stage) for stage in dedup_stage_steps(config, paths)]
    # A sample splits translation groups at random: pairing has nothing sound to estimate from it.
    pairs = config.pairing is not None and sample is None
    if pairs:
        stages.append(ExecutorStage("pair-bucket", "pair: bucket", pair_bucket_steps(config, paths), tasks))
        stages.append(ExecutorStage("pair-group", "pair: group", pair_group_steps(config, paths),
                                    min(tasks, config.pairing.num_buckets)))
    stages.append(ExecutorStage("index", "index", index_steps(config, paths, with_pairs=pairs), tasks))
    plan_step = functools.partial(plan_task, config=config, paths=paths, dry_run=dry_run, sample=sample)
    stages.append(ExecutorStage("plan", "plan", [plan_step], 1))
    if not dry_run:
        scatter, gather = shard_writer_steps(config, paths)
        stages.append(ExecutorStage("position", "order", position_steps(config, paths), tasks))
        stages.append(ExecutorStage("scatter", "shuffle: scatter", scatter, tasks))
        stages.append(ExecutorStage("gather", "shuffle: write shards", gather, tasks))
        finalize_step = functools.partial(finalize_task, config=config, paths=paths)
        stages.append(ExecutorStage("finalize", "manifest", [finalize_step], 1))
    return stages


#: The errors the plan stage stops a build with, by name (`plan_error.json` carries the name across processes).
_PLAN_ERRORS: dict[str, type[Exception]] = {"PlanError": PlanError, "EmptyCorpusError": EmptyCorpusError}


def _stop_plan(error: PlanError | EmptyCorpusError, paths: BuildPaths) -> BaseException:
    """What the plan stage raises to stop the build with `error`. The error is also written to `plan_error.json`:
    the driver reads it back when the task ran in another process (Ray, Slurm: there the task log has it too)."""
    write_text_atomic(paths.plan_error, dumps({"type": type(error).__name__, "message": str(error)}))
    return abort_stage(error)


def plan_task(data: Any, rank: int, world_size: int, *, config: BuildConfig, paths: BuildPaths, dry_run: bool,
              sample: float | None) -> None:
    """The plan stage's step: the inventory (summed index summaries), the plan, and for a build the selection.

    Writes `<work>/inventory.json` (what each component offers), the staged `plan.json`, and for a build
    `<work>/selection.json` (what each component takes, the shard count). When no document survived, stops
    with an `EmptyCorpusError` that says why (drop reasons by count, per input, damaged files)."""
    pairs = config.pairing is not None and sample is None
    components = components_of(config) if pairs else list(config.languages)
    inventory = read_inventory(paths.index, tasks=config.executor.tasks, components=components)
    write_text_atomic(paths.inventory, dumps(inventory.summary()))
    if not any(comp.docs for comp in inventory.components.values()):
        message = nothing_survived_message(config=config, drops=drop_report(paths))
        if sample is not None:
            message = (f"the {sample:.1%} sample holds no document to estimate from: sample more (--sample) or "
                       f"run the dry run without it. In the sample: {message}")
        raise _stop_plan(EmptyCorpusError(message), paths)
    estimates = None
    if sample is not None:
        from codemix.pipeline.estimate import estimate_languages
        from codemix.stages.sample import DEFAULT_REFERENCE_BYTES

        estimates = estimate_languages(work=paths.work, index_files=index_files(config, paths),
                                       languages=list(config.languages), fraction=sample,
                                       reference_bytes=DEFAULT_REFERENCE_BYTES)
    try:
        plan = make_plan(config, inventory, estimates=estimates)
    except PlanError as error:
        raise _stop_plan(error, paths) from None
    paths.plan_error.unlink(missing_ok=True)
    if sample is not None and config.dedup.near is not None:
        plan.notes.append("near duplicates were looked for within the sample only: a sampled document whose near "
                          "copy was not sampled counts as unique, so unique tokens may be overestimated")
    # unique tokens are counted after dedup: what it removed is listed beside them
    plan_doc: dict[str, Any] = {"config_hash": config.config_hash(), **plan.to_dict(),
                                "removed_by_dedup": inventory.removed}
    if dry_run:
        plan_doc = {"config_hash": config.config_hash(), "dry_run": True, **plan.to_dict(),
                    "removed_by_dedup": inventory.removed, "inputs": collect_stats(config=config, paths=paths)}
        if estimates is not None:
            plan_doc["sample"] = {"fraction": sample, "seed": config.seed, "confidence": 0.95, "estimates": estimates}
        write_text_atomic(paths.plan, dumps(plan_doc))
        return
    write_text_atomic(paths.plan, dumps(plan_doc))
    selection = select_output(plan=plan, inventory=inventory, index_files=index_files(config, paths),
                              seed=config.seed, max_shard_tokens=config.output.max_shard_tokens)
    write_text_atomic(paths.selection, selection.to_json())


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


def _dedup_record(config: BuildConfig, stats: dict[str, Any]) -> dict[str, Any]:
    """The dedup settings in effect and what they removed per reason and language, for the manifest and card."""
    return {
        "dedup": {
            "exact": config.clean.exact_dedup,
            "near": config.dedup.near.model_dump(mode="json") if config.dedup.near is not None else None,
            "decontaminate": [
                {"name": b.display_name(), "fields": list(b.fields), "ngram_tokens": b.ngram_tokens,
                 "min_fraction": b.min_fraction}
                for b in config.dedup.decontaminate
            ],
            "removed": stats.get("removed_by_dedup", {}),
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
    selection = OutputSelection.from_json(paths.selection.read_text())
    num_shards = selection.num_shards
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
        extra={**_pairing_record(config), **_dedup_record(config, stats)},
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
    staged folder already moved is recognised by the staged manifest listing its split. An output at an fsspec
    URL gets a copy of the staged output instead (`codemix.io.publish_remote`)."""
    if is_url(paths.output):
        publish_remote(paths.staged, str(paths.output), folders=PUBLISHED_DIRS, files=PUBLISHED_FILES)
        return
    out = Path(paths.output)
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
def _run(stages: list[ExecutorStage], *, config: BuildConfig, paths: BuildPaths, progress: bool) -> list:
    """Run the chain; a plan stage that stopped in another process (Ray) is reported as the error it raised."""
    try:
        return run_stages(stages, config=config, paths=paths, progress=progress)
    except (StageFailed, PlanError, EmptyCorpusError):
        if paths.plan_error.is_file():
            error = json.loads(paths.plan_error.read_text())
            raise _PLAN_ERRORS[error["type"]](error["message"]) from None
        raise


def check_build(config: BuildConfig, *, output: Path | str) -> None:
    """What must hold before any work: the output folder can be written (`OutputError`), an output at a URL has
    a work folder, and every column the config declares is in its input's schema (`InputError`)."""
    if is_url(output):
        if config.output.work_dir is None:
            raise UsageError(f"the output {output} is a URL: set output.work_dir to a folder every task can write")
        check_remote_output(str(output))
    else:
        check_output_folder(Path(output))
    for index, item in enumerate(config.inputs):
        check_declared_columns(item, index=index)


def dry_run(config: BuildConfig, *, output: Path | str, sample: float | None = None, progress: bool = True) -> BuildResult:
    """Read, classify, clean and count; plan; write `plan.json` and nothing else into `output`.

    With `sample` (a fraction), only a seeded sample of documents is classified and counted, and every
    per-language quantity of the plan is an estimate with a 95% interval (`plan.json` says which)."""
    if isinstance(config.executor, SlurmExecutorConfig):
        raise UsageError("a dry run waits for its plan, which a Slurm submission does not: dry-run with the "
                         "local or ray executor (the plan is the same)")
    check_build(config, output=output)
    scratch = Path(tempfile.mkdtemp(prefix="codemix-dry-run-"))
    try:
        paths = BuildPaths(output=scratch, config_hash=config.config_hash())
        _run(build_stages(config, paths, dry_run=True, sample=sample), config=config, paths=paths, progress=progress)
        plan_doc = json.loads(paths.plan.read_text())
        write_output_text(output, "plan.json", dumps(plan_doc))
        estimates = plan_doc.get("sample", {}).get("estimates")
        return BuildResult(output=output, plan=BuildPlan.from_dict(plan_doc), stats=plan_doc["inputs"],
                           estimates=estimates)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def build(config: BuildConfig, *, output: Path | str, progress: bool = True) -> BuildResult:
    if isinstance(config.executor, SlurmExecutorConfig) and shutil.which("sbatch") is None:
        raise UsageError("executor type slurm submits jobs with `sbatch`, which is not on PATH: run the build on a "
                         "Slurm login node, or use the local or ray executor")
    check_build(config, output=output)
    paths = BuildPaths(output=output, config_hash=config.config_hash(), work_root=config.output.work_dir)
    paths.work.mkdir(parents=True, exist_ok=True)
    if not paths.started.is_file():  # a resumed build keeps the start of its first attempt
        write_text_atomic(paths.started, datetime.now(timezone.utc).isoformat(timespec="seconds") + "\n")
    executors = _run(build_stages(config, paths), config=config, paths=paths, progress=progress)
    if isinstance(config.executor, SlurmExecutorConfig):  # submitted: the jobs run later, on the cluster
        return BuildResult(output=paths.output, plan=None, stats={},
                           submitted_jobs=[str(e.job_id) for e in executors if e.job_id not in (None, -1)])
    manifest = json.loads(read_output_text(output, "manifest.json"))
    stats = json.loads(read_output_text(output, "stats.json"))
    plan = BuildPlan.from_dict(json.loads(read_output_text(output, "plan.json")))
    files = [shard["file"] for shard in manifest["splits"]["train"]["shards"]]
    shards = [f"{str(output).rstrip('/')}/{f}" for f in files] if is_url(output) else [Path(output) / f for f in files]
    return BuildResult(output=output, plan=plan, stats=stats, manifest=manifest, shards=shards)
