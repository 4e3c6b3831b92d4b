"""Near-dedup side by side: codemix's four dedup stages against stock datatrove 0.10.1 MinHash, on real code.

Usage:
    python benchmarks/bench_dedup.py prepare --index /work/cache/registry-code/index.jsonl --min-gb 1.5 --out DIR
    python benchmarks/bench_dedup.py run --out DIR [--systems codemix,stock]
    python benchmarks/bench_dedup.py report --out DIR

`prepare` writes the input once: every target-language file of the registry-code index, then files of other
programming languages, until at least `--min-gb` of UTF-8 text (files over 1 MB and files that are not UTF-8
are skipped, as a build's cleaning would), as `DIR/docs/<k>.parquet` (codemix's documents schema, four files
sorted by id). Nothing of the code is committed: only this script and the numbers it prints.

`run` runs each stage of each system as its own process (`python bench_dedup.py stage SYSTEM STAGE`), one
datatrove task at a time (workers=1, 4 tasks over the 4 files), and records wall time, CPU time and peak RSS of
that process (the executor runs the tasks in it when workers=1). Stock datatrove: `MinhashDedupSignature`
(its defaults: spaCy English word tokens, 5-grams, 14 bands x 8 hashes, 64-bit), `MinhashDedupBuckets` (14
tasks), `MinhashDedupCluster`, `MinhashDedupFilter` reading the documents again (no writer: the kept documents
are counted, not written, the same work codemix's filter does, which writes only the removed rows). Both read
the documents from the same Parquet files. codemix: the build's own stages (`dedup_stages_for`) with near
dedup only (exact dedup off, no benchmarks), default settings.

`subset` keeps a seeded share of a prepared input (for a busy machine). `hashing` compares signature paths on a sample (CPU MB/s); `decontam` counts the files of a sample that
HumanEval-X flags at given n-gram sizes. Stock datatrove's signature step needs `spacy` (`pip install spacy`; codemix itself does not), and `hashing` tries
`rensa` when it is installed. `report` prints the markdown table, the share of files each removed, and 20 of codemix's removed pairs (seeded,
among those not identical on shingles) with their exact Jaccard similarity on codemix's shingles and the number
of differing lines.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TARGET = ("python", "java", "javascript", "typescript", "csharp", "go", "rust")
OTHER_CODE = ("c", "php", "kotlin", "perl", "ruby", "cython", "scala", "lua", "cpp", "assembly", "haskell", "groovy",
              "shell", "yacc", "m4", "makefile")
FILES = 4
MAX_FILE_BYTES = 1_000_000


def prepare(index: Path, min_gb: float, out: Path, max_files: int | None = None) -> None:
    from codemix.schemas.documents import DOCS_SCHEMA

    entries = [json.loads(line) for line in index.open()]
    target = [e for e in entries if e["language"] in TARGET]
    other = [e for e in entries if e["language"].startswith("other:") and e["language"][6:] in OTHER_CODE]
    random.Random(0).shuffle(other)
    rows, total = [], 0
    for entry in (target + other)[:max_files]:
        if total >= min_gb * 1e9 and entry["language"] not in TARGET:
            break
        if entry["bytes"] > MAX_FILE_BYTES:
            continue
        try:
            text = Path(entry["path"]).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "\x00" in text or not text.strip():
            continue
        data = text.encode("utf-8")
        language = entry["language"] if entry["language"] in TARGET else "other"
        doc_id = "registry:" + entry["path"].split("/src/", 1)[1]
        rows.append({"id": doc_id, "text": text, "source": "registry", "path": entry["path"], "language": language,
                     "language_confidence": 1.0, "language_evidence": "index", "token_count": 0,
                     "bytes": len(data), "content_sha256": hashlib.sha256(data).hexdigest(),
                     "claimed_language": None, "pair_key": None})
        total += len(data)
    rows.sort(key=lambda r: r["id"])
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for k in range(FILES):
        part = rows[k::FILES]
        pq.write_table(pa.Table.from_pylist(part, schema=DOCS_SCHEMA), docs / f"{k:05d}.parquet",
                       row_group_size=1000, compression="zstd")
    summary = {"files": len(rows), "bytes": total,
               "target_bytes": sum(r["bytes"] for r in rows if r["language"] != "other")}
    (out / "input.json").write_text(json.dumps(summary, indent=2))
    print(summary)


def subset(source: Path, fraction: float, out: Path) -> None:
    """A seeded share of a prepared input (each document kept when xxh64 of its id falls below `fraction`), for a
    side-by-side run where the full input would take stock datatrove too long on a busy machine."""
    import xxhash

    (out / "docs").mkdir(parents=True, exist_ok=True)
    files, total, target = 0, 0, 0
    for path in sorted((source / "docs").glob("*.parquet")):
        table = pq.read_table(path)
        keep = [xxhash.xxh64_intdigest(i.encode()) < fraction * 2**64 for i in table.column("id").to_pylist()]
        table = table.filter(pa.array(keep))
        pq.write_table(table, out / "docs" / path.name, row_group_size=1000, compression="zstd")
        files += table.num_rows
        total += sum(table.column("bytes").to_pylist())
        target += sum(b for b, l in zip(table.column("bytes").to_pylist(), table.column("language").to_pylist())
                      if l != "other")
    summary = {"files": files, "bytes": total, "target_bytes": target, "fraction_of": str(source), "fraction": fraction}
    (out / "input.json").write_text(json.dumps(summary, indent=2))
    print(summary)


# --- the two systems, stage by stage ---------------------------------------------------------------------
def _stock_stages(out: Path):
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature)
    from datatrove.pipeline.readers import ParquetReader

    config = MinhashConfig()  # datatrove's defaults
    work = out / "stock"

    def reader():
        return ParquetReader(str(out / "docs"), text_key="text", id_key="id", glob_pattern="*.parquet")

    return {
        "signatures": ([reader(), MinhashDedupSignature(output_folder=str(work / "signatures"), config=config)], FILES),
        "buckets": ([MinhashDedupBuckets(input_folder=str(work / "signatures"), output_folder=str(work / "buckets"),
                                         config=config)], config.num_buckets),
        "clusters": ([MinhashDedupCluster(input_folder=str(work / "buckets"), output_folder=str(work / "remove_ids"),
                                          config=config)], 1),
        "filter": ([reader(), MinhashDedupFilter(input_folder=str(work / "remove_ids"))], FILES),
    }


def _codemix_stages(out: Path):
    from codemix.pipeline.assembly import dedup_stages_for
    from codemix.schemas.config import NearDedupConfig
    from codemix.stages.dedup import DedupLayout

    work = out / "codemix"
    stages = dedup_stages_for(DedupLayout(near=NearDedupConfig(), exact=False), docs_dir=out / "docs",
                              dedup_dir=work / "dedup", rejects_dir=work / "rejected", tasks=FILES)
    names = {"dedup-signatures": "signatures", "dedup-buckets": "buckets", "dedup-clusters": "clusters",
             "dedup-filter": "filter"}
    return {names[name]: (steps, tasks) for name, _description, steps, tasks in stages}


def run_stage(system: str, stage: str, out: Path) -> None:
    """One stage of one system in this process (workers=1: datatrove runs the tasks here)."""
    from datatrove.executor import LocalPipelineExecutor

    steps, tasks = (_stock_stages if system == "stock" else _codemix_stages)(out)[stage]
    started = time.perf_counter()
    LocalPipelineExecutor(pipeline=steps, tasks=tasks, workers=1, logging_dir=str(out / "logs" / system / stage),
                          skip_completed=False).run()
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {"system": system, "stage": stage, "wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
              "peak_rss_mb": usage.ru_maxrss / 1024}
    (out / "results").mkdir(exist_ok=True)
    (out / "results" / f"{system}-{stage}.json").write_text(json.dumps(result, indent=2))
    print(result, flush=True)


def run(out: Path, systems: list[str]) -> None:
    for system in systems:
        for stage in ("signatures", "buckets", "clusters", "filter"):
            if (out / "results" / f"{system}-{stage}.json").is_file():
                continue  # a rerun resumes at the first stage without a result
            subprocess.run([sys.executable, __file__, "stage", system, stage, "--out", str(out)], check=True)


# --- the report --------------------------------------------------------------------------------------------
def _stock_removed(out: Path) -> set[str]:
    """Ids stock datatrove removes: its `.remove` files list document indices of each reader task's stream."""
    import numpy as np

    removed = set()
    for k in range(FILES):
        path = out / "stock" / "remove_ids" / f"{k:06d}.remove"
        if not path.is_file():
            continue
        indices = np.fromfile(path, dtype="<u4")
        ids = pq.read_table(out / "docs" / f"{k:05d}.parquet", columns=["id"]).column("id").to_pylist()
        removed |= {ids[i] for i in indices.tolist()}
    return removed


