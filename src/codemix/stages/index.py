"""`IndexSources`: what each component offers, as per-task summaries and small sorted index files.

The sources of a build's output are its documents files (`work/docs/<rank>.parquet`, one component per row:
its `language`) and its paired documents (`work/pairs/train/<bucket>.parquet`, component `paired`). Task r
reads sources s with s % world_size == r, small columns only, leaves out what the dedup stages removed (a docs
file is seen only through `codemix.stages.dedup.keep_mask`) and the ids of `excluded_lists` (code used in
pairs, when the config keeps it out of the monolingual streams), and writes

- `<index_dir>/<rank>.parquet` (`INDEX_SCHEMA`): one row per kept document of the build's components, sorted
  by (component, selection key, id), each component's rows in row groups of at most `row_group_rows`, so a
  reader of one key range touches only the row groups that hold it;
- `<index_dir>/<rank>.summary.json`: per component, documents, bytes and tokens, the tokens and documents per
  selection-key bin (`codemix.schemas.order.KEY_BINS`) and the largest document's tokens; what the dedup
  stages removed from its docs files, per reason and language; and the documents of the build's languages each
  input contributed (so a run can say which input contributed nothing): all the plan and the run's report
  need, whatever the corpus size.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.io import atomic_output
from codemix.schemas.documents import INDEX_SCHEMA, KIND_PAIRED
from codemix.schemas.order import KEY_BINS, key_bins, selection_keys
from codemix.stages.dedup import keep_mask, read_removed


def index_path(index_dir: str | Path, rank: int) -> Path:
    return Path(index_dir) / f"{rank:05d}.parquet"


def summary_path(index_dir: str | Path, rank: int) -> Path:
    return Path(index_dir) / f"{rank:05d}.summary.json"


class IndexSources(PipelineStep):
    """Index the kept documents of task r's sources (see the module docstring)."""

    name = "🗂 index"
    type = "📇 - INDEX"

    def __init__(
        self,
        *,
        sources: Sequence[str | Path],
        paired_sources: Sequence[str | Path] = (),
        components: Sequence[str],
        index_dir: str | Path,
        dedup_dir: str | Path | None,
        excluded_lists: Sequence[str | Path] = (),
        seed: int,
        row_group_rows: int = 1024,
    ) -> None:
        super().__init__()
        self.sources = [str(s) for s in sources] + [str(s) for s in paired_sources]
        self.first_paired = len(sources)
        self.components = sorted(components)
        self.index_dir = Path(index_dir)
        self.dedup_dir = None if dedup_dir is None else Path(dedup_dir)
        self.excluded_lists = [Path(p) for p in excluded_lists]
        self.seed = seed
        self.row_group_rows = row_group_rows

    def _excluded(self) -> pa.Array | None:
        """The ids of every excluded list (read once per task)."""
        ids = [pq.read_table(path, columns=["id"]).column("id") for path in self.excluded_lists if path.is_file()]
        return pa.concat_arrays([c.combine_chunks() for c in ids]) if ids else None

    def _read(self, source: int, excluded: pa.Array | None, kept_per_input: Counter[str]) -> pa.Table:
        """The kept rows of one source: component, key, tokens, bytes, id, source, row. Adds the documents each
        input contributed (kept by cleaning and dedup, used in pairs or not) to `kept_per_input`."""
        path = self.sources[source]
        paired = source >= self.first_paired
        columns = ["id", "token_count", "bytes"] + ([] if paired else ["language", "source"])
        table = pq.read_table(path, columns=columns)
        rows = pa.array(np.arange(table.num_rows, dtype=np.int64))
        component = (pa.array([KIND_PAIRED] * table.num_rows, pa.string()) if paired
                     else table.column("language").combine_chunks())
        keep = pc.is_in(component, value_set=pa.array(self.components, pa.string()))
        if not paired:
            keep = pc.and_(keep, pa.array(keep_mask(path, dedup_dir=self.dedup_dir, num_rows=table.num_rows)))
            kept_per_input.update(table.column("source").filter(keep).to_pylist())
            if excluded is not None:
                keep = pc.and_(keep, pc.invert(pc.is_in(table.column("id"), value_set=excluded)))
        table = pa.table({
            "component": component, "tokens": table.column("token_count"), "bytes": table.column("bytes"),
            "id": table.column("id"), "row": rows,
        }).filter(keep)
        ids = table.column("id").to_pylist()
        components = table.column("component").to_pylist()
        keys = np.empty(len(ids), dtype=np.uint64)
        for name in set(components):
            where = np.flatnonzero(np.array(components, dtype=object) == name)
            keys[where] = selection_keys(self.seed, name, [ids[i] for i in where])
        return pa.table({
            "component": table.column("component"),
            "key": pa.array(keys, pa.uint64()),
            "tokens": table.column("tokens").cast(pa.int64()),
            "bytes": table.column("bytes").cast(pa.int64()),
            "id": table.column("id"),
            "source": pa.array(np.full(table.num_rows, source, dtype=np.int32)),
            "row": table.column("row"),
        }, schema=INDEX_SCHEMA)

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        with self.track_time():
            excluded = self._excluded()
            mine = range(rank, len(self.sources), world_size)
            kept_per_input: Counter[str] = Counter()
            tables = [self._read(source, excluded, kept_per_input) for source in mine]
            table = pa.concat_tables(tables) if tables else INDEX_SCHEMA.empty_table()
            table = table.sort_by([("component", "ascending"), ("key", "ascending"), ("id", "ascending")])
            summary: dict[str, dict] = {}
            with atomic_output(index_path(self.index_dir, rank)) as handle, \
                    pq.ParquetWriter(handle, INDEX_SCHEMA, compression="zstd") as writer:
                if table.num_rows == 0:
                    writer.write_table(table)
                for name in self.components:
                    rows = table.filter(pc.equal(table.column("component"), name))
                    if rows.num_rows == 0:
                        continue
                    # one component per row group: a key range of one component reads only its own groups
                    for start in range(0, rows.num_rows, self.row_group_rows):
                        writer.write_table(rows.slice(start, self.row_group_rows))
                    bins = key_bins(rows.column("key").to_numpy())
                    tokens = rows.column("tokens").to_numpy()
                    summary[name] = {
                        "docs": rows.num_rows,
                        "bytes": int(pc.sum(rows.column("bytes")).as_py()),
                        "tokens": int(tokens.sum()),
                        "max_tokens": int(tokens.max()),
                        "bin_tokens": np.bincount(bins, weights=tokens, minlength=KEY_BINS).astype(np.int64).tolist(),
                        "bin_docs": np.bincount(bins, minlength=KEY_BINS).astype(np.int64).tolist(),
                    }
                    self.stat_update(f"docs_{name}", value=rows.num_rows)
                    self.stat_update(f"tokens_{name}", value=int(tokens.sum()))
            removed = self._removed([self.sources[s] for s in mine if s < self.first_paired])
            with atomic_output(summary_path(self.index_dir, rank), "w") as handle:
                json.dump({"components": summary, "removed_by_dedup": removed,
                           "kept_per_input": dict(kept_per_input)}, handle, sort_keys=True)

    def _removed(self, docs_files: list[str]) -> dict[str, dict[str, dict[str, int]]]:
        """Documents, tokens and bytes the dedup stages removed from `docs_files`, per reason and language."""
        counts: dict[str, dict[str, dict[str, int]]] = {}
        if self.dedup_dir is None:
            return counts
        for path in docs_files:
            table = read_removed(self.dedup_dir, path, ["reason", "language", "token_count", "bytes"])
            for reason, language, tokens, size in zip(*(table.column(c).to_pylist() for c in table.column_names)):
                entry = counts.setdefault(reason, {}).setdefault(language, {"docs": 0, "tokens": 0, "bytes": 0})
                entry["docs"] += 1
                entry["tokens"] += tokens
                entry["bytes"] += size
        return counts


