"""The record of every drop: one JSON line per dropped document, no text.

Every step that drops documents owns a `RejectsWriter` (a datatrove `JsonlWriter` with an adapter),
used as the `exclusion_writer` of a `BaseFilter`, or written to directly by a reader. Each step writes
its own file, `<rejects_dir>/<rank:05d>.<stage>.jsonl` (a build's `<work>/rejected/`): two steps never
share a file handle, and a rerun of a rank rewrites its files instead of appending to a partial one.

A record: `{"id", "source", "path", "stage", "reason", "detail", "file", "row", "duplicate_of", "benchmark",
"benchmark_item"}`; `file` and `row` name the input file and row for table inputs (JSONL, Parquet, Hugging
Face) and are null otherwise; `duplicate_of` names the document a dropped duplicate is a copy of, and
`benchmark` and `benchmark_item` the evaluation item a decontaminated document matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from datatrove.data import Document
from datatrove.pipeline.writers.jsonl import JsonlWriter

from codemix.io import atomic_output
from codemix.schemas.documents import PATH, SOURCE

#: Metadata keys a dropping step sets before handing a document to its `RejectsWriter`.
REJECT_REASON = "reject_reason"  # set by readers; filters get datatrove's own `filter_reason`
REJECT_DETAIL = "reject_detail"  # human-readable: what exactly was wrong (byte offset, line, size ...)
#: Where a table row came from; set by the table readers on every document so later steps can name them.
INPUT_FILE = "input_file"
INPUT_ROW = "input_row"
DUPLICATE_OF = "duplicate_of"  # set by deduplication: the id of the copy kept

REJECT_FIELDS: tuple[str, ...] = (
    "id", "source", "path", "stage", "reason", "detail", "file", "row", "duplicate_of", "benchmark", "benchmark_item",
)  # fmt: skip


def reject_record(
    *, doc_id: str, source: str | None, path: str | None, stage: str, reason: str, detail: str | None,
    file: str | None = None, row: int | None = None, duplicate_of: str | None = None, benchmark: str | None = None,
    benchmark_item: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """One reject record, with every field of `REJECT_FIELDS`."""
    return {"id": doc_id, "source": source, "path": path, "stage": stage, "reason": reason, "detail": detail,
            "file": file, "row": row, "duplicate_of": duplicate_of, "benchmark": benchmark,
            "benchmark_item": benchmark_item}


def write_reject_records(path: Path, records: list[dict[str, Any]]) -> None:
    """Write a stage's reject records as one JSONL file at once (stages that decide over all documents)."""
    with atomic_output(Path(path)) as handle:
        for record in records:
            handle.write(orjson.dumps(record) + b"\n")


class RejectsWriter(JsonlWriter):
    """Writes one record per dropped document to `<rejects_dir>/<rank:05d>.<stage>.jsonl`."""

    name = "🗑 Rejects"

    def __init__(self, *, rejects_dir: str | Path, stage: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", stage):
            raise ValueError(f"a reject stage name is letters, digits, '-' and '_', got {stage!r}")
        super().__init__(
            output_folder=str(rejects_dir),
            output_filename=f"${{rank}}.{stage}.jsonl",
            compression=None,
        )
        self.stage = stage

    def _default_adapter(self, document: Document) -> dict:
        metadata = document.metadata
        return reject_record(
            doc_id=document.id,
            source=metadata.get(SOURCE),
            path=metadata.get(PATH),
            stage=self.stage,
            reason=metadata.get(REJECT_REASON) or metadata.get("filter_reason"),
            detail=metadata.get(REJECT_DETAIL),
            file=metadata.get(INPUT_FILE),
            row=metadata.get(INPUT_ROW),
            duplicate_of=metadata.get(DUPLICATE_OF),
        )


def reject_paths(rejects_dir: str | Path) -> list[Path]:
    """Every reject file in `rejects_dir`, sorted (by rank, then stage)."""
    return sorted(Path(rejects_dir).glob("*.jsonl"))


def read_rejects(rejects_dir: str | Path) -> Iterator[dict]:
    """Every reject record in `rejects_dir`, file by file in sorted order."""
    for path in reject_paths(rejects_dir):
        with open(path, "rb") as handle:
            for line in handle:
                if line.strip():
                    yield orjson.loads(line)
