#!/usr/bin/env python
"""codemix.stream benchmarks (issue 15), on real code written as shards in the build's format.

(a) `read`: documents/s of `CodeMixStream` (shuffled, the default window of 8 row groups; and unshuffled)
    against a raw pyarrow scan of the same shards (`ParquetFile.iter_batches` per file, rows as dicts),
    side by side, interleaved, median of `--repeats`. Floor: the stream >= 80% of the raw scan.
(b) `pack`: tokens/s of `stream.pack(2048)` against the tokenizer's own `encode` over the same documents
    (`CodeTokenizer.encode`, the call packing makes), interleaved, median of `--repeats`. Floor: >= 80%.
(c) `memory`: peak RSS of a fresh process streaming one epoch of documents, and one of packed blocks, from
    the same documents and row groups cut into 10 and into 1,000 shards. Floor: flat.

The documents are real code: a seeded sample of the target-language files of the registry corpus index
(`--index`, as in bench_tokens.py), else this Python's standard library. They are counted with the default
tokenizer and written with the test suite's writer of build outputs (tests/stream_support.py: `SHARD_SCHEMA`,
the writer's features metadata, the pipeline's `describe_shard` for the manifest).

    python benchmarks/bench_stream.py --index /work/cache/registry-code/index.jsonl --docs-mb 40

Prints a Markdown block for benchmarks/RESULTS.md and writes the numbers as JSON (`--json`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

import pyarrow.parquet as pq  # noqa: E402

from codemix import TARGET_LANGUAGES  # noqa: E402
from codemix.stream import CodeMixStream  # noqa: E402
from stream_support import tokenizer, write_build  # noqa: E402

SEQ_LEN = 2048


def sample_documents(index: Path | None, docs_mb: float, seed: int) -> list[dict]:
    """Real code files, seeded order, until `docs_mb` MB of text: (id, text, language, tokens)."""
    if index is not None and index.is_file():
        rows = [json.loads(line) for line in index.open(encoding="utf-8")]
        files = sorted((r["path"], r["language"]) for r in rows if r["language"] in TARGET_LANGUAGES and r.get("split", "train") == "train")
    else:
        stdlib = Path(sysconfig.get_paths()["stdlib"])
        files = sorted((str(p), "python") for p in stdlib.rglob("*.py"))
    random.Random(seed).shuffle(files)
    docs, total = [], 0
    for path, language in files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not text.strip() or len(text) > 1_000_000:
            continue
        docs.append({"id": path, "text": text, "language": language})
        total += len(text.encode())
        if total >= docs_mb * 1e6:
            break
    counts = tokenizer().count([d["text"] for d in docs])
    return [{**d, "tokens": n + 1} for d, n in zip(docs, counts)]


def raw_scan(root: Path) -> int:
    """The reference: every shard in order, every row group a batch, every row a dict."""
    count = 0
    for path in sorted((root / "data").glob("*.parquet")):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1 << 30, use_threads=False):
            for _row in batch.to_pylist():
                count += 1
    return count


def stream_scan(root: Path, *, shuffle: bool) -> int:
    count = 0
    for _row in CodeMixStream(str(root), shuffle=shuffle):
        count += 1
    return count


def timed(function, *args, **kwargs) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, result): CPU time is the comparable number on a busy machine."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu, result


def encode_all(texts: list[str]) -> int:
    encode = tokenizer().encode
    eos = 1
    return sum(len(encode(text)) + eos for text in texts)


def pack_all(root: Path) -> int:
    return sum(len(block["input_ids"]) for block in CodeMixStream(str(root)).pack(SEQ_LEN))


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: Linux carries that over from the forking parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_rss(root: str, mode: str) -> None:
    """Run in a fresh process: stream one epoch, print peak RSS (MB) before and after, and the items."""
    if mode == "raw":
        before = peak_rss_mb()
        count = raw_scan(Path(root))
        print(json.dumps({"peak_rss_mb": peak_rss_mb(), "before_mb": before, "items": count}))
        return
    stream = CodeMixStream(root)
    items = stream.pack(SEQ_LEN) if mode == "blocks" else stream
    before = peak_rss_mb()
    count = sum(1 for _ in items)
    print(json.dumps({"peak_rss_mb": peak_rss_mb(), "before_mb": before, "items": count}))


def measure_rss(root: Path, mode: str) -> dict:
    output = subprocess.run([sys.executable, __file__, "--child-rss", str(root), mode], capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--docs-mb", type=float, default=40)
    parser.add_argument("--pack-mb", type=float, default=8, help="text MB of the packing comparison (packing tokenises)")
    parser.add_argument("--row-group-rows", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--child-rss", nargs=2, metavar=("ROOT", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_rss:
        child_rss(*args.child_rss)
        return

    started = time.perf_counter()
    docs = sample_documents(args.index, args.docs_mb, args.seed)
    text_mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    print(f"{len(docs)} documents, {text_mb:.1f} MB, {sum(d['tokens'] for d in docs):,} tokens "
          f"({time.perf_counter() - started:.0f} s to read and count)", file=sys.stderr)
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average_at_start": os.getloadavg()},
        "documents": len(docs), "text_mb": round(text_mb, 1), "row_group_rows": args.row_group_rows,
    }
    with tempfile.TemporaryDirectory(prefix="bench-stream-") as tmp:
        tmp = Path(tmp)
        # (a) read: 100 shards
        per_shard = -(-len(docs) // 100)
        root = write_build(tmp / "read", docs, docs_per_shard=per_shard, row_group_rows=args.row_group_rows)
        runs: dict[str, list[tuple[float, float]]] = {"raw pyarrow scan": [], "CodeMixStream shuffle=True": [], "CodeMixStream shuffle=False": []}
        for _ in range(args.repeats):
            for name, function in (("raw pyarrow scan", lambda: raw_scan(root)),
                                   ("CodeMixStream shuffle=True", lambda: stream_scan(root, shuffle=True)),
                                   ("CodeMixStream shuffle=False", lambda: stream_scan(root, shuffle=False))):
                wall, cpu, count = timed(function)
                assert count == len(docs), (name, count)
                runs[name].append((wall, cpu))
        read = {}
        for name, pairs in runs.items():
            wall, cpu = statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs)
            read[name] = {"seconds": wall, "cpu_seconds": cpu, "docs_per_s": len(docs) / wall, "docs_per_cpu_s": len(docs) / cpu}
        for name in read:
            read[name]["vs_raw"] = read[name]["docs_per_s"] / read["raw pyarrow scan"]["docs_per_s"]
            read[name]["vs_raw_cpu"] = read[name]["docs_per_cpu_s"] / read["raw pyarrow scan"]["docs_per_cpu_s"]
        results["read"] = read

        # (b) pack vs the tokenizer's encode, on the first --pack-mb MB of the documents
        subset, size = [], 0
        for doc in docs:
            subset.append(doc)
            size += len(doc["text"].encode())
            if size >= args.pack_mb * 1e6:
                break
        pack_root = write_build(tmp / "pack", subset, docs_per_shard=-(-len(subset) // 20), row_group_rows=args.row_group_rows)
        texts = [d["text"] for d in subset]
        encode_runs, pack_runs = [], []
        for _ in range(args.repeats):
            wall, cpu, encoded = timed(encode_all, texts)
            encode_runs.append((wall, cpu))
            wall, cpu, packed = timed(pack_all, pack_root)
            pack_runs.append((wall, cpu))
        encode_tps = encoded / statistics.median(w for w, _ in encode_runs)
        pack_tps = packed / statistics.median(w for w, _ in pack_runs)
        encode_cpu = encoded / statistics.median(c for _, c in encode_runs)
        pack_cpu = packed / statistics.median(c for _, c in pack_runs)
        results["pack"] = {"text_mb": round(size / 1e6, 1), "tokens_encoded": encoded, "tokens_packed": packed,
                           "encode_tokens_per_s": encode_tps, "pack_tokens_per_s": pack_tps, "vs_encode": pack_tps / encode_tps,
                           "encode_tokens_per_cpu_s": encode_cpu, "pack_tokens_per_cpu_s": pack_cpu, "vs_encode_cpu": pack_cpu / encode_cpu}

        # (c) peak RSS: the same documents and row groups in 10 and in 1,000 shards
        memory = {}
        # a multiple of 1,000 documents, so both cuts have exactly their shard count and the same row groups
        memory_docs = docs[: len(docs) // 1000 * 1000]
        rows_per_group = len(memory_docs) // 1000
        for shards in (10, 1000):
            shard_root = write_build(tmp / f"rss{shards}", memory_docs, docs_per_shard=len(memory_docs) // shards,
                                     row_group_rows=rows_per_group)
            written = len(list((shard_root / "data").glob("*.parquet")))
            memory[shards] = {"shards": written, "raw": measure_rss(shard_root, "raw"),
                              "documents": measure_rss(shard_root, "documents"), "blocks": measure_rss(shard_root, "blocks")}
        results["memory"] = {"documents": len(memory_docs), "row_group_rows": rows_per_group, **{str(k): v for k, v in memory.items()}}
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - started

    print(f"\nMachine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {results['machine']['load_average_at_start'][0]:.1f} at start, "
          f"{results['machine']['load_average_at_end'][0]:.1f} at end.\n")
    print(f"Read: {len(docs)} documents ({text_mb:.1f} MB) in 100 shards, row groups of {args.row_group_rows}, all columns, "
          f"median of {args.repeats}.\n")
    print("| reader | seconds | documents/s | vs raw scan | CPU seconds | documents per CPU second | vs raw scan (CPU) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, row in read.items():
        print(f"| {name} | {row['seconds']:.2f} | {row['docs_per_s']:,.0f} | {row['vs_raw']:.0%} | {row['cpu_seconds']:.2f} "
              f"| {row['docs_per_cpu_s']:,.0f} | {row['vs_raw_cpu']:.0%} |")
    pack = results["pack"]
    print(f"\nPacking ({pack['text_mb']} MB, seq_len {SEQ_LEN}, EOS after each document), median of {args.repeats}:\n")
    print("| | tokens/s | vs encode | tokens per CPU second | vs encode (CPU) |\n| --- | ---: | ---: | ---: | ---: |")
    print(f"| tokenizer `encode` | {pack['encode_tokens_per_s']:,.0f} | 100% | {pack['encode_tokens_per_cpu_s']:,.0f} | 100% |")
    print(f"| `stream.pack({SEQ_LEN})` | {pack['pack_tokens_per_s']:,.0f} | {pack['vs_encode']:.0%} "
          f"| {pack['pack_tokens_per_cpu_s']:,.0f} | {pack['vs_encode_cpu']:.0%} |")
    print("\n| shards | row groups of | peak RSS after imports (MB) | raw pyarrow scan (MB) | one epoch of documents (MB) "
          "| one epoch of blocks (MB) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for shards in (10, 1000):
        row = memory[shards]
        print(f"| {row['shards']} | {rows_per_group} | {row['documents']['before_mb']:.0f} | {row['raw']['peak_rss_mb']:.0f} "
              f"| {row['documents']['peak_rss_mb']:.0f} | {row['blocks']['peak_rss_mb']:.0f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
