"""Throughput and memory of the front of the build: directory reader + DecodeText + clean filters, and DocsWriter.

Usage: python benchmarks/bench_ingest.py [DIRECTORY ...] [--docs-mb 300]

Part 1 reads each DIRECTORY (real code already on the machine, e.g. the Python standard library or a
virtualenv's site-packages) through `DirectoryReader` and `cleaning_steps`, in one process and one task,
and reports files, MB and MB/s per step (datatrove's own step timers), the drops by reason, and peak RSS.
Part 2 pushes `--docs-mb` of synthetic documents through `DocsWriter` (spill to Arrow IPC, sort by id,
Parquet with zstd) and reports MB/s and the peak anonymous memory (RssAnon, sampled every 5 ms): the
memory-mapped spill file is file-backed, so it is paged by the kernel rather than held by the process.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from datatrove.data import Document

from codemix.schemas.config import CleanConfig, DirectoryInput
from codemix.pipeline.assembly import cleaning_steps
from codemix.stages.read import reader_for_input
from codemix.stages.rejects import read_rejects
from codemix.stages.write_docs import DocsWriter, docs_path


def _rss_anon_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    return 0


class PeakAnon:
    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, _rss_anon_kib())
            time.sleep(0.005)

    def __enter__(self) -> "PeakAnon":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def bench_directory(root: Path) -> str:
    with tempfile.TemporaryDirectory() as work:
        steps = [
            reader_for_input(
                DirectoryInput(type="directory", path=root), index=0, rejects_dir=work, clean=CleanConfig()
            ),
            *cleaning_steps(CleanConfig(), rejects_dir=work),
        ]
        start = time.perf_counter()
        cpu_start = time.process_time()
        data = None
        for step in steps:
            data = step.run(data, 0, 1)
        kept = 0
        kept_bytes = 0
        for document in data:
            kept += 1
            kept_bytes += document.metadata["bytes"]
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        reader = steps[0]
        files = reader.stats["documents"].total + reader.stats["dropped_too_large"].total
        input_mb = reader.stats["input_bytes"].total / 1e6
        reasons = Counter(r["reason"] for r in read_rejects(work))
        per_step = ", ".join(
            f"{step.name.split(' ', 1)[-1]} {input_mb / max(step.stats.time_stats.total, 1e-9):.0f}" for step in steps
        )
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    drops = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) or "none"
    return (
        f"| `{root}` | {files} | {input_mb:.1f} | {kept} ({kept_bytes / 1e6:.1f} MB) | {seconds:.2f} | "
        f"{input_mb / seconds:.1f} | {cpu_seconds:.2f} | {input_mb / cpu_seconds:.1f} | {per_step} | {drops} | "
        f"{peak_rss_mb:.0f} |"
    )


def bench_jsonl(root: Path) -> str:
    """The kept files of `root` written as rows of one JSONL.gz, then read back through the JSONL
    reader and the cleaning steps."""
    import gzip

    import orjson

    from codemix.schemas.config import JsonlInput

    with tempfile.TemporaryDirectory() as work:
        steps = [
            reader_for_input(
                DirectoryInput(type="directory", path=root), index=0, rejects_dir=work, clean=CleanConfig()
            ),
            *cleaning_steps(CleanConfig(), rejects_dir=work),
        ]
        data = None
        for step in steps:
            data = step.run(data, 0, 1)
        rows_path = Path(work) / "rows.jsonl.gz"
        with gzip.open(rows_path, "wb", compresslevel=1) as handle:
            for document in data:
                handle.write(orjson.dumps({"content": document.text, "path": document.metadata["path"]}) + b"\n")
        config = JsonlInput(type="jsonl", path=str(rows_path), path_key="path")
        steps = [
            reader_for_input(config, index=1, rejects_dir=Path(work) / "r", clean=CleanConfig()),
            *cleaning_steps(CleanConfig(), rejects_dir=Path(work) / "r"),
        ]
        start = time.perf_counter()
        cpu_start = time.process_time()
        data = None
        for step in steps:
            data = step.run(data, 0, 1)
        rows = 0
        text_mb = 0.0
        for document in data:
            rows += 1
            text_mb += document.metadata["bytes"] / 1e6
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        gz_mb = rows_path.stat().st_size / 1e6
    return (
        f"| rows of `{root}` | {rows} | {text_mb:.1f} | {gz_mb:.1f} | {seconds:.2f} | {text_mb / seconds:.1f} | "
        f"{cpu_seconds:.2f} | {text_mb / cpu_seconds:.1f} |"
    )


def bench_docs_writer(total_mb: int) -> str:
    doc_bytes = 10_000
    count = total_mb * 1_000_000 // doc_bytes
    rng = random.Random(0)
    ids = [f"bench:{rng.getrandbits(64):016x}" for _ in range(count)]  # random order, as from many files
    body = ("x = 1  # " + "a" * 60 + "\n") * (doc_bytes // 70)

    def documents():
        for i, doc_id in enumerate(ids):
            yield Document(text=body, id=doc_id, metadata={
                "source": "bench", "path": f"{i}.py", "language": "python", "language_confidence": 1.0,
                "language_evidence": "bench", "token_count": 100, "bytes": len(body), "content_sha256": f"{i:064x}",
            })  # fmt: skip

    with tempfile.TemporaryDirectory() as work:
        baseline_kib = _rss_anon_kib()
        start = time.perf_counter()
        cpu_start = time.process_time()
        with PeakAnon() as peak:
            for _ in DocsWriter(output_dir=work, row_group_rows=1000).run(documents()):
                pass
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        out_mb = docs_path(work, 0).stat().st_size / 1e6
    text_mb = count * len(body) / 1e6
    return (
        f"| {count} docs, {text_mb:.0f} MB of text | {seconds:.1f} | {text_mb / seconds:.1f} | {cpu_seconds:.1f} "
        f"| {out_mb:.1f} | {(peak.peak_kib - baseline_kib) / 1024:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="*", type=Path, default=[Path("/usr/lib/python3.11")])
    parser.add_argument("--docs-mb", type=int, default=300)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}, one process, one task\n")
    print(
        "| directory | files | MB read | kept docs | seconds | MB/s | CPU seconds | MB per CPU second "
        "| MB/s per step (own wall time) | drops | peak RSS MB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for directory in args.directories:
        print(bench_directory(directory), flush=True)
    print(
        "\n| JSONL.gz input | rows kept | text MB | gz MB | seconds | text MB/s | CPU seconds "
        "| text MB per CPU second |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for directory in args.directories:
        print(bench_jsonl(directory), flush=True)
    print(
        "\n| DocsWriter input | seconds | MB/s | CPU seconds | Parquet MB (zstd) "
        "| peak anonymous memory above baseline, MB |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    print(bench_docs_writer(args.docs_mb), flush=True)


if __name__ == "__main__":
    main()
