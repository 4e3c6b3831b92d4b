"""From the plan to shards: select documents per component, shuffle across components, cut into shards.

Selection: a component planned for P tokens out of U unique tokens repeats every document
floor(P / U) times and fills the remainder with whole documents taken in a seeded random order (a
document that would overshoot the remainder is skipped, so achieved tokens never exceed the plan).
Order: one seeded permutation of every selected (document, repeat) across all components. Shards: the
ordered stream is cut at equal token boundaries. Everything is a function of (inventory, plan, seed),
so the shard plan, and the shards written from it, are byte-identical across runs and task counts.

Writing runs as a datatrove step (`WriteShards`): task r writes shards s with s % world_size == r,
each atomically, so a killed run resumes at the shards it had not completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.pipeline.inventory import Inventory
from codemix.pipeline.plan import BuildPlan
from codemix.pipeline.workdir import atomic_output
from codemix.schemas.documents import SHARD_SCHEMA

SHARD_PLAN_SCHEMA = pa.schema(
    [
        pa.field("shard", pa.int32(), nullable=False),
        pa.field("file", pa.string(), nullable=False),
        pa.field("row", pa.int64(), nullable=False),
        pa.field("component", pa.string(), nullable=False),
        pa.field("out_id", pa.string(), nullable=False),
        pa.field("token_count", pa.int64(), nullable=False),
    ]
)


@dataclass(frozen=True)
class Selection:
    """Achieved tokens and documents per component, after whole-document selection."""

    tokens: dict[str, int]
    docs: dict[str, int]  # rows written, repeats included
    repeated_docs: dict[str, int]  # rows that repeat a document already written once


def _component_seed(seed: int, name: str) -> np.random.Generator:
    # A seed per component that does not depend on which other components exist.
    return np.random.default_rng([seed, *name.encode()])


def plan_shards(*, inventory: Inventory, plan: BuildPlan, seed: int) -> tuple[pa.Table, Selection, int]:
    """Decide every row of every shard. Returns the shard plan table, the selection and the shard count."""
    comp_idx: list[np.ndarray] = []
    doc_idx: list[np.ndarray] = []
    repeats: list[np.ndarray] = []
    names = sorted(plan.components)
    achieved: dict[str, int] = {}
    docs_out: dict[str, int] = {}
    repeated: dict[str, int] = {}
    for ci, name in enumerate(names):
        comp = inventory.components[name]
        planned = plan.components[name].planned_tokens
        unique = comp.unique_tokens
        if planned <= 0 or unique == 0:
            achieved[name] = docs_out[name] = repeated[name] = 0
            continue
        full_epochs, remainder = divmod(planned, unique)
        chosen = [np.repeat(np.arange(comp.docs), full_epochs)] if full_epochs else []
        # repeat number of each chosen row, in np.repeat's order (document-major)
        reps = [np.tile(np.arange(full_epochs), comp.docs)] if full_epochs else []
        if remainder:
            order = _component_seed(seed, name).permutation(comp.docs)
            cumulative = np.cumsum(comp.tokens[order])
            # whole documents in seeded order, skipping any that would overshoot the remainder
            take: list[int] = []
            used = 0
            if cumulative[-1] <= remainder:
                take = order.tolist()
                used = int(cumulative[-1])
            else:
                for doc in order.tolist():
                    t = int(comp.tokens[doc])
                    if used + t <= remainder:
                        take.append(doc)
                        used += t
                        if used == remainder:
                            break
            take_arr = np.array(sorted(take), dtype=np.int64)
            chosen.append(take_arr)
            reps.append(np.full(len(take_arr), full_epochs, dtype=np.int64))
        docs_sel = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
        reps_sel = np.concatenate(reps) if reps else np.zeros(0, dtype=np.int64)
        comp_idx.append(np.full(len(docs_sel), ci, dtype=np.int64))
        doc_idx.append(docs_sel.astype(np.int64))
        repeats.append(reps_sel.astype(np.int64))
        achieved[name] = int(comp.tokens[docs_sel].sum())
        docs_out[name] = int(len(docs_sel))
        repeated[name] = int((reps_sel > 0).sum())
    all_comp = np.concatenate(comp_idx) if comp_idx else np.zeros(0, dtype=np.int64)
    all_doc = np.concatenate(doc_idx) if doc_idx else np.zeros(0, dtype=np.int64)
    all_rep = np.concatenate(repeats) if repeats else np.zeros(0, dtype=np.int64)
    order = np.random.default_rng(seed).permutation(len(all_comp))
    all_comp, all_doc, all_rep = all_comp[order], all_doc[order], all_rep[order]

    files: list[str] = []
    rows = np.empty(len(all_comp), dtype=np.int64)
    comps: list[str] = []
    out_ids: list[str] = []
    tokens = np.empty(len(all_comp), dtype=np.int64)
    for i, (c, d, r) in enumerate(zip(all_comp.tolist(), all_doc.tolist(), all_rep.tolist())):
        comp = inventory.components[names[c]]
        files.append(comp.files[d])
        rows[i] = comp.rows[d]
        comps.append(names[c])
        out_ids.append(comp.ids[d] if r == 0 else f"{comp.ids[d]}#repeat{r}")
        tokens[i] = comp.tokens[d]
    total = int(tokens.sum())
    num_shards = max(1, -(-total // plan.max_shard_tokens))
    start_tokens = np.cumsum(tokens) - tokens
    shard = np.minimum((start_tokens * num_shards) // max(total, 1), num_shards - 1).astype(np.int32)
    table = pa.table(
        {
            "shard": pa.array(shard, pa.int32()),
            "file": pa.array(files, pa.string()),
            "row": pa.array(rows, pa.int64()),
            "component": pa.array(comps, pa.string()),
            "out_id": pa.array(out_ids, pa.string()),
            "token_count": pa.array(tokens, pa.int64()),
        },
        schema=SHARD_PLAN_SCHEMA,
    )
    return table, Selection(tokens=achieved, docs=docs_out, repeated_docs=repeated), num_shards


def shard_name(index: int, count: int, split: str = "train") -> str:
    return f"{split}-{index:05d}-of-{count:05d}.parquet"


def _huggingface_schema_metadata() -> dict[bytes, bytes]:
    """The `huggingface` schema metadata key: `datasets` reads features from it instead of guessing."""
    import json

    from datasets import Features

    features = Features.from_arrow_schema(SHARD_SCHEMA)
    return {b"huggingface": json.dumps({"info": {"features": features.to_dict()}}, sort_keys=True).encode()}


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


def assemble_shard(plan_rows: pa.Table) -> pa.Table:
    """Gather one shard's documents, in plan order, into a table of `SHARD_SCHEMA`."""
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
    return pa.table(out, schema=SHARD_SCHEMA)


class WriteShards(PipelineStep):
    """Write the shards of the shard plan assigned to this task (s % world_size == rank)."""

    name = "🗂️ write shards"
    type = "✍️ - WRITER"

    def __init__(
        self,
        *,
        shard_plan: str,
        output_dir: str,
        num_shards: int,
        row_group_rows: int = 1000,
        compression: str = "zstd",
    ):
        super().__init__()
        self.shard_plan = shard_plan
        self.output_dir = output_dir
        self.num_shards = num_shards
        self.row_group_rows = row_group_rows
        self.compression = None if compression == "none" else compression

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        import pyarrow.compute as pc

        plan = pq.read_table(self.shard_plan)
        schema = SHARD_SCHEMA.with_metadata(_huggingface_schema_metadata())
        for shard in range(rank, self.num_shards, world_size):
            with self.track_time("shard"):
                rows = plan.filter(pc.equal(plan.column("shard"), shard))
                table = assemble_shard(rows).replace_schema_metadata(schema.metadata)
                path = Path(self.output_dir) / shard_name(shard, self.num_shards)
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
