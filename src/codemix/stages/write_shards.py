"""The external shuffle that writes the shards: `ScatterCopies`, then `GatherShards`.

`ScatterCopies`: task g reads the copies the position stage assigned to its source files
(`<assign_dir>/<g>/`), reads each source file once, only its row groups that hold a selected row, a few row
groups at a time (whole row groups of at most `chunk_bytes` uncompressed, or one larger group), and appends each
copy, text included, to the bucket of its shard: `<buckets_dir>/<shard>/<g>-<part>.parquet` (a new part
whenever the buffered rows exceed `max_buffer_bytes`). Its memory is bounded by those two settings, not by the
size of a source file or of the task's share; both are small enough to be reached on a small corpus, so a
task's memory does not grow with the corpus.

`GatherShards`: task m writes the shards s with s % world_size == m, each from its bucket alone: the bucket's
rows sorted into the output order (`codemix.schemas.order`), written atomically with the features metadata
`datasets` reads. So writing the shards reads each source row group at most once and each bucket once: the
bytes read do not grow with the number of shards.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.io import atomic_output, release_free_memory, row_group_starts
from codemix.schemas.documents import ASSIGN_SCHEMA, KIND_PAIRED, ORDER_FIELDS, ORDER_SORT_KEYS, SHARD_SCHEMA, shard_name
from codemix.schemas.order import OutputSelection, copy_id
from codemix.schemas.shards import huggingface_schema_metadata, language_ids

#: A bucket row: a shard row (its `language` still the name; the gather stage writes its class id) and the
#: columns that order it.
BUCKET_SCHEMA = pa.schema([
    pa.field("language", pa.string(), nullable=False) if field.name == "language" else field for field in SHARD_SCHEMA
] + ORDER_FIELDS)
_SOURCE_COLUMNS = ("text", "id", "language", "token_count", "source", "path", "pair_id", "src_lang", "tgt_lang", "format")


#: zstd level of the bucket parts (see `ScatterCopies`' flush).
BUCKET_ZSTD_LEVEL = 6


def bucket_dir(buckets_dir: str | Path, shard: int) -> Path:
    return Path(buckets_dir) / f"{shard:05d}"


def _row_group_bytes(parquet: pq.ParquetFile) -> np.ndarray:
    """The uncompressed size of each row group (its data as read into memory)."""
    meta = parquet.metadata
    return np.array([meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)], dtype=np.int64)


def _read_rows(parquet: pq.ParquetFile, starts: np.ndarray, rows: np.ndarray) -> tuple[pa.Table, int]:
    """The given rows (ascending) of a source file, reading only the row groups that hold them; and the bytes
    of the column chunks read (as stored: compressed). `starts` is `row_group_starts(parquet)`."""
    meta = parquet.metadata
    groups = np.unique(np.searchsorted(starts, rows, side="right") - 1)
    present = [name for name in _SOURCE_COLUMNS if name in parquet.schema_arrow.names]
    table = parquet.read_row_groups(groups.tolist(), columns=present)
    first_rows = starts[groups]
    sizes = starts[groups + 1] - first_rows
    local_start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group_of_row = np.searchsorted(first_rows, rows, side="right") - 1
    read_bytes = sum(meta.row_group(int(g)).column(meta.schema.names.index(name)).total_compressed_size
                     for g in groups for name in present)
    return table.take(pa.array(local_start[group_of_row] + rows - first_rows[group_of_row])), read_bytes


class ScatterCopies(PipelineStep):
    name = "🔀 scatter copies"
    type = "🔀 - SHUFFLE"

    def __init__(
        self,
        *,
        sources: Sequence[str | Path],
        paired_sources: Sequence[str | Path] = (),
        assign_dir: str | Path,
        buckets_dir: str | Path,
        max_buffer_bytes: int = 16 * 2**20,
        chunk_bytes: int = 8 * 2**20,
    ) -> None:
        super().__init__()
        if max_buffer_bytes <= 0 or chunk_bytes <= 0:
            raise ValueError("max_buffer_bytes and chunk_bytes must be positive")
        self.sources = [str(s) for s in sources] + [str(s) for s in paired_sources]
        self.first_paired = len(sources)
        self.assign_dir = Path(assign_dir)
        self.buckets_dir = Path(buckets_dir)
        self.max_buffer_bytes = max_buffer_bytes
        self.chunk_bytes = chunk_bytes

    def _chunks(self, starts: np.ndarray, group_bytes: np.ndarray, copies: pa.Table) -> list[pa.Table]:
        """The copies of one source (sorted by row) cut into chunks of whole row groups: a chunk ends before
        the row group that would take it past `chunk_bytes` (a chunk holds at least one row group), counting
        only the row groups that hold a copy; a row group is read by one chunk only. `starts` and `group_bytes`
        are the source's `row_group_starts` and `_row_group_bytes`."""
        groups = np.searchsorted(starts, copies.column("row").to_numpy(), side="right") - 1
        firsts = np.flatnonzero(np.diff(groups, prepend=-1))  # the first copy in each row group read
        cuts, chunk = [0], 0
        for index, size in zip(firsts.tolist(), group_bytes[groups[firsts]].tolist()):
            if chunk and chunk + size > self.chunk_bytes:
                cuts.append(index)
                chunk = 0
            chunk += size
        cuts.append(copies.num_rows)
        return [copies.slice(a, b - a) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]

    def _bucket_rows(self, source: int, parquet: pq.ParquetFile, starts: np.ndarray, copies: pa.Table) -> pa.Table:
        """The bucket rows of the copies of one source file (open as `parquet`, row groups at `starts`)."""
        rows = copies.column("row").to_numpy()
        distinct, inverse = np.unique(rows, return_inverse=True)
        docs, read_bytes = _read_rows(parquet, starts, distinct)
        docs = docs.take(pa.array(inverse))
        self.stat_update("source_rows_read", value=len(distinct))
        self.stat_update("source_bytes_read", value=read_bytes)
        paired = source >= self.first_paired
        count = copies.num_rows
        epochs = copies.column("epoch").to_pylist()
        ids = [copy_id(doc_id, epoch) for doc_id, epoch in zip(docs.column("id").to_pylist(), epochs)]
        component = (pa.array([KIND_PAIRED] * count, pa.string()) if paired
                     else docs.column("language").combine_chunks())

        def column(name: str, type_: pa.DataType) -> pa.Array:
            return docs.column(name).combine_chunks().cast(type_) if name in docs.column_names else pa.nulls(count, type_)

        columns = {
            "text": column("text", pa.large_string()),
            "id": pa.array(ids, pa.string()),
            "component": component,
            "language": column("language", pa.string()),
            "token_count": column("token_count", pa.int64()),
            "source": column("source", pa.string()),
            "path": column("path", pa.string()),
            "pair_id": column("pair_id", pa.string()),
            "src_lang": column("src_lang", pa.string()),
            "tgt_lang": column("tgt_lang", pa.string()),
            "format": column("format", pa.string()),
        }
        for field in ORDER_FIELDS:
            columns[field.name] = copies.column(field.name)
        return pa.table(columns, schema=BUCKET_SCHEMA)

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        # parts an earlier, killed attempt of this task left: their numbering may differ from this attempt's
        for stale in self.buckets_dir.glob(f"*/{rank:05d}-*.parquet") if self.buckets_dir.is_dir() else []:
            stale.unlink()
        files = sorted((self.assign_dir / f"{rank:05d}").glob("*.parquet"))
        copies = (pa.concat_tables([pq.read_table(f) for f in files]).cast(ASSIGN_SCHEMA) if files
                  else ASSIGN_SCHEMA.empty_table())
        copies = copies.sort_by([("source", "ascending"), ("row", "ascending"), ("epoch", "ascending")])
        buffers: dict[int, list[pa.Table]] = {}
        buffered = 0
        parts: dict[int, int] = {}

        def flush() -> None:
            nonlocal buffered
            for shard in sorted(buffers):
                part = parts.get(shard, 0)
                path = bucket_dir(self.buckets_dir, shard) / f"{rank:05d}-{part:05d}.parquet"
                with atomic_output(path) as handle:
                    # A part is small (a shard's share of one flush) and is read whole, once, by gather: no
                    # column statistics (its footer would carry its smallest and largest text, two whole
                    # documents), no dictionary pages, and zstd level 6, which small pages need to compress
                    # (on 2,868 parts of a 139-shard build: 97 MB at the defaults, 72 MB so).
                    pq.write_table(pa.concat_tables(buffers[shard]), handle, compression="zstd",
                                   compression_level=BUCKET_ZSTD_LEVEL, use_dictionary=False,
                                   write_statistics=False)
                self.stat_update("bucket_bytes_written", value=path.stat().st_size)
                parts[shard] = part + 1
            buffers.clear()
            buffered = 0
            release_free_memory()  # the allocators would keep the buffers' pages

        sources = copies.column("source").to_numpy()
        boundaries = np.flatnonzero(np.diff(sources)) + 1
        for start, stop in zip(np.concatenate([[0], boundaries]), np.concatenate([boundaries, [len(sources)]])):
            if stop <= start:
                continue
            with self.track_time("source"):
                source = int(sources[start])
                parquet = pq.ParquetFile(self.sources[source])  # opened once: every chunk reads from it
                starts = row_group_starts(parquet)
                pieces = self._chunks(starts, _row_group_bytes(parquet), copies.slice(int(start), int(stop - start)))
                for piece in pieces:
                    rows = self._bucket_rows(source, parquet, starts, piece)
                    shards = piece.column("shard").to_numpy()
                    for shard in np.unique(shards):
                        part = rows.filter(pa.array(shards == shard))
                        buffers.setdefault(int(shard), []).append(part)
                        buffered += part.nbytes
                    if buffered > self.max_buffer_bytes:
                        flush()
                    else:
                        release_free_memory()  # the chunk's pages: see flush
            self.stat_update("copies", value=int(stop - start))
        flush()


