"""Pairing stage throughput and peak memory, on HumanEval-X replicated under distinct pair keys.

    python benchmarks/pairing_benchmark.py [--copies 10] [--tokenizer default]

Each measurement runs in a fresh child process (one task, one core) so its peak RSS is its own. Memory of
GroupPairs should follow the bucket size (documents / num_buckets), not the corpus size: the run compares
few large buckets with many small ones on the same data.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HUMANEVAL_X = REPO / "tests" / "fixtures" / "humaneval-x"
STEMS = {"python": "python", "java": "java", "js": "javascript", "go": "go", "rust": "rust"}
LANGUAGES = ["python", "java", "javascript", "go", "rust"]


def make_docs(folder: Path, copies: int) -> tuple[int, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from codemix.schemas.documents import DOCS_SCHEMA

    rows = []
    for stem, language in STEMS.items():
        with gzip.open(HUMANEVAL_X / f"humaneval_{stem}.jsonl.gz", "rt", encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle]
        for copy in range(copies):
            for record in records:
                text = record["prompt"] + (record["declaration"] if stem == "rust" else "") + record["canonical_solution"]
                # distinct programs per copy, so nothing is shared between groups
                text = f"{text}\n{'#' if stem == 'python' else '//'} copy {copy}\n"
                encoded = text.encode()
                rows.append({"id": f"{record['task_id']}/{copy}", "text": text, "source": "bench", "path": None,
                             "language": language, "language_confidence": 1.0, "language_evidence": "bench",
                             "token_count": 0, "bytes": len(encoded),
                             "content_sha256": hashlib.sha256(encoded).hexdigest(), "claimed_language": language,
                             "pair_key": f"{copy}-{record['task_id'].split('/')[1]}"})
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(4):
        pq.write_table(pa.Table.from_pylist(rows[index::4], schema=DOCS_SCHEMA), folder / f"{index:05d}.parquet")
    return len(rows), sum(r["bytes"] for r in rows)


def child(args: argparse.Namespace) -> None:
    from codemix.stages.pair import BucketPairCandidates, GroupPairs
    from codemix.schemas.config import PairingConfig

    work = Path(args.work)
    config = PairingConfig(languages=args.languages.split(","), num_buckets=args.buckets)
    start = time.perf_counter()
    if args.child == "bucket":
        step = BucketPairCandidates(docs_dir=work / "docs", buckets_dir=work / f"buckets{args.buckets}", config=config)
    else:
        step = GroupPairs(buckets_dir=work / f"buckets{args.buckets}", pairs_dir=work / f"pairs{args.buckets}",
                          config=config, tokenizer=args.tokenizer)
    list(step.run(None, 0, 1))
    seconds = time.perf_counter() - start
    stats = {name: stat.total for name, stat in step.stats.stats.items()}
    print(json.dumps({"seconds": seconds, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "stats": {k: stats[k] for k in ("docs_read", "candidates", "groups", "docs", "tokens",
                                                      "eval_pairs") if k in stats}}))


def measure(stage: str, work: Path, buckets: int, tokenizer: str, languages: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", stage, "--work", str(work), "--buckets", str(buckets),
         "--tokenizer", tokenizer, "--languages", languages],
        check=True, capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--tokenizer", default="default")
    parser.add_argument("--child", choices=["bucket", "group"])
    parser.add_argument("--work")
    parser.add_argument("--buckets", type=int, default=8)
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="paired languages, comma-separated")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs, text_bytes = make_docs(work / "docs", args.copies)
        print(f"corpus: {docs} documents, {text_bytes / 2**20:.1f} MiB of code, {docs // 5} groups of 5 languages; "
              f"paired: {args.languages}")
        print("| step | buckets | seconds | docs/s | MiB/s of code | peak RSS MiB | output |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for buckets in (2, 32):
            for stage in ("bucket", "group"):
                result = measure(stage, work, buckets, args.tokenizer, args.languages)
                seconds = result["seconds"]
                print(f"| {stage} | {buckets} | {seconds:.1f} | {docs / seconds:,.0f} | "
                      f"{text_bytes / 2**20 / seconds:.2f} | {result['peak_rss_mib']:.0f} | {result['stats']} |")


if __name__ == "__main__":
    main()
