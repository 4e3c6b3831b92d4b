"""`WriteShards`: write the shards of a shard plan (`codemix.pipeline.shard_plan`), each atomically.

Task r writes shards s with s % world_size == r, so a killed run resumes at the shards it had not completed,
and the bytes do not depend on the task count.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.io import atomic_output
from codemix.schemas.documents import SHARD_SCHEMA, num_shards_of, shard_name
from codemix.schemas.shards import huggingface_schema_metadata, language_ids


def _read_rows(file: str, rows: np.ndarray) -> pa.Table:
    """Read the given rows of an intermediate Parquet file, touching only the row groups that hold them."""
    parquet = pq.ParquetFile(file)
    meta = parquet.metadata
    starts = np.cumsum([0] + [meta.row_group(i).num_rows for i in range(meta.num_row_groups)])
    groups = np.unique(np.searchsorted(starts, rows, side="right") - 1)
    present = [name for name in SHARD_SCHEMA.names if name in parquet.schema_arrow.names]
    table = parquet.read_row_groups(groups.tolist(), columns=present)
    offsets = np.concatenate([[0], np.cumsum([meta.row_group(int(g)).num_rows for g in groups])])
    local = np.empty(len(rows), dtype=np.int64)
    for i, row in enumerate(rows.tolist()):
        g = int(np.searchsorted(starts, row, side="right") - 1)
        position = int(np.searchsorted(groups, g))
        local[i] = offsets[position] + row - starts[g]
    return table.take(pa.array(local))


def assemble_shard(plan_rows: pa.Table, *, where: str = "shard") -> pa.Table:
    """Gather one shard's documents, in plan order, into a table of `SHARD_SCHEMA` (`where` names the shard
    in errors)."""
    files = plan_rows.column("file").to_pylist()
    rows = plan_rows.column("row").to_numpy()
    out = {name: [None] * plan_rows.num_rows for name in SHARD_SCHEMA.names}
    for file in sorted(set(files)):
        positions = np.array([i for i, f in enumerate(files) if f == file], dtype=np.int64)
        table = _read_rows(file, rows[positions]).to_pydict()
        for name, values in table.items():
            column = out[name]
            for pos, value in zip(positions.tolist(), values):
                column[pos] = value
    components = plan_rows.column("component").to_pylist()
    out["id"] = plan_rows.column("out_id").to_pylist()
    out["component"] = components
    out["token_count"] = plan_rows.column("token_count").to_pylist()
    out["language"] = language_ids(out["language"], where=where)
    return pa.table(out, schema=SHARD_SCHEMA)


class WriteShards(PipelineStep):
    """Write the shards of the shard plan assigned to this task (s % world_size == rank). The plan file
    says how many shards there are (`num_shards_of`), so the task count is free."""

    name = "🗂️ write shards"
    type = "✍️ - WRITER"

    def __init__(
        self,
        *,
        shard_plan: str,
        output_dir: str,
        row_group_rows: int = 1000,
        compression: str = "zstd",
    ):
        super().__init__()
        self.shard_plan = shard_plan
        self.output_dir = output_dir
        self.row_group_rows = row_group_rows
        self.compression = None if compression == "none" else compression

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        import pyarrow.compute as pc

        plan = pq.read_table(self.shard_plan)
        num_shards = num_shards_of(plan)
        schema = SHARD_SCHEMA.with_metadata(huggingface_schema_metadata())
        for shard in range(rank, num_shards, world_size):
            with self.track_time("shard"):
                rows = plan.filter(pc.equal(plan.column("shard"), shard))
                path = Path(self.output_dir) / shard_name(shard, num_shards)
                table = assemble_shard(rows, where=str(path)).replace_schema_metadata(schema.metadata)
                with atomic_output(path) as handle:
                    pq.write_table(
                        table,
                        handle,
                        row_group_size=self.row_group_rows,
                        compression=self.compression,
                        write_statistics=True,
                    )
            self.stat_update("shards")
            self.stat_update("rows", value=table.num_rows)
            self.stat_update("tokens", value=int(pc.sum(table.column("token_count")).as_py() or 0))
            for component, count in zip(*np.unique(rows.column("component").to_numpy(zero_copy_only=False), return_counts=True)):
                self.stat_update(f"rows_{component}", value=int(count))