def report(out: Path, pairs_shown: int = 20) -> None:
    from codemix.dedup.shingles import jaccard, shingles

    summary = json.loads((out / "input.json").read_text())
    results = {p.stem: json.loads(p.read_text()) for p in sorted((out / "results").glob("*.json"))}
    mb = summary["bytes"] / 1e6
    print(f"Input: {summary['files']:,} files, {mb:,.0f} MB ({summary['target_bytes'] / 1e6:,.0f} MB in the seven "
          f"target languages). Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average at report {os.getloadavg()[0]:.1f}.\n")
    print("| stage | stock wall s | stock CPU s | stock MB/s (CPU) | stock peak RSS MB | codemix wall s | codemix CPU s "
          "| codemix MB/s (CPU) | codemix peak RSS MB | speed-up (CPU) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    totals = {"stock": [0.0, 0.0, 0.0], "codemix": [0.0, 0.0, 0.0]}
    for stage in ("signatures", "buckets", "clusters", "filter"):
        cells = []
        for system in ("stock", "codemix"):
            r = results.get(f"{system}-{stage}")
            if r is None:
                cells += ["-"] * 4
                continue
            totals[system][0] += r["wall_s"]
            totals[system][1] += r["cpu_s"]
            totals[system][2] = max(totals[system][2], r["peak_rss_mb"])
            cells += [f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}", f"{mb / r['cpu_s']:.2f}", f"{r['peak_rss_mb']:.0f}"]
        stock, ours = results.get(f"stock-{stage}"), results.get(f"codemix-{stage}")
        speedup = f"{stock['cpu_s'] / ours['cpu_s']:.1f}x" if stock and ours else "-"
        print(f"| {stage} | " + " | ".join(cells) + f" | {speedup} |")
    s, c = totals["stock"], totals["codemix"]
    speedup = f"{s[1] / c[1]:.1f}x" if s[1] and c[1] else "-"
    print(f"| whole near-dedup | {s[0]:.1f} | {s[1]:.1f} | {mb / s[1] if s[1] else 0:.2f} | {s[2]:.0f} | {c[0]:.1f} "
          f"| {c[1]:.1f} | {mb / c[1] if c[1] else 0:.2f} | {c[2]:.0f} | {speedup} |")

    removed = {}
    for path in sorted((out / "codemix" / "dedup" / "removed").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            removed[row["id"]] = row
    stock = _stock_removed(out)
    print(f"\nFiles removed as near duplicates: codemix {len(removed):,} ({len(removed) / summary['files']:.1%}), "
          f"stock datatrove {len(stock):,} ({len(stock) / summary['files']:.1%}); removed by both "
          f"{len(stock & set(removed)):,}.\n")
    texts = {}
    identical = {i for i, row in removed.items() if row["similarity"] == 1.0}
    wanted = sorted(set(removed) - identical)
    random.Random(16).shuffle(wanted)
    wanted = wanted[:pairs_shown]
    print(f"{len(identical):,} of codemix's removals have the same shingles as the copy kept (estimated Jaccard "
          f"1.00: byte-identical, or differing only in whitespace and comments); {pairs_shown} of the others, "
          f"drawn at random (seed 16):\n")
    need = set(wanted) | {removed[i]["duplicate_of"] for i in wanted}
    for path in sorted((out / "docs").glob("*.parquet")):
        table = pq.read_table(path, columns=["id", "text", "language"])
        for doc_id, text, language in zip(*(table.column(c).to_pylist() for c in ("id", "text", "language"))):
            if doc_id in need:
                texts[doc_id] = (text, language)
    print("| removed | kept | language | estimated Jaccard | exact Jaccard | lines differing |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for doc_id in wanted:
        row = removed[doc_id]
        (a, language), (b, _) = texts[doc_id], texts[row["duplicate_of"]]
        exact = jaccard(shingles(a, language, 5), shingles(b, language, 5))
        differing = sum(1 for line in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
                        if line[:1] in "+-" and not line.startswith(("+++", "---")))
        print(f"| `{doc_id[9:]}` | `{row['duplicate_of'][9:]}` | {language} | {row['similarity']:.2f} | {exact:.2f} "
              f"| {differing} |")


def _sample_docs(out: Path, mb: float, seed: int) -> list[tuple[str, str, str]]:
    """(id, language, text) of a seeded random sample of about `mb` MB of the prepared documents."""
    rows = []
    for path in sorted((out / "docs").glob("*.parquet")):
        table = pq.read_table(path, columns=["id", "language", "bytes"])
        rows += list(zip(table.column("id").to_pylist(), table.column("language").to_pylist(),
                         table.column("bytes").to_pylist(), [path] * table.num_rows))
    random.Random(seed).shuffle(rows)
    chosen, total = set(), 0
    for doc_id, _language, size, _path in rows:
        if total >= mb * 1e6:
            break
        chosen.add(doc_id)
        total += size
    out_rows = []
    for path in sorted((out / "docs").glob("*.parquet")):
        table = pq.read_table(path, columns=["id", "language", "text"])
        for doc_id, language, text in zip(*(table.column(c).to_pylist() for c in ("id", "language", "text"))):
            if doc_id in chosen:
                out_rows.append((doc_id, language, text))
    return out_rows


def hashing(out: Path, mb: float) -> None:
    """CPU MB/s of signature paths on the same documents: codemix's tokens + one-permutation MinHash, classic
    256-permutation MinHash in numpy (multiply-shift) on the same shingles, and rensa (if installed) fed the same
    token 5-grams as strings."""
    import numpy as np

    from codemix.dedup.minhash import MinHashScheme, signature
    from codemix.dedup.shingles import hash_tokens, ngram_hashes, tokens

    docs = _sample_docs(out, mb, seed=1)
    size = sum(len(text.encode()) for _, _, text in docs) / 1e6
    scheme = MinHashScheme()
    started = time.process_time()
    grams = [ngram_hashes(hash_tokens(text, language).all, 5, whole_if_shorter=True) for _, language, text in docs]
    tokenise = time.process_time() - started
    started = time.process_time()
    for g in grams:
        signature(g, scheme)
    one_permutation = time.process_time() - started
    a = np.random.default_rng(1).integers(1, 2**63, size=256, dtype=np.uint64) | np.uint64(1)
    b = np.random.default_rng(2).integers(0, 2**63, size=256, dtype=np.uint64)
    started = time.process_time()
    for g in grams:
        if len(g):
            ((g[:, None] * a + b) >> np.uint64(32)).min(axis=0)
    classic = time.process_time() - started
    print(f"{len(docs)} documents, {size:.1f} MB")
    print(f"codemix tokens + 5-gram hashes: {size / tokenise:.1f} MB/s; one-permutation signatures: "
          f"{size / one_permutation:.1f} MB/s; together {size / (tokenise + one_permutation):.1f} MB/s")
    print(f"classic 256 permutations (numpy multiply-shift) on the same shingles: {size / classic:.1f} MB/s")
    try:
        import rensa
    except ImportError:
        print("rensa: not installed")
        return
    started = time.process_time()
    for _, language, text in docs:
        words = tokens(text, language)
        minhash = rensa.RMinHash(num_perm=256, seed=1)
        minhash.update([" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))])
        minhash.digest()
    print(f"rensa {getattr(rensa, '__version__', '')} (codemix tokens, 5-grams as strings): "
          f"{size / (time.process_time() - started):.1f} MB/s")


def decontam(out: Path, humaneval: Path, mb: float, seed: int, ngrams: list[int]) -> None:
    """Files of a seeded sample flagged against HumanEval-X's five target languages, for each n-gram size."""
    from codemix.dedup.benchmarks import BenchmarkIndex
    from codemix.dedup.shingles import hash_tokens
    from codemix.schemas.config import BenchmarkConfig

    files = {"python": ("humaneval_python.jsonl.gz", ["prompt", "canonical_solution"]),
             "java": ("humaneval_java.jsonl.gz", ["prompt", "canonical_solution"]),
             "javascript": ("humaneval_js.jsonl.gz", ["prompt", "canonical_solution"]),
             "go": ("humaneval_go.jsonl.gz", ["prompt", "canonical_solution"]),
             "rust": ("humaneval_rust.jsonl.gz", ["declaration", "canonical_solution"])}
    docs = _sample_docs(out, mb, seed)
    words = [hash_tokens(text, language).words for _, language, text in docs]
    for n in ngrams:
        indexes = [BenchmarkIndex.load(BenchmarkConfig(path=str(humaneval / file), name=f"humaneval-x-{language}",
                                                       fields=fields, id_key="task_id", language=language,
                                                       ngram_tokens=n))
                   for language, (file, fields) in files.items()]
        flagged = []
        for (doc_id, _, _), w in zip(docs, words):
            matches = [m for m in (index.match(w) for index in indexes) if m]
            if matches:
                best = max(matches, key=lambda m: m.shared_ngrams)
                flagged.append((doc_id[9:], best.item, best.shared_ngrams))
        print(f"{n}-grams of word tokens: {len(flagged)} of {len(docs)} files flagged "
              f"({len(flagged) / len(docs):.2%})")
        for item in flagged[:12]:
            print("   ", item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--index", type=Path, default=Path("/work/cache/registry-code/index.jsonl"))
    p.add_argument("--min-gb", type=float, default=1.5)
    p.add_argument("--max-files", type=int, help="a smoke test: only this many index entries")
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("subset")
    p.add_argument("--source", type=Path, required=True)
    p.add_argument("--fraction", type=float, required=True)
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("run")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--systems", default="codemix,stock")
    p = sub.add_parser("stage")
    p.add_argument("system", choices=["codemix", "stock"])
    p.add_argument("stage", choices=["signatures", "buckets", "clusters", "filter"])
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("report")
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("hashing")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--mb", type=float, default=40)
    p = sub.add_parser("decontam")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--humaneval", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "fixtures"
                   / "humaneval-x")
    p.add_argument("--mb", type=float, default=40)
    p.add_argument("--seed", type=int, default=2, help="the development sample was seed 0 of another draw")
    p.add_argument("--ngram", type=int, action="append", default=None)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.index, args.min_gb, args.out, args.max_files)
    elif args.command == "subset":
        subset(args.source, args.fraction, args.out)
    elif args.command == "run":
        run(args.out, args.systems.split(","))
    elif args.command == "stage":
        run_stage(args.system, args.stage, args.out)
    elif args.command == "hashing":
        hashing(args.out, args.mb)
    elif args.command == "decontam":
        decontam(args.out, args.humaneval, args.mb, args.seed, args.ngram or [13])
    else:
        report(args.out)


if __name__ == "__main__":
    main()
