"""Does a sampled dry run's 95% interval cover the exact count, on real code, over many seeds?

On the registry corpus (scripts/registry_code) written as JSONL (text + path per file):

1. The full pass: the dry-run stages with `sample=1.0` (every document read: the exact counts) through the
   pipeline API, keeping its work directory: every document's stratum, bytes and content hash, and the
   language and tokens of every document the build keeps. Run once and cached.
2. End to end: `codemix build CONFIG --dry-run --sample FRACTION` for each of `--seeds`, each estimate
   against the exact count.
3. Replay: the shipped design (`codemix.stages.sample`: inclusion probability, seeded membership) redrawn
   for `--replay-seeds` seeds over the full pass's documents, estimated by the shipped estimator
   (`codemix.pipeline.estimate.estimate_totals`): what the end-to-end run would give for each seed, without
   re-reading, re-classifying or re-counting. The seeds of step 2 are replayed too and must give the same
   estimates (checked), so the replay is the sampled dry run. Coverage per language = the share of seeds
   whose interval holds the exact count.

Prints Markdown for benchmarks/RESULTS.md.

    python benchmarks/bench_sampled_dry_run.py --index /work/cache/registry-code/index.jsonl \
        --work /work/cache/bench-dry-run --fraction 0.05 --seeds 0,1,2,3 --replay-seeds 200
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from codemix.pipeline.assembly import index_files  # noqa: E402
from codemix.pipeline.build import build_stages  # noqa: E402
from codemix.pipeline.estimate import estimate_totals, read_sample, sample_rows  # noqa: E402
from codemix.pipeline.executors import run_stages  # noqa: E402
from codemix.pipeline.inventory import read_inventory  # noqa: E402
from codemix.pipeline.workdir import BuildPaths  # noqa: E402
from codemix.schemas.config import load_config  # noqa: E402
from codemix.stages.sample import DEFAULT_REFERENCE_BYTES, in_sample, inclusion_probability  # noqa: E402


def make_corpus(index: Path, out: Path, *, files_per_shard: int) -> tuple[int, int]:
    """Write every indexed file as one JSONL row; returns (files, bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    if (out / "DONE").is_file():
        return tuple(json.loads((out / "DONE").read_text()))
    records = [orjson.loads(line) for line in open(index, "rb")]
    records.sort(key=lambda r: r["path"])
    total_files = total_bytes = 0
    shard = None
    for i, record in enumerate(records):
        if i % files_per_shard == 0:
            if shard:
                shard.close()
            shard = gzip.open(out / f"corpus-{i // files_per_shard:04d}.jsonl.gz", "wb", compresslevel=1)
        data = Path(record["path"]).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        shard.write(orjson.dumps({"content": text, "path": record["path"].split("/src/", 1)[-1]}) + b"\n")
        total_files += 1
        total_bytes += len(data)
    if shard:
        shard.close()
    (out / "DONE").write_text(json.dumps([total_files, total_bytes]))
    return total_files, total_bytes


def write_config(work: Path, *, seed: int, tasks: int, workers: int, base: Path | None = None) -> Path:
    """The dry-run config of one seed: over the registry corpus, or over `base`'s inputs (another corpus)."""
    config = work / f"dry-run-seed{seed}.yaml"
    if base is None:
        raw = {"inputs": [{"type": "jsonl", "path": "corpus/corpus-*.jsonl.gz", "text_key": "content",
                           "path_key": "path", "name": "registry"}]}
    else:  # validated, so its relative paths are resolved against its own folder
        raw = {"inputs": load_config(base).model_dump(mode="json")["inputs"]}
    raw.update(output={"path": f"plan-seed{seed}"}, executor={"type": "local", "tasks": tasks, "workers": workers},
               seed=seed)
    config.write_text(yaml.safe_dump(raw))
    return config


def full_pass(config_path: Path, work: Path) -> tuple[pa.Table, dict, dict[str, int], float]:
    """Every document read (sample=1.0): the per-document table, the population per stratum, the exact tokens
    per language, and the pass's seconds (cached)."""
    config = load_config(config_path)
    paths = BuildPaths(output=work / "full", config_hash=config.config_hash())
    timing = work / "full-seconds.json"
    if not timing.is_file():
        started = time.time()
        run_stages(build_stages(config, paths, dry_run=True, sample=1.0), config=config, paths=paths)
        timing.write_text(json.dumps(time.time() - started))
    languages = list(config.languages)
    inventory = read_inventory(paths.index, tasks=config.executor.tasks, components=languages)
    table = sample_rows(paths.work, index_files(config, paths), languages)
    _, population = read_sample(paths.work)
    exact = {name: inventory.components[name].unique_tokens for name in languages}
    return table, population, exact, json.loads(timing.read_text())


def replay(table: pa.Table, population: dict, *, seed: int, fraction: float, languages: list[str]) -> dict:
    """The estimates a sampled dry run with this seed gives, from the full pass's documents."""
    sizes = table.column("bytes").to_numpy()
    probability = np.array([inclusion_probability(int(b), fraction=fraction, reference_bytes=DEFAULT_REFERENCE_BYTES)
                            for b in sizes])
    ids = table.column("id").to_pylist()
    chosen = np.fromiter((in_sample(i, probability=p, seed=seed) for i, p in zip(ids, probability)), dtype=bool,
                         count=len(ids))
    sample = table.filter(pa.array(chosen)).set_column(
        table.schema.get_field_index("probability"), "probability", pa.array(probability[chosen]))
    return estimate_totals(sample, population, languages=languages, fraction=fraction,
                           reference_bytes=DEFAULT_REFERENCE_BYTES)


def end_to_end(config: Path, fraction: float) -> tuple[dict, float]:
    started = time.time()
    subprocess.run([sys.executable, "-m", "codemix.cli", "build", str(config), "--dry-run", "--quiet",
                    "--sample", str(fraction)], check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    seconds = time.time() - started
    raw = yaml.safe_load(config.read_text())
    plan = json.loads((config.parent / raw["output"]["path"] / "plan.json").read_text())
    return plan["sample"]["estimates"], seconds


def covers(estimate: dict, truth: int) -> bool:
    return estimate["low"] <= truth <= estimate["high"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="the registry corpus index (scripts/registry_code)")
    parser.add_argument("--config", type=Path, help="instead of the registry corpus: the inputs of this build config")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--fraction", type=float, default=0.05)
    parser.add_argument("--tasks", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", default="0,1,2,3", help="seeds run end to end (comma-separated; '' for none)")
    parser.add_argument("--replay-seeds", type=int, default=200)
    args = parser.parse_args()

    if (args.index is None) == (args.config is None):
        parser.error("give --index (the registry corpus) or --config (another corpus)")
    if args.index is not None:
        files, size = make_corpus(args.index, args.work / "corpus", files_per_shard=20_000)
        corpus = f"registry corpus, {files:,} files, {size / 1e9:.2f} GB"
    else:
        corpus = f"the inputs of {args.config}"
    configs = {seed: write_config(args.work, seed=seed, tasks=args.tasks, workers=args.workers, base=args.config)
               for seed in {0, *(int(s) for s in args.seeds.split(",") if s.strip())}}
    table, population, exact, full_seconds = full_pass(configs[0], args.work)
    languages = sorted(exact)
    load = os.getloadavg()[0]
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load {load:.1f}; {corpus}: "
          f"{table.num_rows:,} documents after reading, {sum(b for _, b in population.values()) / 1e9:.3f} GB; full "
          f"pass (every document read) {full_seconds:.0f} s; sample fraction {args.fraction}\n")

    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    if seeds:
        print("End to end (`codemix build --dry-run --sample`), estimate and 95% interval against the exact count:\n")
        print("| seed | language | exact tokens | estimate | error | 95% interval | covers |")
        print("| ---: | --- | ---: | ---: | ---: | --- | --- |")
    for seed in seeds:
        estimates, seconds = end_to_end(configs[seed], args.fraction)
        replayed = replay(table, population, seed=seed, fraction=args.fraction, languages=languages)
        for name in languages:
            est, again = estimates[name]["tokens"], replayed[name]["tokens"]
            if est["value"] is None or again["value"] is None:
                assert est["value"] is again["value"] and math.isclose(est["high"], again["high"], rel_tol=1e-9)
            else:
                assert all(math.isclose(est[k], again[k], rel_tol=1e-9) for k in ("value", "low", "high")), \
                    (seed, name, est, again)  # the replay is the sampled dry run
            truth = exact[name]
            value = "unknown" if est["value"] is None else f"{est['value']:,.0f}"
            error = "" if est["value"] is None else f"{(est['value'] - truth) / truth:+.2%}"
            print(f"| {seed} | {name} | {truth:,} | {value} | {error} | [{est['low']:,.0f}, {est['high']:,.0f}] "
                  f"| {'yes' if covers(est, truth) else 'NO'} |")
        print(f"| {seed} | (run) | | {seconds:.0f} s | | | replay identical |")

    covered = dict.fromkeys(languages, 0)
    errors: dict[str, list[float]] = {name: [] for name in languages}
    for seed in range(args.replay_seeds):
        estimates = replay(table, population, seed=seed, fraction=args.fraction, languages=languages)
        for name in languages:
            est = estimates[name]["tokens"]
            covered[name] += covers(est, exact[name])
            if est["value"] is not None:
                errors[name].append(abs(est["value"] / exact[name] - 1))
    print(f"\nReplay over seeds 0-{args.replay_seeds - 1} (the shipped design and estimator on the full pass's "
          "documents):\n")
    print("| language | exact tokens | coverage of the 95% interval | median error | 95th percentile error |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in languages:
        errs = np.array(errors[name]) if errors[name] else np.array([np.nan])
        print(f"| {name} | {exact[name]:,} | {covered[name] / args.replay_seeds:.3f} | {np.median(errs):.2%} "
              f"| {np.percentile(errs, 95):.2%} |")
    pooled = sum(covered.values()) / (args.replay_seeds * len(languages))
    print(f"\npooled coverage {pooled:.3f} over {args.replay_seeds * len(languages)} intervals")


if __name__ == "__main__":
    main()
