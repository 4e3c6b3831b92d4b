"""The order of a build's output: which copies of which documents are written, and where each one goes.

Everything here is a pure function of the seed, the component names, document ids and token counts, so every
stage that needs a piece of the order computes the same thing, on any number of tasks.

Selection. Each document has a selection key `k = xxh64("<seed>:<component>:<id>")` (an unsigned 64-bit
integer). A component planned for P tokens out of U unique tokens takes every document F = P // U times (full
epochs) and, for the remainder R = P - F * U, the documents in ascending (k, id) order while they fit: all
documents of the key bins before the bin where the running total crosses R (the boundary bin), then, from the
boundary bin on, each document in (k, id) order that does not overshoot R, until R is met or
`BOUNDARY_SCAN_DOCS` documents were looked at. The achieved tokens are exact to within one document.

Streams. A component's copies form a stream, epoch after epoch (the remainder epoch last). Within an epoch the
documents go bin by bin, in a seeded permutation of the `KEY_BINS` bins that changes with the epoch, and in
(k, id) order inside a bin. A copy's stream offset T is the tokens of the copies before it; the bins' token
totals (per task histograms, summed) give every bin's offset without sorting the whole stream.

Interleave. A copy of t tokens at stream offset T of a component with A achieved tokens has the virtual time
v = (T + t / 2) / A, in (0, 1). The output is every copy of every component in (v, component, epoch, k, id)
order: a token-weighted fair interleave (weighted fair queueing), so at any point each component has
contributed its share of the tokens written so far to within half a document (`docs/architecture.md`). Shard s
of S holds the copies with floor(v * S) == s: equal slices of virtual time, so equal tokens to within a few
documents, and every shard keeps the mixture too. S is ceil(tokens / max_shard_tokens), or less when a
component's largest document would leave a slice narrower than it without any copy (the plan makes sure no
shard is empty).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import xxhash

#: Key bins: a component's documents fall into `KEY_BINS` bins by the top bits of their selection key.
KEY_BINS = 4096
#: Documents looked at from the boundary bin on to fill a remainder (in a large corpus the boundary bin alone
#: holds thousands; in a small one the scan goes on into the following bins).
BOUNDARY_SCAN_DOCS = 10_000
_BIN_SHIFT = np.uint64(64 - 12)


def selection_keys(seed: int, component: str, ids: Sequence[str]) -> np.ndarray:
    """The selection key (uint64) of each document id of `component`."""
    prefix = f"{seed}:{component}:".encode()
    return np.fromiter((xxhash.xxh64_intdigest(prefix + doc_id.encode()) for doc_id in ids), dtype=np.uint64,
                       count=len(ids))


def key_bins(keys: np.ndarray) -> np.ndarray:
    """The bin of each selection key: its top 12 bits."""
    return (keys >> _BIN_SHIFT).astype(np.int64)


def bin_start_key(key_bin: int) -> int:
    return int(key_bin) << 52


def epoch_bin_order(seed: int, component: str, epoch: int) -> np.ndarray:
    """The bins of `component` in the order epoch `epoch` visits them: a seeded permutation of range(KEY_BINS)."""
    return np.random.default_rng([seed, epoch, *component.encode()]).permutation(KEY_BINS)


def epoch_bin_offsets(
    seed: int, component: str, *, epoch_bin_tokens: Sequence[np.ndarray]
) -> np.ndarray:
    """Stream offset of each (epoch, bin): the tokens of every copy before that bin's first copy.

    `epoch_bin_tokens[e]` holds the tokens each bin contributes in epoch e (all documents in a full epoch, the
    selected ones in the remainder epoch). Returns an int64 array [epochs, KEY_BINS]."""
    offsets = np.zeros((len(epoch_bin_tokens), KEY_BINS), dtype=np.int64)
    start = 0
    for epoch, tokens in enumerate(epoch_bin_tokens):
        order = epoch_bin_order(seed, component, epoch)
        in_order = np.asarray(tokens, dtype=np.int64)[order]
        before = np.cumsum(in_order) - in_order
        offsets[epoch, order] = start + before
        start += int(in_order.sum())
    return offsets


def virtual_times(stream_offsets: np.ndarray, tokens: np.ndarray, achieved_tokens: int) -> np.ndarray:
    """v = (T + t / 2) / A for copies at stream offsets T with t tokens, of a component of A tokens."""
    return (stream_offsets.astype(np.float64) + tokens.astype(np.float64) / 2.0) / float(achieved_tokens)


def shards_of(virtual: np.ndarray, num_shards: int) -> np.ndarray:
    """The shard of each virtual time: equal slices of (0, 1)."""
    return np.minimum((virtual * num_shards).astype(np.int64), num_shards - 1).astype(np.int32)


def copy_id(doc_id: str, epoch: int) -> str:
    """The output id of a document's copy: its id for the first, `<id>#repeat<k>` for the k-th repeat."""
    return doc_id if epoch == 0 else f"{doc_id}#repeat{epoch}"


