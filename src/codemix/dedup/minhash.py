"""MinHash signatures by one-permutation hashing with optimal densification, and LSH banding.

Classic MinHash hashes every shingle under every one of `num_perm` permutations: (shingles x permutations)
multiplications, the cost that dominates datatrove's own signature step. One-permutation hashing (Li, Owen
and Zhang 2012) hashes each shingle once and splits the hash range into `num_perm` bins; a bin's value is
its smallest hash. Sorting the hashes once gives every bin's minimum (the hash range is split monotonically,
so the first sorted hash in a bin is its minimum). A small document leaves bins empty: optimal densification
(Shrivastava 2017) fills an empty bin with the value of the first non-empty bin on a probe sequence fixed by
the bin's index and the seed, the same sequence for every document, which keeps the probability that two
documents agree in a bin equal to their Jaccard similarity, for every bin.

A signature is `num_perm` uint32 values (the low 32 bits of each bin's minimum hash). `bands` x `rows` of
them are the LSH bands: two documents that agree on all `rows` values of any band are candidates, and the
fraction of all values they agree on estimates their Jaccard similarity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from codemix.dedup.shingles import mix64, splitmix64_sequence

#: Probes of each bin whose first hits are tabulated (later ones are computed for the rare bin that needs them).
_PROBE_TABLE = 4096


@dataclass(frozen=True)
class MinHashScheme:
    """`num_perm` bins, cut into `bands` bands of `num_perm // bands` rows; `seed` picks the hash function."""

    num_perm: int = 256
    bands: int = 32
    seed: int = 1

    def __post_init__(self) -> None:
        if self.num_perm < 1 or self.num_perm > 1 << 16:
            raise ValueError(f"num_perm must be in [1, 65536], got {self.num_perm}")
        if self.bands < 1 or self.num_perm % self.bands:
            raise ValueError(f"bands must divide num_perm ({self.num_perm}), got {self.bands}")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    def candidate_probability(self, jaccard: float) -> float:
        """The probability that two documents of this Jaccard similarity share at least one band."""
        return 1.0 - (1.0 - jaccard**self.rows) ** self.bands


@lru_cache(maxsize=8)
def _seed_key(seed: int) -> np.uint64:
    return np.uint64(splitmix64_sequence(seed, 1)[0])


@lru_cache(maxsize=8)
def _bin_edges(num_perm: int) -> np.ndarray:
    """The smallest uint64 hash of each bin: bin(h) = ((h >> 32) * num_perm) >> 32 (monotone in h)."""
    bins = np.arange(num_perm, dtype=object)
    return np.array([(((b << 32) + num_perm - 1) // num_perm) << 32 for b in bins.tolist()], dtype=np.uint64)


def _probes(bins: np.ndarray, start: int, count: int, num_perm: int, seed: int) -> np.ndarray:
    """Probes `start` to `start + count` of each bin in `bins`: the t-th bin an empty bin j borrows from is
    mix64(((j << 32) + t) ^ key) % num_perm, a fixed pseudo-random sequence per (bin, seed)."""
    key = splitmix64_sequence(seed ^ 0xD3A5, 1)[0]
    steps = np.arange(start, start + count, dtype=np.uint64)
    keys = (bins.astype(np.uint64)[:, None] << np.uint64(32)) + steps
    return (mix64(keys ^ key) % np.uint64(num_perm)).astype(np.int64)


@lru_cache(maxsize=8)
def _first_hits(num_perm: int, seed: int) -> np.ndarray:
    """`_first_hits[j, b]`: the first probe of bin j that lands on bin b (`_PROBE_TABLE` when none of the
    tabulated ones does). The donor of an empty bin is then the filled bin with the smallest first hit."""
    probes = _probes(np.arange(num_perm), 0, _PROBE_TABLE, num_perm, seed)
    first = np.full((num_perm, num_perm), _PROBE_TABLE, dtype=np.int32)
    rows = np.arange(num_perm)
    for step in range(_PROBE_TABLE - 1, -1, -1):  # backwards: the earliest probe is written last
        first[rows, probes[:, step]] = step
    return first


def signature(shingle_hashes: np.ndarray, scheme: MinHashScheme) -> np.ndarray | None:
    """The signature (`num_perm` uint32) of a document's shingle hashes; None when it has none."""
    if len(shingle_hashes) == 0:
        return None
    hashed = np.sort(mix64(shingle_hashes ^ _seed_key(scheme.seed)))
    firsts = np.searchsorted(hashed, _bin_edges(scheme.num_perm))
    # bin b is non-empty when its first position holds a hash below the next bin's edge
    lasts = np.empty_like(firsts)
    lasts[:-1] = firsts[1:]
    lasts[-1] = len(hashed)
    filled = firsts < lasts
    values = np.zeros(scheme.num_perm, dtype=np.uint32)
    values[filled] = (hashed[firsts[filled]] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    if not filled.all():
        _densify(values, filled, scheme)
    return values


def _densify(values: np.ndarray, filled: np.ndarray, scheme: MinHashScheme) -> None:
    """Give every empty bin the value of the first filled bin on its probe sequence (in place).

    With the table of first hits this is one (empty x filled) minimum, not a loop over probes; a bin none of whose
    tabulated probes hits a filled bin (about 1e-7 of the bins of a one-shingle document) probes on."""
    empty = np.flatnonzero(~filled)
    full = np.flatnonzero(filled)
    steps = _first_hits(scheme.num_perm, scheme.seed)[empty[:, None], full[None, :]]
    best = steps.argmin(axis=1)
    found = steps[np.arange(len(empty)), best] < _PROBE_TABLE
    values[empty[found]] = values[full[best[found]]]
    for bin_index in empty[~found].tolist():
        start = _PROBE_TABLE
        while True:
            probes = _probes(np.array([bin_index]), start, _PROBE_TABLE, scheme.num_perm, scheme.seed)[0]
            hits = np.flatnonzero(filled[probes])
            if len(hits):
                values[bin_index] = values[probes[hits[0]]]
                break
            start += _PROBE_TABLE


def estimated_jaccard(first: np.ndarray, second: np.ndarray) -> np.ndarray | float:
    """The fraction of agreeing values of two signatures (or of two stacks of signatures, row by row)."""
    return np.mean(first == second, axis=-1)
