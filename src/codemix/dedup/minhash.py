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

#: Probes per empty bin tried at once; a document with a single shingle needs a few hundred on average.
_PROBE_CHUNK = 64
_MAX_PROBES = 1 << 14


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


@lru_cache(maxsize=8)
def _probe_table(num_perm: int, seed: int) -> np.ndarray:
    """`_probe_table[j, t]`: the t-th bin an empty bin j borrows from (a fixed pseudo-random sequence)."""
    state = splitmix64_sequence(seed ^ 0xD3A5, 1)[0]
    keys = (np.arange(num_perm, dtype=np.uint64)[:, None] << np.uint64(32)) + np.arange(_MAX_PROBES, dtype=np.uint64)
    return (mix64(keys ^ state) % np.uint64(num_perm)).astype(np.int32)


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
    """Give every empty bin the value of the first filled bin on its probe sequence (in place)."""
    probes = _probe_table(scheme.num_perm, scheme.seed)
    empty = np.flatnonzero(~filled)
    for start in range(0, _MAX_PROBES, _PROBE_CHUNK):
        candidates = probes[empty, start : start + _PROBE_CHUNK]
        hits = filled[candidates]
        found = hits.any(axis=1)
        first = hits.argmax(axis=1)
        donors = candidates[np.flatnonzero(found), first[found]]
        values[empty[found]] = values[donors]
        empty = empty[~found]
        if len(empty) == 0:
            return
    raise RuntimeError("densification ran out of probes")  # (1 - 1/num_perm)^16384: never for 256 bins


def estimated_jaccard(first: np.ndarray, second: np.ndarray) -> np.ndarray | float:
    """The fraction of agreeing values of two signatures (or of two stacks of signatures, row by row)."""
    return np.mean(first == second, axis=-1)
