"""`CodeMixStream`: the documents of a codemix build, dealt to ranks and DataLoader workers, resumable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa

from codemix.stream.core import DealtStream, TokenTally, WindowCache
from codemix.stream.layout import LANGUAGE_COLUMN, TOKENS_COLUMN
from codemix.stream.order import EpochOrder


class CodeMixStream(DealtStream):
    """The documents of one split of a codemix build (a local folder or any fsspec URL holding
    `manifest.json` and the shards), for a training loop, a torch DataLoader or DDP.

    Every document of the split is yielded once per epoch across all ranks and workers (ranks get equal
    counts: `remainder="wrap"` repeats the epoch's first documents to fill the last round, `"drop"` leaves
    the incomplete round out). The order is a function of `seed`, `epoch`, `shuffle` and
    `shuffle_window_row_groups` only: see `codemix.stream.order`. `state_dict()` / `load_state_dict()` resume
    exactly. Rows are dicts of `columns` (default: all), `language` as its name.

    `rank` and `world_size` default to torch.distributed's when a process group is initialised (else 0 of
    1); DataLoader workers are found with `torch.utils.data.get_worker_info()`. Memory holds one window of
    `shuffle_window_row_groups` row groups, whatever the number of shards.

    Keyword-only: `split="train"`, `rank=None`, `world_size=None`, `seed=0`, `shuffle=True`, `epoch=0`,
    `columns=None`, `shuffle_window_row_groups=8`, `remainder="wrap"` (see `DealtStream`).
    """

    kind = "documents"

    @property
    def _read_columns(self) -> list[str]:
        # the token tally's columns come along with every row group read in full
        return list(dict.fromkeys([*self.columns, LANGUAGE_COLUMN, TOKENS_COLUMN]))

    def _epoch_items(self) -> int:
        return self.layout.rows

    def _tally(self, order: EpochOrder, cache: WindowCache, x0: int, initial: np.ndarray) -> TokenTally:
        def window_data(window: int):
            small = cache.small(window)
            return small.codes, small.tokens, None

        return TokenTally(
            starts=order.window_start, window_data=window_data, labels=len(self.labels), x0=x0, initial=initial,
            partial_tokens=False,
        )

    def _items(self, active) -> Iterator[tuple[int, dict[str, Any]]]:
        order, cache, deal = active.order, active.cache, active.deal
        total = order.length
        position = deal.start
        while position < deal.end and total:
            cycle, within = divmod(position, total)
            window = order.window_of(within)
            lo = cycle * total + int(order.window_start[window])
            hi = cycle * total + int(order.window_start[window + 1])
            ranks = deal.rank_positions_in(max(lo, deal.start), min(hi, deal.end))
            if len(ranks):
                slot, row = cache.positions(window)
                index = deal.global_position(ranks) - lo
                yield from zip(ranks.tolist(), self._gather(order, cache, window, slot[index], row[index]))
            active.tally.advance(min(hi, deal.end))
            position = hi

    def _gather(self, order: EpochOrder, cache: WindowCache, window: int, slot: np.ndarray, row: np.ndarray) -> list[dict[str, Any]]:
        """The rows (slot, row) of `window` as dicts, in that order, reading only the row groups that hold them."""
        units = order.window_units(window)
        needed = np.unique(slot)
        tables = []
        for unit in units[needed].tolist():
            table = cache.reader.read(unit, self._read_columns)
            cache.remember(unit, table)
            tables.append(table.select(self.columns))
        if len(slot) == int(order.unit_rows[units[needed]].sum()):
            # every row of these row groups is wanted (one consumer): convert each whole, then reorder the dicts
            converted = [table.to_pylist() for table in tables]
            rows = [converted[k][r] for k, r in zip(np.searchsorted(needed, slot).tolist(), row.tolist())]
        else:
            # a share of each row group (other ranks or workers take the rest): convert only the rows wanted
            offsets = np.concatenate([[0], np.cumsum(order.unit_rows[units[needed]])[:-1]])
            rows = pa.concat_tables(tables).take(pa.array(offsets[np.searchsorted(needed, slot)] + row)).to_pylist()
        if LANGUAGE_COLUMN in self.columns:
            labels = self.labels  # the same str objects for every row: no new strings
            for item in rows:
                item[LANGUAGE_COLUMN] = labels[item[LANGUAGE_COLUMN]]
        return rows

    def pack(self, seq_len: int, *, eos: bool = True, tokenizer: str | None = None):
        """Fixed-length token blocks of this stream's documents (see `PackedStream`), starting at this
        stream's epoch."""
        from codemix.stream.packing import PackedStream

        return PackedStream(self, seq_len=seq_len, eos=eos, tokenizer=tokenizer)
