#!/usr/bin/env python
"""Token-counting benchmarks (issue 4), on real registry code.

(a) `throughput`: the CountTokens stage against the tokenizers library's own `encode_batch` (and
    `encode_batch_fast`) on the same documents, side by side, runs interleaved and repeated; MB/s of
    UTF-8 text. Floor: the stage >= 80% of `encode_batch`.
(b) `exact`: every target-language file of the registry corpus index (>= 1 GB of real code) read and
    counted with the fast path: per-language files, bytes, tokens and the time of the pass. The per-file
    counts are cached (keyed by the tokenizer's vocab hash) for (c). How well a sampled dry run estimates
    such totals is measured end to end by `benchmarks/bench_sampled_dry_run.py` (the shipped estimator).

    /work/venv/bin/python benchmarks/bench_tokens.py throughput --index /work/cache/registry-code/index.jsonl
    /work/venv/bin/python benchmarks/bench_tokens.py exact --index /work/cache/registry-code/index.jsonl
    /work/venv/bin/python benchmarks/bench_tokens.py equivalence --index /work/cache/registry-code/index.jsonl

(c) `equivalence`: every file of (b) counted again by tokenizers alone, compared with the fast-path
    counts of (b) file by file.

Prints a JSON result and a Markdown block for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import xxhash  # noqa: E402

from codemix import TARGET_LANGUAGES  # noqa: E402
from codemix.tokens import load_tokenizer  # noqa: E402


def seeded_order_key(seed: int, key: str) -> int:
    """A file's place in a seeded order: the seeded 64-bit xxh3 hash of its path."""
    return xxhash.xxh3_64_intdigest(key.encode("utf-8"), seed=seed)


def read_index(index: Path) -> list[dict]:
    rows = []
    with index.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["language"] in TARGET_LANGUAGES:
                rows.append(row)
    rows.sort(key=lambda r: r["path"])
    return rows


def read_text(path: str) -> str | None:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def machine() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
            f"load average at start {load[0]:.1f} (other jobs share the cores)")


# --- (a) throughput -------------------------------------------------------------------------------
def throughput(args: argparse.Namespace) -> dict:
    from datatrove.data import Document
    from tokenizers import Tokenizer

    from codemix.stages.count_tokens import CountTokens
    from codemix.tokens import default_tokenizer_path

    rows = read_index(args.index)
    # a fixed, seeded mix of every language up to the byte budget
    per_language_budget = args.megabytes * 1_000_000 // len(TARGET_LANGUAGES)
    documents = []
    for language in TARGET_LANGUAGES:
        candidates = [r for r in rows if r["language"] == language]
        used = 0
        for row in sorted(candidates, key=lambda r: seeded_order_key(args.seed, r["path"])):
            if used >= per_language_budget:
                break
            text = read_text(row["path"])
            if text is None:
                continue
            documents.append(Document(text=text, id=row["path"], metadata={"language": language}))
            used += len(text.encode("utf-8"))
    texts = [d.text for d in documents]
    total_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    hf = Tokenizer.from_file(str(default_tokenizer_path()))

    def run_encode_batch() -> list[int]:
        return [len(e.ids) for e in hf.encode_batch(texts, add_special_tokens=False)]

    def run_encode_batch_fast() -> list[int]:
        return [len(e.ids) for e in hf.encode_batch_fast(texts, add_special_tokens=False)]

    def run_encode_one_thread() -> list[int]:
        return [len(hf.encode(t, add_special_tokens=False).ids) for t in texts]

    def stage_runner(threads: int):
        def run() -> list[int]:
            stage = CountTokens(tokenizer="default", add_eos_token=False, threads=threads)  # fresh: verifies again
            return [d.metadata["token_count"] for d in stage.run(iter(documents))]
        return run

    contenders = {
        "tokenizers encode_batch (Rayon, all cores)": run_encode_batch,
        "tokenizers encode_batch_fast (Rayon, all cores)": run_encode_batch_fast,
        "tokenizers encode per text (1 thread)": run_encode_one_thread,
        "CountTokens threads=1": stage_runner(1),
        "CountTokens threads=2": stage_runner(2),
    }
    times: dict[str, list[float]] = defaultdict(list)
    reference = None
    for _ in range(args.repeats):
        for name, run in contenders.items():  # interleaved, so load changes hit every contender alike
            started = time.perf_counter()
            counts = run()
            times[name].append(time.perf_counter() - started)
            if reference is None:
                reference = counts
            elif counts != reference:
                raise SystemExit(f"{name} counted differently from encode_batch")
    result = {
        "documents": len(texts),
        "megabytes": round(total_mb, 1),
        "tokens": sum(reference),
        "repeats": args.repeats,
        "machine": machine(),
        "megabytes_per_second_median": {name: round(total_mb / statistics.median(t), 2) for name, t in times.items()},
        "seconds": {name: [round(x, 2) for x in t] for name, t in times.items()},
    }
    base = result["megabytes_per_second_median"]["tokenizers encode_batch (Rayon, all cores)"]
    result["ratio_to_encode_batch"] = {name: round(v / base, 2) for name, v in result["megabytes_per_second_median"].items()}
    return result


