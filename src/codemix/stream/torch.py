"""torch adapter for `codemix.stream` (optional extra: `pip install 'codemix[torch]'`, the CPU build
`torch==2.13.0+cpu`).

`StreamDataset` is a `torch.utils.data.IterableDataset` that yields whole batches, each with the stream's
state once every rank has taken it: batch n of a rank comes from worker n % num_workers, which is the
order a DataLoader collects batches in, so the batches arrive in the rank's order for any number of
workers. `StreamLoader` wraps the DataLoader, hands the trainer the batches and keeps the state of the
last batch it handed over: that is what `state_dict()` returns, exact at any step.

    loader = StreamLoader(CodeMixStream(OUT).pack(2048), batch_size=8, num_workers=2)
    for epoch in range(epochs):
        loader.set_epoch(epoch)
        for batch in loader:            # {"input_ids": LongTensor[8, 2048], "segment_ids": ..., ...}
            ...
            checkpoint["data"] = loader.state_dict()
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, IterableDataset

from codemix.stream.core import DealtStream


def collate(items: list[dict[str, Any]]) -> dict[str, Any]:
    """One batch: numpy arrays (packed blocks) stacked into tensors, every other column a list."""
    if not items:
        return {}
    return {
        key: torch.from_numpy(np.stack([item[key] for item in items])) if isinstance(items[0][key], np.ndarray)
        else [item[key] for item in items]
        for key in items[0]
    }


class StreamDataset(IterableDataset):
    """Yields (batch, state) pairs of `stream` (a `CodeMixStream` or `PackedStream`): batches of `batch_size`
    items of this rank, dealt to DataLoader workers whole. Use with `DataLoader(..., batch_size=None)`, or
    through `StreamLoader`, which unpacks the pairs."""

    def __init__(self, stream: DealtStream, *, batch_size: int):
        super().__init__()
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.stream = stream
        self.batch_size = batch_size

    def __iter__(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        for items, state in self.stream._batches(self.batch_size):
            yield collate(items), state


class StreamLoader:
    """A DataLoader over a stream that knows where it is: `state_dict()` is the state after the last batch
    handed to the trainer; `load_state_dict()` resumes there, with any `num_workers`. Other keyword
    arguments go to `torch.utils.data.DataLoader` (`pin_memory`, `prefetch_factor`, ...)."""

    def __init__(self, stream: DealtStream, *, batch_size: int, num_workers: int = 0, **dataloader_kwargs: Any):
        for key in ("batch_size", "shuffle", "sampler", "batch_sampler", "collate_fn", "persistent_workers"):
            if key in dataloader_kwargs:
                raise ValueError(f"StreamLoader sets {key!r} itself (persistent workers would keep a stale position)")
        self.stream = stream
        self.batch_size = batch_size
        self.num_workers = num_workers
        self.dataloader_kwargs = dataloader_kwargs
        self._state: dict[str, Any] | None = None

    def _sync(self) -> None:
        if self._state is not None:
            self.stream._restore(self._state)
            self._state = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self._sync()
        stream = self.stream
        if stream._rank_given is None:  # resolve here, in the trainer's process, not in the workers
            stream.rank, stream.world_size = stream._resolve_rank()
        loader = DataLoader(
            StreamDataset(stream, batch_size=self.batch_size), batch_size=None, num_workers=self.num_workers,
            collate_fn=_identity, **self.dataloader_kwargs,
        )
        for batch, state in loader:
            self._state = state
            yield batch

    def __len__(self) -> int:
        """Batches per epoch on this rank."""
        return -(-len(self.stream) // self.batch_size)

    def state_dict(self) -> dict[str, Any]:
        return dict(self._state) if self._state is not None else self.stream.state_dict()

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.stream.load_state_dict(state)
        self._state = None

    def set_epoch(self, epoch: int) -> None:
        self._sync()
        self.stream.set_epoch(epoch)


def _identity(item: Any) -> Any:
    # batches are collated in the worker; a module-level function pickles for spawned workers
    return item
