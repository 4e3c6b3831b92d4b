"""Pair quality: per direction, pairs made and dropped by reason, document tokens, and pairs whose sides differ
in size by more than `SIZE_RATIO_LIMIT` (a sign of a wrong member: a helper file paired with a solution).

GroupPairs adds every group's outcome to one `PairQuality` per bucket and writes it beside the pairs
(`pairs/quality/<bucket>.json`); the build merges the buckets' summaries and reports them in `stats.json`, the
dataset card and the summary printed at the end of `codemix build`. A summary holds counts and a histogram of
token counts per direction, never one entry per pair, except the `WORST_PAIRS` pairs whose sides are furthest
apart. Merging is order-free, so the report is the same for any number of tasks.

Definitions:
- A direction's **pairs** are the groups that made it (a pair split into parts counts once); its **documents**
  the rows written for it (one per part): training rows for training directions, `pairs_eval` rows for
  held-out ones. Median and 95th-percentile tokens are over documents (end-of-document token included when
  configured), nearest-rank: the smallest count with at least half (95%) of the documents at or below it.
  Counts below 10,000 are kept exactly, larger ones to four significant digits.
- **Dropped**: groups that have both languages of a direction (each with a document that reached pairing)
  but made no document in it, by reason (see `codemix.pairing.groups`).
- **Size ratio** of a pair: tokens of the larger program's code over the smaller's (each program as it stands
  in the document, without template text). The share of pairs above `SIZE_RATIO_LIMIT` is per direction; the
  worst pairs are language pairs (both directions of a pair are one entry), largest ratio first.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from codemix.pairing.groups import GroupOutcome
from codemix.pairing.render import direction_name

SIZE_RATIO_LIMIT = 4.0
WORST_PAIRS = 10
EXACT_BELOW_TOKENS = 10_000


def token_bin(tokens: int) -> int:
    """A token count as the histogram keeps it: exact below 10,000, else rounded to four significant digits."""
    if tokens < EXACT_BELOW_TOKENS:
        return tokens
    step = 10 ** (len(str(tokens)) - 4)
    return (tokens + step // 2) // step * step


def nearest_rank(histogram: dict[int, int], fraction: float) -> int | None:
    """The smallest value with at least `fraction` of the counted values at or below it; None when empty."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise AssertionError("unreachable: the ranks add up to the total")


def size_ratio(first_tokens: int, second_tokens: int) -> float:
    return max(first_tokens, second_tokens) / max(min(first_tokens, second_tokens), 1)


@dataclass
class DirectionQuality:
    split: str  # "train" or "eval"
    pairs: int = 0
    documents: int = 0
    far_apart: int = 0  # pairs whose size ratio exceeds SIZE_RATIO_LIMIT
    dropped: Counter = field(default_factory=Counter)  # reason -> groups
    tokens: Counter = field(default_factory=Counter)  # token_bin(document tokens) -> documents

    def merge(self, other: "DirectionQuality") -> None:
        self.pairs += other.pairs
        self.documents += other.documents
        self.far_apart += other.far_apart
        self.dropped.update(other.dropped)
        self.tokens.update(other.tokens)

    def to_dict(self) -> dict[str, Any]:
        return {"split": self.split, "pairs": self.pairs, "documents": self.documents, "far_apart": self.far_apart,
                "dropped": dict(sorted(self.dropped.items())),
                "tokens": {str(k): v for k, v in sorted(self.tokens.items())}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DirectionQuality":
        return cls(split=data["split"], pairs=data["pairs"], documents=data["documents"], far_apart=data["far_apart"],
                   dropped=Counter(data["dropped"]), tokens=Counter({int(k): v for k, v in data["tokens"].items()}))

    def report(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "pairs": self.pairs,
            "documents": self.documents,
            "dropped": dict(sorted(self.dropped.items())),
            "median_tokens": nearest_rank(self.tokens, 0.5),
            "p95_tokens": nearest_rank(self.tokens, 0.95),
            "share_size_ratio_over_limit": self.far_apart / self.pairs if self.pairs else 0.0,
        }


def _worst_key(entry: dict[str, Any]) -> tuple:
    return (-entry["ratio"], entry["pair_key"], *entry["languages"])


class PairQuality:
    """The quality summary of some groups: per direction (in `directions` order) and the worst pairs."""

    def __init__(self, *, directions: dict[str, str], languages: Sequence[str]) -> None:
        """`directions`: direction name -> split ("train" or "eval"), in report order; `languages` orders a pair."""
        self.directions = {name: DirectionQuality(split=split) for name, split in directions.items()}
        self.languages = tuple(languages)
        self.worst: list[dict[str, Any]] = []

    def add(self, outcome: GroupOutcome) -> None:
        """Count one group's `GroupOutcome`."""
        for direction, reason in outcome.direction_drops.items():
            self.directions[direction].dropped[reason] += 1
        documents: Counter = Counter()
        for row in outcome.train_rows:
            documents[row["language"]] += 1
            self.directions[row["language"]].tokens[token_bin(row["token_count"])] += 1
        for row in outcome.eval_rows:
            direction = direction_name(row["src_lang"], row["tgt_lang"])
            documents[direction] += 1
            self.directions[direction].tokens[token_bin(row["token_count"])] += 1
        language_pairs: set[tuple[str, str]] = set()
        for direction, count in documents.items():
            src, tgt = direction.split("->")
            quality = self.directions[direction]
            quality.pairs += 1
            quality.documents += count
            if size_ratio(outcome.program_tokens[src], outcome.program_tokens[tgt]) > SIZE_RATIO_LIMIT:
                quality.far_apart += 1
            language_pairs.add(tuple(sorted((src, tgt), key=self.languages.index)))
        self._keep_worst(
            {
                "pair_key": outcome.pair_key,
                "languages": list(pair),
                "tokens": [outcome.program_tokens[lang] for lang in pair],
                "ratio": round(size_ratio(*(outcome.program_tokens[lang] for lang in pair)), 3),
                "files": [outcome.program_sources[lang] for lang in pair],
            }
            for pair in language_pairs
        )

    def _keep_worst(self, entries: Iterable[dict[str, Any]]) -> None:
        self.worst = sorted([*self.worst, *entries], key=_worst_key)[:WORST_PAIRS]

    def merge(self, other: "PairQuality") -> None:
        for name, quality in other.directions.items():
            if name not in self.directions:
                self.directions[name] = DirectionQuality(split=quality.split)
            self.directions[name].merge(quality)
        self._keep_worst(other.worst)

    def to_dict(self) -> dict[str, Any]:
        return {"languages": list(self.languages),
                "directions": {name: q.to_dict() for name, q in self.directions.items()},
                "worst_pairs": self.worst}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PairQuality":
        quality = cls(directions={}, languages=data["languages"])
        quality.directions = {name: DirectionQuality.from_dict(d) for name, d in data["directions"].items()}
        quality.worst = list(data["worst_pairs"])
        return quality

    def report(self) -> dict[str, Any]:
        """The `pairing` section of stats.json."""
        return {
            "size_ratio_limit": SIZE_RATIO_LIMIT,
            "directions": {name: q.report() for name, q in self.directions.items()},
            "worst_pairs": self.worst,
        }
