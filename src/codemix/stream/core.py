"""What documents and packed blocks share: rank and worker discovery, the resumable position, the token
tally, and reading a window's small columns."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from codemix.stream.layout import LANGUAGE_COLUMN, TOKENS_COLUMN, RowGroupReader, SplitLayout, StreamError, load_layout
from codemix.stream.order import Deal, EpochOrder, Remainder, dealt_end

STATE_FORMAT = 1


def distributed_context() -> tuple[int, int] | None:
    """(rank, world size) from torch.distributed when torch is loaded and a process group is initialised."""
    torch = sys.modules.get("torch")
    if torch is None:
        return None
    dist = getattr(torch, "distributed", None)
    if dist is not None and dist.is_available() and dist.is_initialized():
        return int(dist.get_rank()), int(dist.get_world_size())
    return None


def worker_context() -> tuple[int, int]:
    """(worker id, number of workers) inside a torch DataLoader worker, else (0, 1). Never imports torch."""
    data = sys.modules.get("torch.utils.data")
    info = data.get_worker_info() if data is not None else None
    return (0, 1) if info is None else (int(info.id), int(info.num_workers))


@dataclass
class WindowSmall:
    """The columns of a window every consumer reads in full: label codes and token counts, in window order."""

    slot: np.ndarray
    row: np.ndarray
    codes: np.ndarray
    tokens: np.ndarray


class WindowCache:
    """Positions and small columns of the most recent windows of one epoch (bounded: memory stays flat).

    Row groups a consumer reads in full pass their small columns in (`remember`), so a window's small
    columns are read separately only for the row groups this consumer does not read anyway."""

    def __init__(self, order: EpochOrder, reader: RowGroupReader, *, capacity: int = 3):
        self.order = order
        self.reader = reader
        self.capacity = capacity
        self._positions: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._small: OrderedDict[int, WindowSmall] = OrderedDict()
        self._units: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    @staticmethod
    def _remember(cache: OrderedDict, key: int, value: Any, capacity: int) -> Any:
        cache[key] = value
        while len(cache) > capacity:
            cache.popitem(last=False)
        return value

    def positions(self, window: int) -> tuple[np.ndarray, np.ndarray]:
        """(slot, row) of every position of `window`, in order (see `EpochOrder.window_positions`)."""
        found = self._positions.pop(window, None)
        if found is None:
            found = self.order.window_positions(window)
        return self._remember(self._positions, window, found, self.capacity)

    def remember(self, unit: int, table) -> None:
        """Keep the small columns of a row group just read in full."""
        pair = (table.column(LANGUAGE_COLUMN).to_numpy(), table.column(TOKENS_COLUMN).to_numpy())
        self._remember(self._units, unit, pair, 2 * self.order.window_size)

    def small(self, window: int) -> WindowSmall:
        found = self._small.pop(window, None)
        if found is None:
            slot, row = self.positions(window)
            units = self.order.window_units(window)
            codes, tokens = [], []
            for unit in units.tolist():
                pair = self._units.get(unit)
                if pair is None:
                    table = self.reader.read(unit, [LANGUAGE_COLUMN, TOKENS_COLUMN])
                    pair = (table.column(LANGUAGE_COLUMN).to_numpy(), table.column(TOKENS_COLUMN).to_numpy())
                codes.append(pair[0])
                tokens.append(pair[1])
            first = np.concatenate([[0], np.cumsum(self.order.unit_rows[units])[:-1]]).astype(np.int64)
            index = first[slot] + row
            all_codes = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
            all_tokens = np.concatenate(tokens) if tokens else np.zeros(0, dtype=np.int64)
            found = WindowSmall(slot=slot, row=row, codes=all_codes[index].astype(np.int64), tokens=all_tokens[index].astype(np.int64))
        return self._remember(self._small, window, found, self.capacity)


class TokenTally:
    """Tokens per language label over the first x units of "measure" of an epoch's sequence, repeated when
    dealing wraps past its end (documents: measure 1 per document; blocks: measure = tokens, and an item,
    one block, is `scale` tokens).

    Counts start from the saved counts at item x0 and are rebuilt window by window from the small columns
    (`window_data(w)` -> (codes, tokens, measure or None for 1 each) in window order); one window's counts
    are a bincount."""

    def __init__(
        self,
        *,
        starts: np.ndarray,
        window_data: Callable[[int], tuple[np.ndarray, np.ndarray, np.ndarray | None]],
        labels: int,
        x0: int,
        initial: np.ndarray,
        partial_tokens: bool,
        scale: int = 1,
    ):
        self.scale = scale
        x0 *= scale
        self.period = int(starts[-1])
        self.starts = starts
        self.windows = len(starts) - 1
        self.window_data = window_data
        self.labels = labels
        self.x0 = x0
        self.initial = initial
        self.partial_tokens = partial_tokens
        self._bases: dict[int, np.ndarray] = {}
        self._last = -1

    def _partial(self, window: int, upto: int) -> np.ndarray:
        counts = np.zeros(self.labels, dtype=np.int64)
        if upto <= 0:
            return counts
        codes, tokens, measure = self.window_data(window)
        if measure is None:
            whole, reached = min(upto, len(codes)), min(upto, len(codes))
        else:
            cumulative = np.cumsum(measure)
            whole = int(np.searchsorted(cumulative, upto, side="right"))
            reached = int(cumulative[whole - 1]) if whole else 0
        if whole:
            counts += np.rint(np.bincount(codes[:whole], weights=tokens[:whole], minlength=self.labels)).astype(np.int64)
        if self.partial_tokens and whole < len(codes) and upto > reached:
            counts[codes[whole]] += int(upto - reached)
        return counts

    def _window_length(self, window: int) -> int:
        return int(self.starts[window + 1] - self.starts[window])

    def _ensure(self, logical: int) -> None:
        if self._last < 0:
            cycle, within = divmod(self.x0, self.period)
            window = int(np.searchsorted(self.starts, within, side="right") - 1)
            first = cycle * self.windows + window
            self._bases[first] = self.initial - self._partial(window, within - int(self.starts[window]))
            self._last = first
        while self._last < logical:
            window = self._last % self.windows
            self._bases[self._last + 1] = self._bases[self._last] + self._partial(window, self._window_length(window))
            self._bases.pop(self._last - 2, None)
            self._last += 1

    def _locate(self, x: int) -> tuple[int, int, int]:
        """(logical window, window, measure inside it) of the window whose range (start, end] holds x > 0."""
        cycle, within = divmod(x, self.period)
        if within == 0:
            cycle, within = cycle - 1, self.period
        window = int(np.searchsorted(self.starts, within, side="left") - 1)
        return cycle * self.windows + window, window, within - int(self.starts[window])

    def advance(self, items: int) -> None:
        """Fold every window before the one holding item `items` into the running counts, while their small
        columns are still cached (iteration calls this as it goes, so the counts never need a window again)."""
        x = items * self.scale
        if x > self.x0 and self.period:
            self._ensure(self._locate(x)[0])

    def counts_at(self, items: int) -> np.ndarray:
        """Token counts per label once `items` items of the sequence have been consumed (items >= x0)."""
        x = items * self.scale
        if x == self.x0 or self.period == 0:
            return self.initial.copy()
        logical, window, upto = self._locate(x)
        self._ensure(logical)
        return self._bases[logical] + self._partial(window, upto)


class DealtStream:
    """The resumable machinery shared by documents (`CodeMixStream`) and packed blocks (`PackedStream`).

    Position: `epoch` and `consumed`, the number of items of the epoch's global order that all ranks
    together have taken; plus tokens seen per language. That is the whole state, the same on every rank."""

    kind = "documents"

    def __init__(
        self,
        path: str,
        *,
        split: str = "train",
        rank: int | None = None,
        world_size: int | None = None,
        seed: int = 0,
        shuffle: bool = True,
        epoch: int = 0,
        columns: list[str] | None = None,
        shuffle_window_row_groups: int = 8,
        remainder: Remainder = "wrap",
        layout: SplitLayout | None = None,
    ):
        if (rank is None) != (world_size is None):
            raise ValueError("give both rank and world_size, or neither (then torch.distributed decides, else 0 of 1)")
        if world_size is not None and not 0 <= rank < world_size:
            raise ValueError(f"rank {rank} is not in [0, world_size={world_size})")
        if shuffle_window_row_groups < 1:
            raise ValueError("shuffle_window_row_groups must be at least 1")
        if remainder not in ("wrap", "drop"):
            raise ValueError(f"remainder must be 'wrap' or 'drop', not {remainder!r}")
        if epoch < 0:
            raise ValueError("epoch must be >= 0")
        self.path = str(path)
        self.split = split
        self.seed = int(seed)
        self.shuffle = bool(shuffle)
        self.shuffle_window_row_groups = int(shuffle_window_row_groups)
        self.remainder: Remainder = remainder
        self._rank_given = None if rank is None else (int(rank), int(world_size))
        self.layout = layout if layout is not None else load_layout(self.path, split=split)
        self.columns = check_columns(self.layout, columns)
        self.labels = self.layout.language_labels
        self._epoch = int(epoch)
        self._consumed = 0
        self._counts = np.zeros(len(self.labels), dtype=np.int64)
        self._active: _Active | None = None
        self.rank, self.world_size = self._resolve_rank()

    def __getstate__(self) -> dict[str, Any]:
        # What a DataLoader worker gets: the position so far, without open files.
        state = self.__dict__.copy()
        if self._active is not None:
            state["_epoch"], state["_consumed"], state["_counts"] = self._active.position()
            state["_active"] = None
        return state

    # --- who am I -------------------------------------------------------------------------------
    def _resolve_rank(self) -> tuple[int, int]:
        if self._rank_given is not None:
            return self._rank_given
        return distributed_context() or (0, 1)

    # --- what a subclass defines ----------------------------------------------------------------
    def _epoch_items(self) -> int:
        """How many items an epoch's global order holds (the same every epoch)."""
        raise NotImplementedError

    def _tally(self, order: EpochOrder, cache: WindowCache, x0: int, initial: np.ndarray) -> TokenTally:
        raise NotImplementedError

    def _items(self, active: "_Active") -> Iterator[tuple[int, Any]]:
        """(rank-local position, item) for every position of `active.deal`, in order; calls
        `active.tally.advance` as it goes."""
        raise NotImplementedError

    def _state_extra(self) -> dict[str, Any]:
        return {}

    # --- position -------------------------------------------------------------------------------
    @property
    def epoch(self) -> int:
        return self.state_dict()["epoch"]

    def set_epoch(self, epoch: int) -> None:
        """Start `epoch` from its beginning, unless the stream is already in it (a resumed run keeps its place).
        Tokens seen carry over."""
        state = self.state_dict()
        if epoch != state["epoch"]:
            self._restore({**state, "epoch": int(epoch), "consumed": 0})

    def _identity(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "kind": self.kind,
            "dataset": self.layout.fingerprint,
            "split": self.split,
            "seed": self.seed,
            "shuffle": self.shuffle,
            "shuffle_window_row_groups": self.shuffle_window_row_groups,
            **self._state_extra(),
        }

    def _counts_dict(self, counts: np.ndarray) -> dict[str, int]:
        return {self.labels[i]: int(counts[i]) for i in np.flatnonzero(counts)}

    def state_dict(self) -> dict[str, Any]:
        """Where this stream is: a few integers (epoch, items consumed by all ranks together) and tokens seen
        per language. Equal on every rank that steps in lockstep, so saving rank 0's is enough."""
        if self._active is not None:
            epoch, consumed, counts = self._active.position()
        else:
            epoch, consumed, counts = self._epoch, self._consumed, self._counts
        return {**self._identity(), "epoch": epoch, "consumed": consumed, "tokens_seen_per_language": self._counts_dict(counts)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Resume from `state_dict()` of this stream or of any rank of a run over the same data and order."""
        mine = self._identity()
        for key, value in mine.items():
            if state.get(key) != value:
                raise ValueError(f"state {key}={state.get(key)!r} does not match this stream's {value!r}")
        self._restore(state)

    def _restore(self, state: dict[str, Any]) -> None:
        counts = np.zeros(len(self.labels), dtype=np.int64)
        index = {label: i for i, label in enumerate(self.labels)}
        for label, tokens in (state.get("tokens_seen_per_language") or {}).items():
            if label not in index:
                raise ValueError(f"state counts tokens of {label!r}, which is not a language label of {self.path}")
            counts[index[label]] = int(tokens)
        self._active = None
        self._epoch = int(state["epoch"])
        self._consumed = int(state["consumed"])
        self._counts = counts

    # --- iteration ------------------------------------------------------------------------------
    def _start(self, *, chunk: int) -> "_Active":
        epoch, consumed, counts = (self._active.position() if self._active is not None else (self._epoch, self._consumed, self._counts))
        if self._rank_given is None and worker_context()[1] == 1:
            self.rank, self.world_size = self._resolve_rank()
        worker, workers = worker_context()
        order = EpochOrder(
            self.layout.unit_rows, seed=self.seed, epoch=epoch, shuffle=self.shuffle, window_row_groups=self.shuffle_window_row_groups
        )
        reader = RowGroupReader(self.layout, max_open_files=order.window_size + 1)
        cache = WindowCache(order, reader)
        total = self._epoch_items()
        start = consumed if consumed < total else total  # a finished epoch
        deal = Deal(
            start=start, end=dealt_end(start, total, self.world_size, self.remainder), rank=self.rank,
            world_size=self.world_size, worker=worker, workers=workers, chunk=chunk,
        )
        tally = self._tally(order, cache, consumed, counts)
        self._active = _Active(epoch=epoch, deal=deal, tally=tally, order=order, cache=cache)
        return self._active

    def __iter__(self) -> Iterator[Any]:
        """The rest of the current epoch for this rank (and DataLoader worker); then the stream stands at the
        start of the next epoch. Breaking out and iterating again continues where it stopped."""
        active = self._start(chunk=1)
        for m, item in self._items(active):
            active.done = m + 1
            yield item
        self._finish(active)

    def _batches(self, batch_size: int) -> Iterator[tuple[list[Any], dict[str, Any]]]:
        """(items of one batch, state once every rank has taken this batch): this worker's batches of the
        rank's order; batch n of the rank belongs to worker n % workers (how a DataLoader collects them)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        active = self._start(chunk=batch_size)
        batch: list[Any] = []
        for m, item in self._items(active):
            batch.append(item)
            if (m + 1) % batch_size == 0 or m + 1 == active.deal.rank_items:
                active.done = m + 1
                yield batch, self.state_dict()
                batch = []
        self._finish(active)

    def _finish(self, active: "_Active") -> None:
        if self._active is active:
            active.done = active.deal.rank_items
            self._epoch, self._consumed, self._counts = active.position()
            self._active = None

    def __len__(self) -> int:
        """Items this rank yields in a whole epoch (equal on every rank)."""
        return dealt_end(0, self._epoch_items(), self.world_size, self.remainder) // self.world_size


@dataclass
class _Active:
    """An iteration in progress: its deal and how many rank-local items have been taken."""

    epoch: int
    deal: Deal
    tally: TokenTally
    order: EpochOrder
    cache: WindowCache
    done: int = 0

    def position(self) -> tuple[int, int, np.ndarray]:
        if self.done >= self.deal.rank_items:
            return self.epoch + 1, 0, self.tally.counts_at(self.deal.end)
        consumed = self.deal.lockstep_position(self.done)
        return self.epoch, consumed, self.tally.counts_at(consumed)


def check_columns(layout: SplitLayout, columns: list[str] | None) -> list[str]:
    names = layout.schema.names
    if columns is None:
        return list(names)
    unknown = [c for c in columns if c not in names]
    if unknown:
        raise StreamError(f"{layout.url}: split {layout.split!r} has no column(s) {unknown} (columns: {names})")
    return list(columns)

