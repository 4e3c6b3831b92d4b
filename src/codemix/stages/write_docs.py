"""`DocsWriter`: the kept documents of one rank as `<output_dir>/<rank:05d>.parquet` (`DOCS_SCHEMA`);
a build's `output_dir` is `<work>/docs`.

The file is sorted by id (ties broken by content hash and path), so its bytes do not depend on the
order documents arrived in. To sort without holding a rank's texts in memory, rows are spilled in
batches to an uncompressed Arrow IPC file, which is memory-mapped at the end, sorted by id, and
copied into the Parquet file one row group at a time (at most `row_group_rows` rows and `row_group_bytes` of
text, 4 MiB by default, so whoever reads the file a row group at a time holds a bounded amount); after each row
group the mapped pages are handed back (`MADV_DONTNEED`: the kernel reads them again from its page cache if
needed), so the task's resident memory stays at about one row group's pages, not the whole spill file's. The Parquet file is written under a temporary
name and renamed on success: a killed task never leaves a partial file under the final name, and a
rerun of the rank rewrites it. A rank with no kept documents still writes a (0-row) file.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.io import drop_mapped_pages, release_free_memory
from codemix.schemas.documents import (
    BYTES,
    CLAIMED_LANGUAGE,
    CONTENT_SHA256,
    DOCS_SCHEMA,
    LANGUAGE,
    LANGUAGE_CONFIDENCE,
    LANGUAGE_EVIDENCE,
    PAIR_KEY,
    PATH,
    SOURCE,
    TOKEN_COUNT,
)

# Metadata keys a document must carry to be written, and the step that sets each.
_REQUIRED_KEYS: dict[str, str] = {
    SOURCE: "a reader",
    LANGUAGE: "ClassifyLanguage",
    LANGUAGE_CONFIDENCE: "ClassifyLanguage",
    LANGUAGE_EVIDENCE: "ClassifyLanguage",
    TOKEN_COUNT: "CountTokens",
    BYTES: "DecodeText",
    CONTENT_SHA256: "DecodeText",
}


_SORT_KEYS_SCHEMA = pa.schema([DOCS_SCHEMA.field("id"), DOCS_SCHEMA.field("content_sha256"), DOCS_SCHEMA.field("path")])


def docs_path(output_dir: str | Path, rank: int) -> Path:
    return Path(output_dir) / f"{rank:05d}.parquet"


def row_group_bounds(sizes: np.ndarray, *, max_rows: int, max_bytes: int) -> list[tuple[int, int]]:
    """(first, end) of each row group over rows of the given text sizes, in order: a group ends at `max_rows` rows
    or before the row that would take its texts past `max_bytes` (a single larger text is a group of its own).
    A reader that goes a row group at a time then holds at most about `max_bytes` of text, however large the file
    and however its large documents cluster: a cap in rows alone lets a group of large files grow unbounded."""
    ends = np.cumsum(sizes, dtype=np.int64)
    bounds, first = [], 0
    while first < len(sizes):
        before = ends[first - 1] if first else 0
        end = int(np.searchsorted(ends, before + max_bytes, side="right"))
        end = min(max(end, first + 1), first + max_rows)
        bounds.append((first, end))
        first = end
    return bounds


class DocsWriter(PipelineStep):
    """Writes the documents reaching it to `<output_dir>/<rank:05d>.parquet`, and passes them on."""

    name = "📝 Docs"
    type = "💽 - WRITER"

    def __init__(
        self,
        *,
        output_dir: str | Path,
        row_group_rows: int = 1000,
        row_group_bytes: int = 4 << 20,
        spill_batch_rows: int = 1000,
        compression: str = "zstd",
    ) -> None:
        super().__init__()
        if row_group_rows <= 0 or row_group_bytes <= 0 or spill_batch_rows <= 0:
            raise ValueError("row_group_rows, row_group_bytes and spill_batch_rows must be positive")
        self.output_dir = Path(output_dir)
        self.row_group_rows = row_group_rows
        self.row_group_bytes = row_group_bytes
        self.spill_batch_rows = spill_batch_rows
        self.compression = compression

    @staticmethod
    def _row(document: Document) -> dict[str, Any]:
        metadata = document.metadata
        missing = [key for key in _REQUIRED_KEYS if metadata.get(key) is None]
        if missing:
            needs = ", ".join(f"{key!r} (set by {_REQUIRED_KEYS[key]})" for key in missing)
            raise ValueError(f"DocsWriter: document {document.id!r} lacks metadata {needs}")
        return {
            "id": document.id,
            "text": document.text,
            "source": metadata[SOURCE],
            "path": metadata.get(PATH),
            "language": metadata[LANGUAGE],
            "language_confidence": float(metadata[LANGUAGE_CONFIDENCE]),
            "language_evidence": str(metadata[LANGUAGE_EVIDENCE]),
            "token_count": int(metadata[TOKEN_COUNT]),
            "bytes": int(metadata[BYTES]),
            "content_sha256": metadata[CONTENT_SHA256],
            "claimed_language": metadata.get(CLAIMED_LANGUAGE),
            "pair_key": metadata.get(PAIR_KEY),
        }

    def _remove_stale(self, rank: int) -> None:
        """Temporary files a killed earlier attempt of this rank left behind."""
        for stale in self.output_dir.glob(f".{rank:05d}.*.tmp"):
            stale.unlink(missing_ok=True)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self._remove_stale(rank)
        final_path = docs_path(self.output_dir, rank)
        spill_path = self.output_dir / f".{rank:05d}.spill.arrow.{os.getpid()}.tmp"
        parquet_tmp = self.output_dir / f".{rank:05d}.parquet.{os.getpid()}.tmp"
        rows: list[dict[str, Any]] = []
        rows_bytes = 0
        try:
            with pa.OSFile(str(spill_path), "wb") as sink, pa.ipc.new_file(sink, DOCS_SCHEMA) as spill:
                for document in data or ():
                    with self.track_time():
                        rows.append(self._row(document))
                        rows_bytes += rows[-1]["bytes"]
                        # a spill batch ends at `spill_batch_rows` rows or `row_group_bytes` of text, as row groups do
                        if len(rows) >= self.spill_batch_rows or rows_bytes >= self.row_group_bytes:
                            spill.write_batch(pa.RecordBatch.from_pylist(rows, schema=DOCS_SCHEMA))
                            self.stat_update("spill_batches")
                            rows.clear()
                            rows_bytes = 0
                            release_free_memory()  # what the batch's steps freed (classify, count tokens)
                    self.stat_update("documents")
                    self.update_doc_stats(document)
                    yield document
                if rows:
                    spill.write_batch(pa.RecordBatch.from_pylist(rows, schema=DOCS_SCHEMA))
                    self.stat_update("spill_batches")
                    rows.clear()
            with self.track_time():
                self._write_sorted(spill_path, parquet_tmp)
                os.replace(parquet_tmp, final_path)
        finally:
            spill_path.unlink(missing_ok=True)
            parquet_tmp.unlink(missing_ok=True)

    def _write_sorted(self, spill_path: Path, parquet_path: Path) -> None:
        with open(spill_path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            self._write_sorted_from(mapped, parquet_path)  # its Arrow buffers into `mapped` are gone on return

    def _write_sorted_from(self, mapped: mmap.mmap, parquet_path: Path) -> None:
        """`_write_sorted` from the spill file mapped read-only and shared as `mapped`: pages dropped with
        MADV_DONTNEED are read again from the file."""
        reader = pa.ipc.open_file(pa.BufferReader(pa.py_buffer(mapped)))  # zero-copy: pages read on demand
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        keys = pa.Table.from_batches(
            [b.select(["id", "content_sha256", "path"]) for b in batches], schema=_SORT_KEYS_SCHEMA
        )
        order = (
            pc.sort_indices(
                keys, sort_keys=[("id", "ascending"), ("content_sha256", "ascending"), ("path", "ascending")]
            )
            .to_numpy()
            .astype(np.int64)
        )
        starts = np.cumsum([0] + [b.num_rows for b in batches], dtype=np.int64)
        text_bytes = np.concatenate([np.empty(0, np.int64)] + [b.column("bytes").to_numpy() for b in batches])
        compression = None if self.compression == "none" else self.compression
        with pq.ParquetWriter(str(parquet_path), DOCS_SCHEMA, compression=compression) as writer:
            if not batches:
                writer.write_table(DOCS_SCHEMA.empty_table())
            for first, end in row_group_bounds(text_bytes[order], max_rows=self.row_group_rows,
                                               max_bytes=self.row_group_bytes):
                writer.write_table(self._gather(batches, starts, order[first:end]))
                drop_mapped_pages(mapped)
                release_free_memory()
        self.stat_update("rows_written", value=len(order), unit="file")

    @staticmethod
    def _gather(batches: list[pa.RecordBatch], starts: np.ndarray, rows: np.ndarray) -> pa.Table:
        """The spilled `rows` (global indices), in that order, copying only those rows: take from each
        batch separately (a take over a chunked table would first concatenate every chunk)."""
        batch_of_row = np.searchsorted(starts, rows, side="right") - 1
        pieces = []
        gathered_positions = []
        for batch_index in np.unique(batch_of_row):
            where = np.nonzero(batch_of_row == batch_index)[0]
            pieces.append(batches[batch_index].take(pa.array(rows[where] - starts[batch_index])))
            gathered_positions.append(where)
        table = pa.Table.from_batches(pieces, schema=DOCS_SCHEMA)
        # `table` holds the rows grouped by batch; put them back in the requested order
        inverse = np.empty(len(rows), dtype=np.int64)
        inverse[np.concatenate(gathered_positions)] = np.arange(len(rows))
        return table.take(pa.array(inverse)).combine_chunks()
