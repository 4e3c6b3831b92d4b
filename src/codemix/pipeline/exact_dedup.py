"""Exact deduplication over every documents file: one copy of each text is kept.

Among documents with the same `content_sha256` a document with a pair key wins (it may serve in a translation
pair), then the smallest id, so the result does not depend on how documents were split into tasks. Every
dropped copy is a reject record (reason `exact_duplicate`, stage `dedup`) naming the copy kept in
`duplicate_of`, and a removal list entry (`codemix.stages.removed`) for its documents file.

This runs as one task over the hash columns of every document (`exact_dedup_task`).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from codemix.io import write_text_atomic
from codemix.pipeline.workdir import BuildPaths
from codemix.stages.rejects import reject_record, write_reject_records
from codemix.stages.removed import write_removed

HASH_COLUMNS = ["id", "source", "path", "language", "content_sha256", "pair_key"]
REMOVED_STAGE = "exact"


def sort_for_dedup(table: pa.Table, *, unpaired: pa.Array) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """The exact-dedup rule: sort by content hash, then paired before unpaired, then id; the first row
    of each hash is the copy kept. Returns the sorted table, the mask of kept rows, and for each row the
    position of the copy kept for it."""
    table = table.append_column("unpaired", unpaired)
    table = table.sort_by([("content_sha256", "ascending"), ("unpaired", "ascending"), ("id", "ascending")])
    sha = table.column("content_sha256").to_numpy(zero_copy_only=False)
    keep = np.ones(len(sha), dtype=bool)
    keep[1:] = sha[1:] != sha[:-1]
    kept_position = np.maximum.accumulate(np.where(keep, np.arange(len(sha)), 0))
    return table, keep, kept_position


def exact_dedup_task(data: Any, rank: int, world_size: int, *, paths: BuildPaths, docs_files: list[Path]) -> None:
    """The exact-dedup stage's step: removal lists, reject records and the counts per language."""
    tables = []
    for number, path in enumerate(docs_files):
        table = pq.read_table(path, columns=HASH_COLUMNS)
        tables.append(table.append_column("file", pa.array(np.full(table.num_rows, number, dtype=np.int32))))
    index = pa.concat_tables(tables)
    index, keep, kept_position = sort_for_dedup(index, unpaired=pc.is_null(index.column("pair_key")))
    dropped = np.flatnonzero(~keep)
    ids = index.column("id").to_pylist()
    files = index.column("file").to_numpy()
    sources = index.column("source").to_pylist()
    doc_paths = index.column("path").to_pylist()
    languages = index.column("language").to_pylist()
    removed: dict[int, list[str]] = {number: [] for number in range(len(docs_files))}
    records = []
    for i in dropped.tolist():
        kept_id = ids[kept_position[i]]
        removed[int(files[i])].append(ids[i])
        records.append(reject_record(
            doc_id=ids[i], source=sources[i], path=doc_paths[i], stage="dedup", reason="exact_duplicate",
            detail=f"same content as {kept_id}", duplicate_of=kept_id,
        ))  # fmt: skip
    for number, path in enumerate(docs_files):
        write_removed(paths.removed, REMOVED_STAGE, path, removed[number])
    write_reject_records(paths.rejected / "00000.dedup.jsonl", sorted(records, key=lambda r: r["id"]))
    counts = Counter(languages[i] for i in dropped.tolist())
    write_text_atomic(paths.exact_duplicates, json.dumps(dict(sorted(counts.items())), sort_keys=True))


def exact_duplicate_counts(paths: BuildPaths) -> dict[str, int]:
    return json.loads(paths.exact_duplicates.read_text()) if paths.exact_duplicates.is_file() else {}
