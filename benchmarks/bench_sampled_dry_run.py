"""A sampled dry run against an exact one, through `codemix build --dry-run [--sample F]`, on real code.

Builds a JSONL corpus (text + path per file) from the registry-code index (scripts/registry_code), then
runs the exact dry run and a seeded sampled dry run of the same config and compares, per language, the
estimated unique tokens (with their 95% intervals) with the exact counts. Prints a Markdown table for
benchmarks/RESULTS.md.

    python benchmarks/bench_sampled_dry_run.py --index /work/cache/registry-code/index.jsonl \
        --work /work/cache/bench-dry-run --fraction 0.05
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import orjson
import yaml


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


def run(config: Path, *extra: str) -> tuple[dict, float]:
    start = time.time()
    subprocess.run([sys.executable, "-m", "codemix.cli", "build", str(config), "--dry-run", *extra], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.time() - start
    raw = yaml.safe_load(config.read_text())
    return json.loads((config.parent / raw["output"]["path"] / "plan.json").read_text()), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--fraction", type=float, default=0.05)
    parser.add_argument("--tasks", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    files, size = make_corpus(args.index, args.work / "corpus", files_per_shard=20_000)
    config = args.work / "dry-run.yaml"
    config.write_text(yaml.safe_dump({
        "inputs": [{"type": "jsonl", "path": "corpus/corpus-*.jsonl.gz", "text_key": "content", "path_key": "path",
                    "name": "registry"}],
        "output": {"path": "plan"},
        "executor": {"type": "local", "tasks": args.tasks, "workers": args.workers},
        "seed": args.seed,
    }))
    # The exact pass does not depend on the sample design: keep it across runs of this script.
    cached = args.work / "exact-plan.json"
    if cached.is_file():
        exact, exact_seconds = json.loads(cached.read_text()), json.loads((args.work / "exact-seconds").read_text())
    else:
        exact, exact_seconds = run(config)
        cached.write_text(json.dumps(exact))
        (args.work / "exact-seconds").write_text(json.dumps(exact_seconds))
    sampled, sampled_seconds = run(config, "--sample", str(args.fraction))
    # Expected share of the bytes the sample classifies and counts (inclusion grows with file size).
    from codemix.stages.sample import DEFAULT_REFERENCE_BYTES, inclusion_probability

    sizes = [orjson.loads(line)["bytes"] for line in open(args.index, "rb")]
    read = sum(b * inclusion_probability(b, fraction=args.fraction, reference_bytes=DEFAULT_REFERENCE_BYTES) for b in sizes)
    read_share = read / sum(sizes)
    estimates = sampled["sample"]["estimates"]
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; corpus {files:,} files, "
          f"{size / 1e9:.2f} GB; exact dry run {exact_seconds:.0f} s, {args.fraction:.0%} sample {sampled_seconds:.0f} s "
          f"(classifies and counts about {read_share:.1%} of the bytes: inclusion grows with file size)\n")
    print("| language | exact tokens | estimate | error | 95% interval | covers |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    worst = 0.0
    for name, comp in sorted(exact["components"].items()):
        truth = comp["unique_tokens"]
        est = estimates[name]["tokens"]
        error = (est["value"] - truth) / truth if truth else 0.0
        worst = max(worst, abs(error))
        covers = est["low"] <= truth <= est["high"]
        print(f"| {name} | {truth:,} | {est['value']:,.0f} | {error:+.2%} | [{est['low']:,.0f}, {est['high']:,.0f}] "
              f"| {'yes' if covers else 'NO'} |")
    print(f"\nworst relative error {worst:.2%}")


if __name__ == "__main__":
    main()
