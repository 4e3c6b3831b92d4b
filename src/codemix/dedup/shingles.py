"""Code-aware shingles: a document's tokens, comments and whitespace normalised away, hashed with numpy.

Tokens. Comments are removed first: one regular expression per language matches its line comment and block
comment (from the language registry, `codemix.languages`) and every string literal (double, single and
triple quotes, backticks), and keeps the literals, so the `//` of `"http://x"` is not a comment. The rest is
cut into tokens on bytes: a maximal run of word bytes (ASCII letters, digits, `_`, `$`, and every byte of a
non-ASCII UTF-8 character) is one token (an identifier, a keyword, a number); every other byte that is not
whitespace is a token of its own (an operator or punctuation: `==` is two tokens). String literals are cut
the same way, so the whitespace inside them is normalised too. A document of another language (`other`) keeps
its comments: `#` is a comment in Python and a directive in C#, so no single rule fits an unknown language.

Hashes. Each token is hashed by a polynomial over its bytes modulo 2^64, all tokens at once from one prefix
sum over the document (numpy's unsigned arithmetic wraps), then mixed (splitmix64's finaliser). An n-gram
of tokens hashes as the mixed sum of its tokens' hashes times one odd constant per position. Nothing runs a
Python loop per token: a megabyte of code costs a few dozen array operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from codemix import languages

#: String literals of the seven languages: "...", '...', Python's triple quotes and JavaScript's and Go's
#: backticks. One generic form for all: a Rust lifetime (`'a`) may pair with a later quote on its line, which
#: only changes how that line is cut, the same way in every copy of it.
_STRING_LITERAL = (
    r'"(?:""[\s\S]*?"""|(?:[^"\\\n]|\\.)*+")'
    r"|'(?:''[\s\S]*?'''|(?:[^'\\\n]|\\.)*+')"
    r"|`(?:[^`\\]|\\[\s\S])*+`"
)

_MASK64 = (1 << 64) - 1


def _splitmix64(state: int) -> tuple[int, int]:
    state = (state + 0x9E3779B97F4A7C15) & _MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return state, z ^ (z >> 31)


def splitmix64_sequence(seed: int, count: int) -> np.ndarray:
    """`count` 64-bit values of splitmix64 started at `seed`: the fixed constants of every hash here."""
    values = []
    state = seed & _MASK64
    for _ in range(count):
        state, value = _splitmix64(state)
        values.append(value)
    return np.array(values, dtype=np.uint64)


#: The base of the token polynomial (odd, so invertible modulo 2^64) and one odd multiplier per n-gram position.
_BASE = int(splitmix64_sequence(0xC0DE, 1)[0]) | 1
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
MAX_NGRAM_TOKENS = 64
_POSITION_MULTIPLIERS = splitmix64_sequence(0x5EED, MAX_NGRAM_TOKENS) | np.uint64(1)

#: Byte classes: 0 whitespace and control bytes, 1 word bytes, 2 everything else (one-byte tokens).
_BYTE_CLASS = np.full(256, 2, dtype=np.uint8)
for _byte in range(256):
    _char = bytes([_byte])
    if _byte >= 0x80 or _char.isalnum() or _char in b"_$":
        _BYTE_CLASS[_byte] = 1
    elif _char.isspace() or _byte < 0x20 or _byte == 0x7F:
        _BYTE_CLASS[_byte] = 0
_WORD, _PUNCT = np.uint8(1), np.uint8(2)


def mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser on uint64 values: every input bit reaches every output bit."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


class _Powers:
    """BASE^i and BASE^-i modulo 2^64 for i < length, grown on demand (doubling)."""

    def __init__(self) -> None:
        self.forward = np.ones(1, dtype=np.uint64)
        self.inverse = np.ones(1, dtype=np.uint64)

    def ensure(self, length: int) -> None:
        if length <= len(self.forward):
            return
        size = max(length, 2 * len(self.forward), 1 << 16)
        for name, factor in (("forward", _BASE), ("inverse", _BASE_INVERSE)):
            powers = np.full(size, factor, dtype=np.uint64)
            powers[0] = 1
            setattr(self, name, np.cumprod(powers, dtype=np.uint64))  # wraps modulo 2^64


_POWERS = _Powers()
#: Bytes of text hashed at once (`hash_tokens`), whole tokens: a segment ends at the first token start past it.
HASH_SEGMENT_BYTES = 1 << 16


@lru_cache(maxsize=None)
def comment_pattern(language: str) -> re.Pattern[str] | None:
    """The pattern that removes `language`'s comments and keeps its string literals (group 1); None for a
    language without registered comment syntax (`other`)."""
    if not languages.is_registered(language):
        return None
    spec = languages.get(language)
    comments = [re.escape(spec.line_comment) + r"[^\n]*+"]
    if spec.block_comment is not None:
        opening, closing = spec.block_comment
        comments.append(re.escape(opening) + r"[\s\S]*?" + re.escape(closing))
    return re.compile("|".join(comments) + f"|({_STRING_LITERAL})")


