"""Helpers of the dedup tests: documents files from texts, and the dedup stages run in this process."""

from __future__ import annotations

import copy
import hashlib
from collections import deque
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from codemix.pipeline.assembly import dedup_stages_for
from codemix.schemas.documents import DOCS_SCHEMA
from codemix.stages.dedup import DedupLayout


def docs_table(rows: list[dict]) -> pa.Table:
    """DOCS_SCHEMA rows from dicts with `id`, `text`, `language` and optional `pair_key`, `tokens`, `source`."""
    full = []
    for row in rows:
        text = row["text"]
        full.append({
            "id": row["id"], "text": text, "source": row.get("source", "test"), "path": row["id"],
            "language": row["language"], "language_confidence": 1.0, "language_evidence": "test",
            "token_count": row.get("tokens", len(text.split()) + 1), "bytes": len(text.encode()),
            "content_sha256": hashlib.sha256(text.encode()).hexdigest(), "claimed_language": None,
            "pair_key": row.get("pair_key"),
        })
    return pa.Table.from_pylist(full, schema=DOCS_SCHEMA).sort_by("id")


def write_docs(folder: Path, parts: list[list[dict]]) -> list[Path]:
    """One docs file per part (`<folder>/<k:05d>.parquet`), each sorted by id like DocsWriter's."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for rank, part in enumerate(parts):
        path = folder / f"{rank:05d}.parquet"
        pq.write_table(docs_table(part), path)
        files.append(path)
    return files


def run_dedup(docs_dir: Path, work: Path, layout: DedupLayout, *, tasks: int = 1) -> Path:
    """Run every dedup stage's tasks one after the other in this process; returns the dedup folder."""
    dedup_dir = work / "dedup"
    for _name, _description, steps, stage_tasks in dedup_stages_for(
        layout, docs_dir=docs_dir, dedup_dir=dedup_dir, rejects_dir=work / "rejected", tasks=tasks
    ):
        for rank in range(stage_tasks):
            data = None
            for step in copy.deepcopy(steps):
                data = step(data, rank, stage_tasks)
            if data is not None:
                deque(data, maxlen=0)
    return dedup_dir
