"""Decontamination: which benchmark item, if any, a document shares a long token n-gram with.

A benchmark is local files (JSONL, `.gz` ok, or Parquet), one item per row; an item's text is the
concatenation of the configured fields (HumanEval: `prompt` + `canonical_solution`, the complete program).
Items are tokenised like documents (`codemix.dedup.shingles`, the benchmark's `language` deciding which
comments go) and indexed by the hashes of their n-grams of `ngram_tokens` word tokens (identifiers, keywords
and literals: punctuation is left out of these n-grams, so ten of them span a line or two of code, not
`) ; } } }`). An n-gram found in `TEMPLATE_ITEMS` (3) or more items of one benchmark is dropped from its
index: it is the benchmark's own template (`import java.util.*; import java.lang.*; class Solution {`), found
in every file with the same boilerplate, not a trace of one item. (Two items may share their n-grams: HumanEval
56 and 61 are one program over different brackets, and both stay matchable.)

A document is contaminated by an item when it contains one of the item's n-grams, or, with `min_fraction`,
at least that fraction of them. The match names the item with the most shared n-grams (the highest
fraction with `min_fraction`).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from codemix.dedup.shingles import ngram_hashes, word_token_hashes
from codemix.schemas.config import BenchmarkConfig


class BenchmarkError(ValueError):
    """A benchmark file that cannot be used; the message names the file, the row and the reason."""


@dataclass(frozen=True)
class BenchmarkItem:
    id: str
    text: str


@dataclass(frozen=True)
class BenchmarkMatch:
    benchmark: str
    item: str
    shared_ngrams: int
    item_fraction: float  # shared n-grams / the item's indexed n-grams


def _file_format(benchmark: BenchmarkConfig, file: str) -> str:
    if benchmark.format is not None:
        return benchmark.format
    name = file.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson")):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    raise BenchmarkError(f"{file}: cannot tell the format from the extension: set `format` (jsonl or parquet)")


def _rows(path: str, file_format: str) -> Iterator[tuple[int, object]]:
    if file_format == "parquet":
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
        except Exception as error:  # pyarrow raises several types for unreadable files
            raise BenchmarkError(f"{path}: not a readable Parquet file: {error}") from None
        yield from enumerate(table.to_pylist())
        return
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for row, line in enumerate(handle):
                if not line.strip():
                    continue
                try:
                    yield row, json.loads(line)
                except json.JSONDecodeError as error:
                    raise BenchmarkError(f"{path}: row {row}: not valid JSON ({error.msg})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BenchmarkError(f"{path}: cannot be read: {error}") from None


def read_items(benchmark: BenchmarkConfig) -> list[BenchmarkItem]:
    """Every item of a benchmark, file by file in sorted order; any row without a text field is an error."""
    from codemix.io import TableFolder

    folder = TableFolder(benchmark.path)
    files = folder.list_files()
    if not files:
        raise BenchmarkError(f"{benchmark.path}: no file matches this benchmark path")
    items: list[BenchmarkItem] = []
    for relative in files:
        path = folder.resolve_paths(relative)
        file_format = _file_format(benchmark, path)
        for row, record in _rows(path, file_format):
            if not isinstance(record, dict):
                raise BenchmarkError(f"{path}: row {row}: expected an object with fields {benchmark.fields}")
            parts = []
            for key in benchmark.fields:
                value = record.get(key)
                if not isinstance(value, str):
                    found = "missing" if value is None else f"a {type(value).__name__}, not text"
                    raise BenchmarkError(f"{path}: row {row}: field {key!r} is {found}")
                parts.append(value)
            item_id = f"{relative}:{row}"
            if benchmark.id_key is not None:
                if record.get(benchmark.id_key) is None:
                    raise BenchmarkError(f"{path}: row {row}: id field {benchmark.id_key!r} is missing")
                item_id = str(record[benchmark.id_key])
            items.append(BenchmarkItem(id=item_id, text="".join(parts)))
    return items


#: An n-gram in this many items of one benchmark or more is the benchmark's template, not a trace of an item.
TEMPLATE_ITEMS = 3


class BenchmarkIndex:
    """The n-gram index of one benchmark; `match(word_hashes)` tells whether a document is contaminated.

    An item with fewer word tokens than `ngram_tokens` is indexed as one n-gram of all its tokens (a document
    must contain that whole run), unless it has fewer than `min_item_tokens` (half of `ngram_tokens`, at least
    4): a run that short (`return len str`) is everywhere, so such an item is reported as unmatchable."""

    def __init__(self, benchmark: BenchmarkConfig, items: list[BenchmarkItem]) -> None:
        self.name = benchmark.display_name()
        self.ngram_tokens = benchmark.ngram_tokens
        self.min_item_tokens = max(4, benchmark.ngram_tokens // 2)
        self.min_fraction = benchmark.min_fraction
        self.item_ids = [item.id for item in items]
        language = benchmark.language or "other"
        grams, owners, lengths = [], [], []
        for index, item in enumerate(items):
            words = word_token_hashes(item.text, language)
            if len(words) < self.min_item_tokens:
                continue
            length = min(len(words), self.ngram_tokens)
            item_grams = np.unique(ngram_hashes(words, length, whole_if_shorter=False))
            grams.append(item_grams)
            owners.append(np.full(len(item_grams), index, dtype=np.int32))
            lengths.append(np.full(len(item_grams), length, dtype=np.int32))
        everything = np.concatenate(grams) if grams else np.empty(0, dtype=np.uint64)
        owner = np.concatenate(owners) if owners else np.empty(0, dtype=np.int32)
        length = np.concatenate(lengths) if lengths else np.empty(0, dtype=np.int32)
        unique, counts = np.unique(everything, return_counts=True)  # each item lists a gram once
        template = unique[counts >= TEMPLATE_ITEMS]
        own = ~np.isin(everything, template)
        everything, owner, length = everything[own], owner[own], length[own]
        order = np.lexsort((owner, everything))
        #: per n-gram length, the sorted hashes and the item owning each (a hash may repeat, once per owner)
        self.tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for size in np.unique(length).tolist():
            chosen = order[length[order] == size]
            self.tables[size] = (everything[chosen], owner[chosen])
        self.item_ngrams = np.bincount(owner, minlength=len(items)).astype(np.int64)
        #: n-grams left out as the benchmark's template, and the items nothing can match
        self.template_ngrams = int(len(template))
        self.unmatchable_items = [self.item_ids[i] for i in np.flatnonzero(self.item_ngrams == 0).tolist()]

    @classmethod
    def load(cls, benchmark: BenchmarkConfig) -> "BenchmarkIndex":
        return cls(benchmark, read_items(benchmark))

    def match(self, word_hashes: np.ndarray) -> BenchmarkMatch | None:
        """The item a document (the hashes of its word tokens, in order) is contaminated by, or None."""
        shared = np.zeros(len(self.item_ids), dtype=np.int64)
        for size, (hashes, owner) in self.tables.items():
            grams = np.unique(ngram_hashes(word_hashes, size, whole_if_shorter=False))
            if len(grams) == 0:
                continue
            left = np.searchsorted(hashes, grams, side="left")
            right = np.searchsorted(hashes, grams, side="right")
            found = right > left
            if not found.any():
                continue
            starts, stops = left[found], right[found]
            # every index entry in [start, stop) of every found gram: one per (gram, owner)
            runs = stops - starts
            entries = np.repeat(starts - np.cumsum(runs) + runs, runs) + np.arange(runs.sum())
            shared += np.bincount(owner[entries], minlength=len(self.item_ids))
        if not shared.any():
            return None
        fractions = shared / np.maximum(self.item_ngrams, 1)
        best = int(np.argmax(fractions if self.min_fraction is not None else shared))
        if self.min_fraction is not None and fractions[best] < self.min_fraction:
            return None
        return BenchmarkMatch(benchmark=self.name, item=self.item_ids[best], shared_ngrams=int(shared[best]),
                              item_fraction=float(fractions[best]))
