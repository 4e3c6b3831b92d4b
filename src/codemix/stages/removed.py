"""Removal lists: the documents a stage decided to leave out of the output, without rewriting any file.

A stage that removes documents after ingest (deduplication, decontamination) writes, for each documents file
`<work>/docs/<name>.parquet`, the ids it removes from it to `<removed_dir>/<stage>/<name>.parquet` (column
`id`); its reasons go to the reject records. `RemovedIds.ids_for(source)` is what the index stage leaves out
of one source: the union of every stage's list for it. Lists that apply to every documents file (the code
used in pairs, when the config keeps it out of the monolingual streams) are `shared_lists`, read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from codemix.io import atomic_output

REMOVED_SCHEMA = pa.schema([pa.field("id", pa.string(), nullable=False)])


def write_removed(removed_dir: str | Path, stage: str, source: str | Path, ids: Iterable[str]) -> Path:
    """Write one stage's removal list for one documents file (sorted ids)."""
    path = Path(removed_dir) / stage / f"{Path(source).stem}.parquet"
    with atomic_output(path) as handle:
        pq.write_table(pa.table({"id": sorted(ids)}, schema=REMOVED_SCHEMA), handle, compression="zstd")
    return path


class RemovedIds:
    """The ids to leave out of each documents file (see the module docstring). Picklable and lazy."""

    def __init__(self, *, removed_dir: str | Path, shared_lists: Sequence[str | Path] = (),
                 paired_dir: str | Path | None = None) -> None:
        self.removed_dir = Path(removed_dir)
        self.shared_lists = [Path(p) for p in shared_lists]
        self.paired_dir = None if paired_dir is None else Path(paired_dir)
        self._shared: set[str] | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_shared": None}

    def _shared_ids(self) -> set[str]:
        if self._shared is None:
            self._shared = set()
            for path in self.shared_lists:
                self._shared.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
        return self._shared

    def ids_for(self, source: str | Path) -> set[str]:
        """The ids to leave out of `source` (a documents file; paired documents files lose none)."""
        source = Path(source)
        if self.paired_dir is not None and source.parent == self.paired_dir:
            return set()
        ids = set(self._shared_ids())
        if self.removed_dir.is_dir():
            for stage in sorted(p for p in self.removed_dir.iterdir() if p.is_dir()):
                listed = stage / f"{source.stem}.parquet"
                if listed.is_file():
                    ids.update(pq.read_table(listed, columns=["id"]).column("id").to_pylist())
        return ids
