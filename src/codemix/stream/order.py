"""The global order of an epoch and how it is dealt to ranks and DataLoader workers.

Global order (a function of the row groups' row counts, `seed`, `epoch`, `shuffle` and
`shuffle_window_row_groups` only; never of ranks or workers):
  1. the split's row groups in a seeded random order (`shuffle=False`: file order);
  2. cut into windows of `shuffle_window_row_groups` consecutive row groups;
  3. inside a window, documents are taken round robin over its row groups (one from each in turn,
     skipping a row group once it is used up), each row group's rows in their own seeded random order
     (`shuffle=False`: file order).

Dealing (position i of the global order, counted from where the epoch, or a resumed run, starts):
  - rank r of R takes positions start + r, start + r + R, ...: every rank gets the same number, the
    remainder handled by `remainder` ("wrap": the last round is completed with the epoch's first items
    again; "drop": the incomplete last round is left out);
  - rank-local position m goes to DataLoader worker (m // batch_size) % W: whole batches, in the order a
    DataLoader collects them (batch n from worker n % W), so a rank's batches arrive in rank order for any
    number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Remainder = Literal["wrap", "drop"]

# Separate random streams per purpose, all keyed by (seed, epoch).
_UNIT_ORDER = 0
_ROWS_ORDER = 1


def dealt_end(start: int, total: int, world_size: int, remainder: Remainder) -> int:
    """Where the positions dealt from `start` end: a multiple of `world_size` past `start`."""
    remaining = max(0, total - start)
    if remainder == "wrap":
        return start + -(-remaining // world_size) * world_size
    return start + (remaining // world_size) * world_size


@dataclass(frozen=True)
class Deal:
    """The positions [start, end) of the global order (end may pass the epoch's length when wrapping)
    as seen by one consumer: rank `rank` of `world_size`, worker `worker` of `workers`, in chunks of
    `chunk` rank-local positions."""

    start: int
    end: int
    rank: int
    world_size: int
    worker: int = 0
    workers: int = 1
    chunk: int = 1

    @property
    def rank_items(self) -> int:
        """Positions this rank gets (equal for every rank)."""
        return (self.end - self.start) // self.world_size

    def global_position(self, m):
        """Global position of rank-local position(s) `m` (an int or an array)."""
        return self.start + self.rank + m * self.world_size

    def lockstep_position(self, m_done: int) -> int:
        """The global position every rank has reached once each has taken `m_done` rank-local items."""
        return self.start + min(m_done, self.rank_items) * self.world_size

    def rank_positions_in(self, lo: int, hi: int) -> np.ndarray:
        """This consumer's rank-local positions m whose global position lies in [lo, hi), ascending."""
        offset = self.start + self.rank
        first = max(0, -(-(lo - offset) // self.world_size))
        last = min(self.rank_items, -(-(hi - offset) // self.world_size))
        if last <= first:
            return np.zeros(0, dtype=np.int64)
        m = np.arange(first, last, dtype=np.int64)
        if self.workers > 1:
            m = m[(m // self.chunk) % self.workers == self.worker]
        return m

    def chunks(self):
        """(first, stop) rank-local positions of this worker's chunks, in order."""
        for first in range(self.worker * self.chunk, self.rank_items, self.workers * self.chunk):
            yield first, min(first + self.chunk, self.rank_items)


class EpochOrder:
    """The global order of one epoch over the row groups ("units") of a split (see the module docstring)."""

    def __init__(self, unit_rows: np.ndarray, *, seed: int, epoch: int, shuffle: bool, window_row_groups: int):
        self.seed = seed
        self.epoch = epoch
        self.shuffle = shuffle
        self.unit_rows = unit_rows
        count = len(unit_rows)
        if shuffle:
            self.units = np.random.default_rng([seed, epoch, _UNIT_ORDER]).permutation(count)
        else:
            self.units = np.arange(count)
        # unshuffled, a window is only how many row groups are read at a time: the order is the files' order
        self.window_size = window_row_groups
        self.windows = -(-count // self.window_size) if count else 0
        rows = unit_rows[self.units]
        starts = np.arange(0, count, self.window_size)
        window_rows = np.add.reduceat(rows, starts) if count else np.zeros(0, dtype=np.int64)
        #: first global position of each window; the last entry is the epoch's length
        self.window_start = np.concatenate([[0], np.cumsum(window_rows)]).astype(np.int64)

    @property
    def length(self) -> int:
        return int(self.window_start[-1])

    def window_units(self, window: int) -> np.ndarray:
        return self.units[window * self.window_size:(window + 1) * self.window_size]

    def window_of(self, position: int) -> int:
        """The window holding global position `position` (0 <= position < length)."""
        return int(np.searchsorted(self.window_start, position, side="right") - 1)

    def window_positions(self, window: int) -> tuple[np.ndarray, np.ndarray]:
        """(slot, row) of every position of `window` in order: slot indexes `window_units(window)`, row is the
        row inside that row group."""
        units = self.window_units(window)
        rows = self.unit_rows[units]
        total = int(rows.sum())
        slot = np.repeat(np.arange(len(units)), rows)
        first = np.concatenate([[0], np.cumsum(rows)[:-1]]).astype(np.int64)
        within = np.arange(total, dtype=np.int64) - np.repeat(first, rows)
        if not self.shuffle:
            return slot, within
        order = np.lexsort((slot, within))  # round robin: by round (row rank), then by slot
        permuted = np.concatenate(
            [np.random.default_rng([self.seed, self.epoch, _ROWS_ORDER, int(u)]).permutation(int(n)) for u, n in zip(units, rows)]
        ) if total else np.zeros(0, dtype=np.int64)
        slot = slot[order]
        within = within[order]
        return slot, permuted[first[slot] + within]