def strip_comments(text: str, language: str) -> str:
    """`text` with each comment replaced by a space (string literals kept, each followed by a space)."""
    pattern = comment_pattern(language)
    return text if pattern is None else pattern.sub(r"\1 ", text)


def _token_bounds(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end byte offsets of the tokens of `data` (uint8), in order."""
    kind = _BYTE_CLASS[data]
    word = kind == _WORD
    punct = kind == _PUNCT
    word_before = np.zeros_like(word)
    word_before[1:] = word[:-1]
    word_after = np.zeros_like(word)
    word_after[:-1] = word[1:]
    starts = np.flatnonzero(punct | (word & ~word_before))
    ends = np.flatnonzero(punct | (word & ~word_after)) + 1
    return starts, ends


def _normalised_bytes(text: str, language: str) -> np.ndarray:
    return np.frombuffer(strip_comments(text, language).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def tokens(text: str, language: str) -> list[str]:
    """The tokens of `text` as strings (for tests and reviews; the stages use `token_hashes`)."""
    data = _normalised_bytes(text, language)
    starts, ends = _token_bounds(data)
    raw = data.tobytes()
    return [raw[s:e].decode("utf-8", "replace") for s, e in zip(starts.tolist(), ends.tolist())]


@dataclass(frozen=True)
class TokenHashes:
    """The hashes of a document's tokens, in order, and which of them are word tokens (not punctuation)."""

    all: np.ndarray  # uint64, one per token
    is_word: np.ndarray  # bool, one per token

    @property
    def words(self) -> np.ndarray:
        return self.all[self.is_word]


def hash_tokens(text: str, language: str) -> TokenHashes:
    """Hash every token of `text` (see the module docstring)."""
    data = _normalised_bytes(text, language)
    starts, ends = _token_bounds(data)
    if len(starts) == 0:
        return TokenHashes(all=np.empty(0, dtype=np.uint64), is_word=np.empty(0, dtype=bool))
    hashes = np.empty(len(starts), dtype=np.uint64)
    # A token's hash depends on its own bytes only, so the text is hashed in segments of whole tokens of about
    # HASH_SEGMENT_BYTES: the powers table and the prefix sums are a segment's, not the document's (a 1 MB file
    # would otherwise keep 16 MB of powers for the rest of the process).
    cuts = np.unique(np.append(np.searchsorted(starts, np.arange(0, len(data), HASH_SEGMENT_BYTES)), len(starts)))
    for first, end in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        offset = int(starts[first])
        segment = data[offset : int(ends[end - 1])]
        _POWERS.ensure(len(segment) + 1)
        # prefix[k] = sum_{j<k} byte_j * BASE^-j; a token's polynomial sum_j byte_j * BASE^(end-1-j) is
        # BASE^(end-1) * (prefix[end] - prefix[start]), with positions counted from the segment's start.
        prefix = np.zeros(len(segment) + 1, dtype=np.uint64)
        np.cumsum(segment * _POWERS.inverse[: len(segment)], out=prefix[1:])
        token_starts, token_ends = starts[first:end] - offset, ends[first:end] - offset
        hashes[first:end] = mix64(_POWERS.forward[token_ends - 1] * (prefix[token_ends] - prefix[token_starts]))
    return TokenHashes(all=hashes, is_word=_BYTE_CLASS[data[starts]] == _WORD)


def token_hashes(text: str, language: str) -> np.ndarray:
    """One uint64 hash per token of `text`, in order."""
    return hash_tokens(text, language).all


def word_token_hashes(text: str, language: str) -> np.ndarray:
    """The hashes of the word tokens of `text` (identifiers, keywords, literals), in order."""
    return hash_tokens(text, language).words


def ngram_hashes(hashes: np.ndarray, n: int, *, whole_if_shorter: bool) -> np.ndarray:
    """The hash of every run of `n` consecutive tokens, in order. A document with fewer than `n` (and at
    least one) tokens has one n-gram of all its tokens when `whole_if_shorter`, else none."""
    if not 1 <= n <= MAX_NGRAM_TOKENS:
        raise ValueError(f"an n-gram has 1 to {MAX_NGRAM_TOKENS} tokens, got {n}")
    count = len(hashes)
    if count < n:
        if not whole_if_shorter or count == 0:
            return np.empty(0, dtype=np.uint64)
        n = count
    windows = count - n + 1
    combined = hashes[:windows] * _POSITION_MULTIPLIERS[0]
    for position in range(1, n):
        combined += hashes[position : position + windows] * _POSITION_MULTIPLIERS[position]
    return mix64(combined)


def shingles(text: str, language: str, n: int) -> np.ndarray:
    """The distinct n-gram hashes of a document (sorted): its shingle set."""
    return np.unique(ngram_hashes(token_hashes(text, language), n, whole_if_shorter=True))


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle sets (sorted distinct hashes, as `shingles` returns)."""
    if len(first) == 0 and len(second) == 0:
        return 1.0
    common = len(np.intersect1d(first, second, assume_unique=True))
    return common / (len(first) + len(second) - common)