def read_key_range(path: str | Path, component: str, key_lo: int, key_hi: int | None) -> pa.Table:
    """The rows of `component` with key_lo <= key < key_hi (no upper bound when None) of one index file,
    reading only the row groups whose statistics overlap the range (each holds one component, in key order)."""
    parquet = pq.ParquetFile(path)
    meta = parquet.metadata
    component_column = INDEX_SCHEMA.get_field_index("component")
    key_column = INDEX_SCHEMA.get_field_index("key")
    groups = []
    for group in range(meta.num_row_groups):
        if meta.row_group(group).num_rows == 0:
            continue
        names = meta.row_group(group).column(component_column).statistics
        keys = meta.row_group(group).column(key_column).statistics
        if names.min != component or names.max != component:
            continue
        if keys.max < key_lo or (key_hi is not None and keys.min >= key_hi):
            continue
        groups.append(group)
    if not groups:
        return INDEX_SCHEMA.empty_table()
    table = parquet.read_row_groups(groups, use_threads=False)  # no reader threads: each keeps an allocator arena
    keys = table.column("key")
    mask = pc.greater_equal(keys, pa.scalar(key_lo, pa.uint64()))
    if key_hi is not None:
        mask = pc.and_(mask, pc.less(keys, pa.scalar(key_hi, pa.uint64())))
    return table.filter(mask)