# --- (b) the exact pass on >= 1 GB ------------------------------------------------------------------
def exact_counts(rows: list[dict], tokenizer, cache: Path, threads: int):
    """path -> (bytes, tokens) for every decodable file; cached per tokenizer hash."""
    cache_file = cache / f"exact-{tokenizer.vocab_sha256[:16]}.jsonl"
    known: dict[str, tuple[int, int]] = {}
    if cache_file.is_file():
        for line in cache_file.open(encoding="utf-8"):
            record = json.loads(line)
            known[record["path"]] = (record["bytes"], record["tokens"])
    todo = [r for r in rows if r["path"] not in known]
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with cache_file.open("a", encoding="utf-8") as out:
        batch_rows, batch_texts, batch_chars = [], [], 0
        def flush():
            counts = tokenizer.count(batch_texts, threads=threads)
            for row, text, n in zip(batch_rows, batch_texts, counts):
                size = len(text.encode("utf-8"))
                known[row["path"]] = (size, n)
                out.write(json.dumps({"path": row["path"], "bytes": size, "tokens": n}) + "\n")
        for row in todo:
            text = read_text(row["path"])
            if text is None:
                known[row["path"]] = (-1, -1)  # undecodable: outside the population
                out.write(json.dumps({"path": row["path"], "bytes": -1, "tokens": -1}) + "\n")
                continue
            batch_rows.append(row); batch_texts.append(text); batch_chars += len(text)
            if batch_chars >= 8_000_000:
                flush(); batch_rows, batch_texts, batch_chars = [], [], 0
        if batch_rows:
            flush()
    # the exact pass may be split over runs: accumulate its measured time next to the cache
    timing = cache_file.with_suffix(".seconds.json")
    spent = json.loads(timing.read_text()) if timing.is_file() else {"seconds": 0.0, "files": 0}
    spent = {"seconds": spent["seconds"] + time.perf_counter() - started, "files": spent["files"] + len(todo)}
    timing.write_text(json.dumps(spent))
    return known, spent


def exact(args: argparse.Namespace) -> dict:
    """Every file of the seven languages read and counted with the default tokenizer (fast path), cached."""
    rows = read_index(args.index)
    tokenizer = load_tokenizer("default")
    started = time.perf_counter()
    known, exact_spent = exact_counts(rows, tokenizer, args.cache, args.threads)
    population = [r for r in rows if known[r["path"]][0] >= 0]
    per_language = {}
    for lang in TARGET_LANGUAGES:
        members = [known[r["path"]] for r in population if r["language"] == lang]
        per_language[lang] = {"files": len(members), "megabytes": round(sum(b for b, _ in members) / 1e6, 1),
                              "tokens": sum(t for _, t in members)}
    return {
        "population_files": len(population),
        "population_gigabytes": round(sum(v["megabytes"] for v in per_language.values()) / 1e3, 3),
        "undecodable_files_excluded": len(rows) - len(population),
        "tokenizer": tokenizer.name,
        "tokens_total": sum(v["tokens"] for v in per_language.values()),
        "per_language": per_language,
        "exact_count_seconds_this_run": round(time.perf_counter() - started, 1),
        "exact_count_seconds_measured": round(exact_spent["seconds"], 1),
        "exact_count_note": "time to read and count every file (summed over runs when the cached pass was split)",
        "machine": machine(),
    }


# --- (c) the fast path against tokenizers on every file ------------------------------------------------
def equivalence(args: argparse.Namespace) -> dict:
    """Count every file again with tokenizers only (no fast path) and compare with the cached exact pass."""
    rows = read_index(args.index)
    tokenizer = load_tokenizer("default", fast_path=False)
    cache_file = args.cache / f"exact-{tokenizer.vocab_sha256[:16]}.jsonl"
    if not cache_file.is_file():
        raise SystemExit(f"{cache_file}: run `exact` first (it writes the fast-path counts)")
    fast_counts = {}
    for line in cache_file.open(encoding="utf-8"):
        record = json.loads(line)
        fast_counts[record["path"]] = record["tokens"]
    started = time.perf_counter()
    files = differing = compared_bytes = 0
    first_difference = None
    batch_rows, batch_texts, batch_chars = [], [], 0

    def flush():
        nonlocal files, differing, first_difference
        for row, n in zip(batch_rows, tokenizer.count(batch_texts, threads=args.threads)):
            files += 1
            if n != fast_counts[row["path"]]:
                differing += 1
                first_difference = first_difference or {"path": row["path"], "tokenizers": n, "fast": fast_counts[row["path"]]}

    for row in rows:
        text = read_text(row["path"])
        if text is None:
            continue
        compared_bytes += len(text.encode("utf-8"))
        batch_rows.append(row); batch_texts.append(text); batch_chars += len(text)
        if batch_chars >= 8_000_000:
            flush(); batch_rows, batch_texts, batch_chars = [], [], 0
    if batch_rows:
        flush()
    return {
        "files_compared": files,
        "gigabytes_compared": round(compared_bytes / 1e9, 3),
        "files_differing": differing,
        "first_difference": first_difference,
        "tokenizers_only_seconds": round(time.perf_counter() - started, 1),
        "threads": args.threads,
        "machine": machine(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("throughput")
    a.add_argument("--index", type=Path, required=True)
    a.add_argument("--megabytes", type=int, default=20)
    a.add_argument("--repeats", type=int, default=3)
    a.add_argument("--seed", type=int, default=0)
    b = sub.add_parser("exact")
    b.add_argument("--index", type=Path, required=True)
    b.add_argument("--threads", type=int, default=2)
    b.add_argument("--cache", type=Path, default=Path("/work/cache/tokens/bench"))
    c = sub.add_parser("equivalence")
    c.add_argument("--index", type=Path, required=True)
    c.add_argument("--threads", type=int, default=2)
    c.add_argument("--cache", type=Path, default=Path("/work/cache/tokens/bench"))
    args = parser.parse_args(argv)
    for name in ("index",):
        if not getattr(args, name).is_file():
            parser.error(f"--{name} {getattr(args, name)}: no such file")
    result = {"throughput": throughput, "exact": exact, "equivalence": equivalence}[args.command](args)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