@dataclass(frozen=True)
class ComponentSelection:
    """What the plan selected of one component (see the module docstring)."""

    name: str
    unique_docs: int
    unique_tokens: int
    full_epochs: int  # every document this many times
    boundary_bin: int  # the remainder takes every document of the bins before it ... (-1: no remainder)
    boundary_ids: tuple[str, ...]  # ... and these from the boundary bin on,
    boundary_bins: tuple[int, ...]  # which are in these bins,
    boundary_tokens: tuple[int, ...]  # with these tokens
    remainder_docs: int
    remainder_tokens: int
    bin_tokens: tuple[int, ...]  # tokens per key bin, over the component's kept documents
    bin_docs: tuple[int, ...]

    @property
    def epochs(self) -> int:
        """Epochs in the stream: the full ones, and the remainder epoch when there is one."""
        return self.full_epochs + (1 if self.remainder_docs else 0)

    @property
    def achieved_tokens(self) -> int:
        return self.full_epochs * self.unique_tokens + self.remainder_tokens

    @property
    def rows(self) -> int:
        return self.full_epochs * self.unique_docs + self.remainder_docs

    @property
    def repeated_rows(self) -> int:
        """Rows that repeat a document already written once (every copy after a document's first)."""
        return self.rows - (self.unique_docs if self.full_epochs else self.remainder_docs)

    def epoch_bin_tokens(self) -> list[np.ndarray]:
        """Tokens each key bin contributes to each epoch of the stream."""
        full = np.asarray(self.bin_tokens, dtype=np.int64)
        epochs = [full] * self.full_epochs
        if self.remainder_docs:
            remainder = np.zeros(KEY_BINS, dtype=np.int64)
            remainder[: self.boundary_bin] = full[: self.boundary_bin]
            np.add.at(remainder, np.asarray(self.boundary_bins, dtype=np.int64),
                      np.asarray(self.boundary_tokens, dtype=np.int64))
            epochs.append(remainder)
        return epochs


@dataclass(frozen=True)
class OutputSelection:
    """The selection of every component, the output's size in shards, and the seed that orders it."""

    seed: int
    num_shards: int
    components: dict[str, ComponentSelection]

    @property
    def component_names(self) -> list[str]:
        """Components in the order the output breaks ties between them (their index in the order key)."""
        return sorted(self.components)

    def to_json(self) -> str:
        data = {"seed": self.seed, "num_shards": self.num_shards,
                "components": {name: asdict(comp) for name, comp in sorted(self.components.items())}}
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "OutputSelection":
        data = json.loads(text)
        components = {}
        for name, comp in data["components"].items():
            comp = {**comp, **{key: tuple(comp[key]) for key in
                                ("boundary_ids", "boundary_bins", "boundary_tokens", "bin_tokens", "bin_docs")}}
            components[name] = ComponentSelection(**comp)
        return cls(seed=data["seed"], num_shards=data["num_shards"], components=components)