class GatherShards(PipelineStep):
    name = "🗂️ gather shards"
    type = "✍️ - WRITER"

    def __init__(
        self,
        *,
        selection_path: str | Path,
        buckets_dir: str | Path,
        output_dir: str | Path,
        row_group_rows: int = 1000,
        compression: str = "zstd",
    ) -> None:
        super().__init__()
        self.selection_path = Path(selection_path)
        self.buckets_dir = Path(buckets_dir)
        self.output_dir = Path(output_dir)
        self.row_group_rows = row_group_rows
        self.compression = None if compression == "none" else compression

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        selection = OutputSelection.from_json(self.selection_path.read_text())
        schema = SHARD_SCHEMA.with_metadata(huggingface_schema_metadata())
        for shard in range(rank, selection.num_shards, world_size):
            with self.track_time("shard"):
                parts = sorted(bucket_dir(self.buckets_dir, shard).glob("*.parquet"))
                self.stat_update("bucket_bytes_read", value=sum(part.stat().st_size for part in parts))
                rows = (pa.concat_tables([pq.ParquetFile(p).read() for p in parts]).cast(BUCKET_SCHEMA) if parts
                        else BUCKET_SCHEMA.empty_table())
                target = self.output_dir / shard_name(shard, selection.num_shards)
                rows = rows.sort_by(ORDER_SORT_KEYS)
                ids = language_ids(rows.column("language").to_pylist(), where=str(target))
                rows = rows.set_column(rows.schema.get_field_index("language"), "language", pa.array(ids, pa.int64()))
                table = rows.select(SHARD_SCHEMA.names).cast(schema)
                with atomic_output(target) as handle:
                    pq.write_table(table, handle, row_group_size=self.row_group_rows, compression=self.compression,
                                   write_statistics=True)
            self.stat_update("shard_bytes_written", value=target.stat().st_size)
            self.stat_update("shards")
            self.stat_update("rows", value=table.num_rows)
            self.stat_update("tokens", value=int(pc.sum(table.column("token_count")).as_py() or 0))
            for component, count in zip(*np.unique(table.column("component").to_numpy(zero_copy_only=False),
                                                   return_counts=True)):
                self.stat_update(f"rows_{component}", value=int(count))
            del rows, table  # not held while the next shard is read
            release_free_memory()
