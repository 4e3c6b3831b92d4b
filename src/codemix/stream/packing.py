"""`PackedStream`: fixed-length token blocks of a build's documents, dealt and resumed like documents.

The documents of an epoch, in the global order, are tokenised with the build's tokenizer (named by the
manifest, checked against its vocabulary hash), each followed by the end-of-document token when `eos`, and
concatenated into one token sequence; block b is tokens [b * seq_len, (b + 1) * seq_len) of it. The last,
incomplete block of an epoch is left out. Blocks are dealt to ranks and workers like documents, so the
block sequence, too, is independent of ranks and workers, and a resumed run continues at a block boundary
with nothing to carry over.

Where a block starts and which documents it holds is known from `token_count` alone (the build counted
every document with the same tokenizer): a rank tokenises only the documents that overlap its own
blocks, and a document whose ids disagree with its `token_count` is an error naming its shard and row.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from codemix.stream.core import DealtStream, TokenTally, WindowCache
from codemix.stream.layout import TEXT_COLUMN, StreamError
from codemix.stream.order import EpochOrder

if TYPE_CHECKING:
    from codemix.stream.documents import CodeMixStream

_TOKEN_CACHE_DOCS = 8


class PackedStream(DealtStream):
    """Blocks of `seq_len` tokens: dicts of `input_ids` (int64), `segment_ids` (int64: 0 for the first
    document in the block, +1 at each document start) and `position_ids` (int64: the token's index inside
    its document, so a document continued from the previous block goes on counting)."""

    kind = "blocks"

    def __init__(self, source: "CodeMixStream", *, seq_len: int, eos: bool = True, tokenizer: str | None = None):
        if seq_len < 1:
            raise ValueError("seq_len must be at least 1")
        super().__init__(
            source.path, split=source.split, rank=source.rank if source._rank_given else None,
            world_size=source.world_size if source._rank_given else None, seed=source.seed, shuffle=source.shuffle,
            epoch=source.epoch, shuffle_window_row_groups=source.shuffle_window_row_groups,
            remainder=source.remainder, layout=source.layout,
        )
        if TEXT_COLUMN not in self.layout.schema.names:
            raise StreamError(f"{self.layout.url}: split {self.split!r} has no {TEXT_COLUMN!r} column to pack")
        self.seq_len = int(seq_len)
        self.eos = bool(eos)
        self._tokenizer_spec = tokenizer
        self.tokenizer = _build_tokenizer(self.layout.manifest.get("tokenizer") or {}, tokenizer, where=self.layout.url)
        self.build_eos = 1 if (self.layout.manifest.get("tokenizer") or {}).get("add_eos_token") else 0
        if self.eos and self.tokenizer.eos_token_id is None:
            raise StreamError(f"tokenizer {self.tokenizer.name!r} has no end-of-document token: pack with eos=False")
        self._shift = int(self.eos) - self.build_eos  # length in the block minus token_count
        tokens = int(self.layout.unit_tokens.sum()) + self._shift * self.layout.rows
        self._blocks = tokens // self.seq_len

    def __getstate__(self) -> dict[str, Any]:
        # a worker loads the tokenizer by its spec, from its own cache (a forked worker has the parent's)
        state = super().__getstate__()
        state["tokenizer"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.tokenizer = _build_tokenizer(self.layout.manifest.get("tokenizer") or {}, self._tokenizer_spec, where=self.layout.url)

    def _state_extra(self) -> dict[str, Any]:
        return {"seq_len": self.seq_len, "eos": self.eos, "vocab_sha256": self.tokenizer.vocab_sha256}

    def _epoch_items(self) -> int:
        return self._blocks

    def _window_tokens(self, order: EpochOrder) -> np.ndarray:
        """Token offset of each window's first document in the epoch's token sequence; last: the total."""
        unit_tokens = self.layout.unit_tokens + self._shift * self.layout.unit_rows
        ordered = unit_tokens[order.units]
        starts = np.arange(0, len(ordered), order.window_size)
        per_window = np.add.reduceat(ordered, starts) if len(ordered) else np.zeros(0, dtype=np.int64)
        return np.concatenate([[0], np.cumsum(per_window)]).astype(np.int64)

    def _lengths(self, cache: WindowCache, window: int) -> np.ndarray:
        return cache.small(window).tokens + self._shift

    def _tally(self, order: EpochOrder, cache: WindowCache, x0: int, initial: np.ndarray) -> TokenTally:
        def window_data(window: int):
            lengths = self._lengths(cache, window)
            return cache.small(window).codes, lengths, lengths

        # the tokens after the last whole block are never yielded: the sequence repeats at blocks * seq_len
        starts = np.minimum(self._window_tokens(order), self._blocks * self.seq_len)
        return TokenTally(
            starts=starts, window_data=window_data, labels=len(self.labels), x0=x0, initial=initial,
            partial_tokens=True, scale=self.seq_len,
        )

    def _items(self, active) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
        if not self._blocks:
            return
        deal = active.deal
        assembler = _BlockAssembler(self, active.order, active.cache)
        for first, stop in deal.chunks():
            for m in range(first, stop):
                position = int(deal.global_position(m))
                active.tally.advance(position)
                yield m, assembler.block((position % self._blocks) * self.seq_len)


class _BlockAssembler:
    """Builds blocks from the token sequence of one epoch, tokenising each document at most once while it
    stays among the last few used."""

    def __init__(self, stream: PackedStream, order: EpochOrder, cache: WindowCache):
        self.stream = stream
        self.order = order
        self.cache = cache
        self.window_tokens = stream._window_tokens(order)
        self._cumulative: OrderedDict[int, np.ndarray] = OrderedDict()
        self._texts: OrderedDict[int, Any] = OrderedDict()
        self._ids: OrderedDict[tuple[int, int], np.ndarray] = OrderedDict()

    def _ends(self, window: int) -> np.ndarray:
        """Token offset (inside the window) where each document of the window ends."""
        ends = self._cumulative.pop(window, None)
        if ends is None:
            ends = np.cumsum(self.stream._lengths(self.cache, window))
        self._cumulative[window] = ends
        while len(self._cumulative) > self.cache.capacity:
            self._cumulative.popitem(last=False)
        return ends

    def _text(self, unit: int, row: int) -> str:
        column = self._texts.pop(unit, None)
        if column is None:
            column = self.cache.reader.read(unit, [TEXT_COLUMN]).column(TEXT_COLUMN)
        self._texts[unit] = column
        while len(self._texts) > self.order.window_size + 1:
            self._texts.popitem(last=False)
        return column[row].as_py()

    def _document(self, window: int, position: int, expected: int) -> np.ndarray:
        small = self.cache.small(window)
        unit = int(self.order.window_units(window)[small.slot[position]])
        row = int(small.row[position])
        key = (unit, row)
        ids = self._ids.pop(key, None)
        if ids is None:
            stream = self.stream
            encoded = stream.tokenizer.encode(self._text(unit, row))
            if len(encoded) + stream.eos != expected:
                raise StreamError(
                    f"{self.cache.reader.locate(unit, row)}: token_count {int(small.tokens[position])} says "
                    f"{expected - stream.eos} tokens without end-of-document, tokenizer {stream.tokenizer.name!r} "
                    f"gives {len(encoded)}: the shards were not counted with this tokenizer"
                )
            if stream.eos:
                encoded.append(stream.tokenizer.eos_token_id)
            ids = np.asarray(encoded, dtype=np.int64)
        self._ids[key] = ids
        while len(self._ids) > _TOKEN_CACHE_DOCS:
            self._ids.popitem(last=False)
        return ids

    def block(self, start: int) -> dict[str, np.ndarray]:
        seq_len = self.stream.seq_len
        input_ids = np.empty(seq_len, dtype=np.int64)
        segment_ids = np.empty(seq_len, dtype=np.int64)
        position_ids = np.empty(seq_len, dtype=np.int64)
        window = int(np.searchsorted(self.window_tokens, start, side="right") - 1)
        ends = self._ends(window)
        offset = start - int(self.window_tokens[window])
        position = int(np.searchsorted(ends, offset, side="right"))
        filled, segment = 0, 0
        while filled < seq_len:
            if position == len(ends):
                window += 1
                ends = self._ends(window)
                position, offset = 0, 0
                continue
            doc_start = int(ends[position - 1]) if position else 0
            length = int(ends[position]) - doc_start
            if length == 0:
                position += 1
                continue
            ids = self._document(window, position, length)
            skip = offset - doc_start if offset > doc_start else 0
            take = min(length - skip, seq_len - filled)
            input_ids[filled:filled + take] = ids[skip:skip + take]
            segment_ids[filled:filled + take] = segment
            position_ids[filled:filled + take] = np.arange(skip, skip + take)
            filled += take
            segment += 1
            position += 1
        return {"input_ids": input_ids, "segment_ids": segment_ids, "position_ids": position_ids}


@lru_cache(maxsize=4)
def _load_tokenizer(spec: str):
    # loading parses and hashes the whole vocabulary (about a second): once per process and spec
    from codemix.tokens import load_tokenizer

    return load_tokenizer(spec)


def _build_tokenizer(record: dict[str, Any], override: str | None, *, where: str):
    """The build's tokenizer (manifest `tokenizer.spec`, or `override`), checked against its vocabulary hash."""
    from codemix.tokens import TokenizerLoadError

    spec = override or record.get("spec")
    if not spec:
        raise StreamError(f"{where}: the manifest names no tokenizer: give pack(..., tokenizer=SPEC)")
    try:
        tokenizer = _load_tokenizer(spec)
    except TokenizerLoadError as error:
        raise StreamError(f"{where}: cannot load the build's tokenizer ({error}); give pack(..., tokenizer=SPEC)") from error
    expected = record.get("vocab_sha256")
    if expected and tokenizer.vocab_sha256 != expected:
        raise StreamError(
            f"{where}: tokenizer {spec!r} has vocabulary sha256 {tokenizer.vocab_sha256[:16]}..., the build used "
            f"{expected[:16]}...: its ids would not match the shards' token counts"
        )
    return tokenizer
