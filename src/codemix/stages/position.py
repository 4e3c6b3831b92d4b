"""`PositionCopies`: where every selected copy of every document goes in the output (`codemix.schemas.order`).

The work is the (component, key bin) pairs that hold copies, cut into `world_size` contiguous runs of about
equal copies (deterministic: a function of the selection and the task count). Task r reads its bins' rows from
every index file (only the row groups that hold them), sorts each bin by (key, id), and for every epoch gives
each copy its stream offset (the bin's offset in that epoch, from the selection's histograms, plus the tokens
before it in the bin), its virtual time and its shard. It writes the copies of source file s to
`<assign_dir>/<s % scatter_tasks>/<r>.parquet` (`ASSIGN_SCHEMA`), so each scatter task reads only its own.
A task works through its run in pieces of about `max_copies` copies (65,536 by default: about 6 MB), writing each
piece's copies to the open file of each scatter task as a row group: its memory is one piece, not its run.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from codemix.io import atomic_output, release_free_memory
from codemix.schemas.documents import ASSIGN_SCHEMA
from codemix.schemas.order import (
    KEY_BINS,
    ComponentSelection,
    OutputSelection,
    bin_start_key,
    epoch_bin_offsets,
    key_bins,
    shards_of,
    virtual_times,
)
from codemix.stages.index import read_key_range


def assign_path(assign_dir: str | Path, scatter_task: int, rank: int) -> Path:
    return Path(assign_dir) / f"{scatter_task:05d}" / f"{rank:05d}.parquet"


def work_units(selection: OutputSelection) -> list[tuple[str, int, int]]:
    """(component, bin, copies) of every key bin that holds copies, components in name order, bins ascending."""
    units = []
    for name in selection.component_names:
        comp = selection.components[name]
        chosen_per_bin = Counter(comp.boundary_bins)
        for key_bin in range(KEY_BINS):
            docs = comp.bin_docs[key_bin]
            copies = docs * comp.full_epochs
            if comp.remainder_docs and key_bin < comp.boundary_bin:
                copies += docs
            elif comp.remainder_docs:
                copies += chosen_per_bin.get(key_bin, 0)
            if copies:
                units.append((name, key_bin, copies))
    return units


def chunk_run(run: list[tuple[str, int, int]], max_copies: int) -> Iterator[tuple[str, list[int]]]:
    """A task's run as (component, contiguous bins) pieces of at most `max_copies` copies each (a bin is never
    split, so a bin with more copies is a piece of its own): each bin's offsets restart at the bin, so a piece's
    copies are positioned exactly as in the whole run."""
    name, bins, copies = None, [], 0
    for component, key_bin, count in run:
        if bins and (component != name or copies + count > max_copies):
            yield name, bins
            bins, copies = [], 0
        name = component
        bins.append(key_bin)
        copies += count
    if bins:
        yield name, bins


def split_units(units: list[tuple[str, int, int]], parts: int) -> list[list[tuple[str, int, int]]]:
    """Contiguous runs of about equal copies, one per task."""
    weights = np.cumsum([copies for _, _, copies in units]) if units else np.zeros(0)
    total = weights[-1] if len(weights) else 0
    runs: list[list[tuple[str, int, int]]] = [[] for _ in range(parts)]
    for unit, before in zip(units, np.concatenate([[0], weights[:-1]]) if units else []):
        runs[min(parts - 1, int(before * parts // max(total, 1)))].append(unit)
    return runs


class PositionCopies(PipelineStep):
    name = "📍 position copies"
    type = "🔀 - ORDER"

    def __init__(
        self,
        *,
        selection_path: str | Path,
        index_files: Sequence[str | Path],
        assign_dir: str | Path,
        scatter_tasks: int,
        max_copies: int = 1 << 16,
    ) -> None:
        super().__init__()
        if max_copies <= 0:
            raise ValueError("max_copies must be positive")
        self.max_copies = max_copies
        self.selection_path = Path(selection_path)
        self.index_files = [Path(p) for p in index_files]
        self.assign_dir = Path(assign_dir)
        self.scatter_tasks = scatter_tasks

    def _copies(self, selection: OutputSelection, comp: ComponentSelection, bins: list[int]) -> pa.Table:
        """Every copy of the documents of `bins` (a contiguous run) of one component."""
        key_hi = bin_start_key(bins[-1] + 1) if bins[-1] + 1 < KEY_BINS else None
        rows = pa.concat_tables(
            [read_key_range(path, comp.name, bin_start_key(bins[0]), key_hi) for path in self.index_files]
        ).sort_by([("key", "ascending"), ("id", "ascending")])
        keys = rows.column("key").to_numpy()
        row_bins = key_bins(keys)
        tokens = rows.column("tokens").to_numpy()
        offsets = epoch_bin_offsets(selection.seed, comp.name, epoch_bin_tokens=comp.epoch_bin_tokens())
        # Arrow's membership test: no Python string per row
        boundary = pc.is_in(rows.column("id"), value_set=pa.array(comp.boundary_ids, pa.string())).to_numpy(
            zero_copy_only=False)
        pieces = []
        for epoch in range(comp.epochs):
            if epoch < comp.full_epochs:
                take = np.ones(len(keys), dtype=bool)
            else:  # the remainder epoch
                take = (row_bins < comp.boundary_bin) | boundary
            index = np.flatnonzero(take)
            epoch_tokens = tokens[index]
            epoch_bins = row_bins[index]
            # tokens before each copy within its bin: a running sum restarted at every bin
            running = np.cumsum(epoch_tokens) - epoch_tokens
            first = np.concatenate([[True], epoch_bins[1:] != epoch_bins[:-1]]) if len(index) else np.zeros(0, bool)
            restart = np.maximum.accumulate(np.where(first, running, 0)) if len(index) else running
            stream = offsets[epoch, epoch_bins] + running - restart
            virtual = virtual_times(stream, epoch_tokens, comp.achieved_tokens)
            pieces.append(pa.table({
                "source": rows.column("source").take(pa.array(index)),
                "row": rows.column("row").take(pa.array(index)),
                "shard": pa.array(shards_of(virtual, selection.num_shards)),
                "id": rows.column("id").take(pa.array(index)),
                "virtual_time": pa.array(virtual),
                "component_index": pa.array(np.full(len(index), selection.component_names.index(comp.name),
                                                    dtype=np.int16)),
                "epoch": pa.array(np.full(len(index), epoch, dtype=np.int32)),
                "key": pa.array(keys[index], pa.uint64()),
            }, schema=ASSIGN_SCHEMA))
        return pa.concat_tables(pieces) if pieces else ASSIGN_SCHEMA.empty_table()

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        selection = OutputSelection.from_json(self.selection_path.read_text())
        run = split_units(work_units(selection), world_size)[rank]
        with self.track_time(), contextlib.ExitStack() as files:
            writers: dict[int, pq.ParquetWriter] = {}  # per scatter task, opened at its first copy
            for name, bins in chunk_run(run, self.max_copies):
                copies = self._copies(selection, selection.components[name], bins)
                scatter = pc.remainder(copies.column("source"), self.scatter_tasks).to_numpy()
                for task in np.unique(scatter).tolist():
                    if task not in writers:
                        handle = files.enter_context(atomic_output(assign_path(self.assign_dir, task, rank)))
                        writers[task] = files.enter_context(pq.ParquetWriter(handle, ASSIGN_SCHEMA, compression="zstd"))
                    writers[task].write_table(copies.filter(pa.array(scatter == task)))
                self.stat_update("copies", value=copies.num_rows)
                del copies
                release_free_memory()  # memory is one chunk's copies
