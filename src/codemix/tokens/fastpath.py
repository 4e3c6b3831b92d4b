"""The fast counting path: a Hugging Face byte-level BPE re-expressed as a tiktoken `Encoding`.

tiktoken encodes code about 5-8x faster per thread than `tokenizers` (see /work/shared/NOTES.md). It is
the same algorithm only for a narrow family of tokenizers, so this module does two things:

1. `tiktoken_equivalent(definition)` checks the *structure* of a `tokenizer.json` (BPE, no normaliser, a
   GPT-2 byte-level pre-tokeniser alone or after one regex `Split`, no dropout / prefixes / byte fallback,
   merge ranks in id order) and, when it fits, builds the tiktoken `Encoding` (ranks = token ids, the
   pre-tokenisation regex as `pat_str`). Otherwise it returns the reason it does not fit.
2. `first_mismatch(...)` compares token ids of both implementations on texts; `CodeTokenizer` proves
   equivalence on a probe set when the fast path is built and then on the data it counts (see
   `codemix.tokens.tokenizer`), and falls back to `tokenizers` on the first difference.

Known residual difference (why the proof is empirical): tiktoken merges any adjacent pair whose
concatenation is in the vocabulary, `tokenizers` only pairs listed in `merges`; a vocabulary built by the
BPE trainer rarely has a token reachable by a non-listed pair, and the checks catch it when it matters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

#: The GPT-2 pre-tokenisation regex as `tokenizers`' ByteLevel(use_regex=True) applies it.
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character table (the one `tokenizers`' ByteLevel uses)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(printable, (chr(c) for c in chars)))


def _byte_level_pattern(pre_tokenizer: dict[str, Any] | None) -> tuple[str | None, str]:
    """The regex tiktoken must split with, or (None, reason) when the pre-tokeniser is not expressible."""
    if pre_tokenizer is None:
        return None, "no pre-tokenizer (not byte-level)"
    kind = pre_tokenizer.get("type")
    if kind == "ByteLevel":
        if pre_tokenizer.get("add_prefix_space"):
            return None, "ByteLevel add_prefix_space=True"
        if not pre_tokenizer.get("use_regex", True):
            return None, "ByteLevel without a regex splits nothing"
        return GPT2_PATTERN, "ByteLevel (GPT-2 regex)"
    if kind == "Sequence":
        steps = pre_tokenizer.get("pretokenizers") or []
        if len(steps) == 1:
            return _byte_level_pattern(steps[0])
        if len(steps) == 2 and steps[0].get("type") == "Split" and steps[1].get("type") == "ByteLevel":
            split, byte_level = steps
            pattern = (split.get("pattern") or {}).get("Regex")
            if pattern is None:
                return None, "Split by a literal string, not a regex"
            if split.get("behavior") != "Isolated" or split.get("invert"):
                return None, f"Split behavior {split.get('behavior')} invert={split.get('invert')}"
            if byte_level.get("add_prefix_space") or byte_level.get("use_regex", True):
                return None, "ByteLevel after Split must have add_prefix_space=False, use_regex=False"
            return pattern, "Split(regex) + ByteLevel"
    return None, f"pre-tokenizer {kind} is not expressible in tiktoken"


def tiktoken_equivalent(definition: dict[str, Any], *, name: str):
    """Build a tiktoken `Encoding` equal in structure to the `tokenizer.json` `definition`.

    Returns `(encoding, None)` or `(None, reason)` when the tokenizer is outside the equivalent family
    or tiktoken is not installed.
    """
    try:
        import tiktoken
    except ImportError:
        return None, "tiktoken is not installed"
    model = definition.get("model") or {}
    if model.get("type") != "BPE":
        return None, f"model type {model.get('type')} is not BPE"
    if definition.get("normalizer") is not None:
        return None, "a normalizer is set"
    for key in ("dropout", "continuing_subword_prefix", "end_of_word_suffix"):
        if model.get(key):
            return None, f"BPE {key}={model.get(key)!r}"
    if model.get("byte_fallback"):
        return None, "BPE byte_fallback"
    pattern, reason = _byte_level_pattern(definition.get("pre_tokenizer"))
    if pattern is None:
        return None, reason

    byte_decoder = {char: byte for byte, char in bytes_to_unicode().items()}
    added = {entry["content"]: entry["id"] for entry in definition.get("added_tokens") or []}
    vocab: dict[str, int] = model.get("vocab") or {}
    ranks: dict[bytes, int] = {}
    for token, token_id in vocab.items():
        if token in added:
            continue
        try:
            token_bytes = bytes(byte_decoder[char] for char in token)
        except KeyError:
            return None, f"vocabulary token {token!r} is not in the byte-level alphabet"
        if token_bytes in ranks:
            return None, f"two tokens decode to the same bytes {token_bytes!r}"
        ranks[token_bytes] = token_id
    missing = [b for b in range(256) if bytes([b]) not in ranks]
    if missing:
        return None, f"{len(missing)} of the 256 byte tokens are missing (e.g. byte {missing[0]})"

    # tiktoken merges the pair whose *result* has the lowest rank; tokenizers the pair with the lowest
    # merge index. They agree when result ids increase with merge index.
    previous_id = -1
    for index, merge in enumerate(model.get("merges") or []):
        left, right = merge if isinstance(merge, list) else merge.split(" ", 1)
        merged_id = vocab.get(left + right)
        if merged_id is None:
            return None, f"merge #{index} {left!r}+{right!r} produces a token missing from the vocabulary"
        if merged_id <= previous_id:
            return None, f"merge #{index} produces id {merged_id} after id {previous_id}: ranks are not in id order"
        previous_id = merged_id
    # every multi-byte token must come from a merge, else tokenizers can never produce it but tiktoken can
    merged_tokens = len(model.get("merges") or [])
    multi_byte = sum(1 for b in ranks if len(b) > 1)
    if multi_byte != merged_tokens:
        return None, f"{multi_byte} multi-byte tokens but {merged_tokens} merges"

    encoding = tiktoken.Encoding(
        f"codemix-fast:{name}", pat_str=pattern, mergeable_ranks=ranks, special_tokens=added
    )
    return encoding, None


def first_mismatch(texts: Sequence[str], reference: Sequence[Sequence[int]], candidate: Sequence[Sequence[int]]) -> str | None:
    """None when every text's ids agree, else a short description of the first difference."""
    for index, (text, expected, got) in enumerate(zip(texts, reference, candidate)):
        if list(expected) != list(got):
            position = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
            return (
                f"text #{index} ({len(text)} chars) differs at token {position}: "
                f"tokenizers {list(expected[position:position + 3])} vs tiktoken {list(got[position:position + 3])}"
            )
    return None


#: Edge cases of the probe set: Unicode classes the regexes treat differently, whitespace runs, digits,
#: contractions in both cases, CRLF, and mixed scripts.
PROBE_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "\n\n\n",
    "\t\tx = 1\r\n\r\n",
    "    def f(self, x):\n        return x ** 2  # squared\n",
    "IT'S they'RE we'Ve I'M you'LL he'D don't",
    "1234567 3.14159e-10 0x1F_FF 1_000_000",
    "naïve café Ångström ǅ ﬁ",
    "日本語のコード // コメント\n",
    "emoji 🚀🔥 and ZWJ 👩‍💻 and flags 🇫🇷",
    "Ελληνικά кириллица עברית العربية",
    "a\u0301\u0302 e\u0300 combining",
    "\u00a0\u2003\u3000 non-breaking and wide spaces\u200b",
    "line1\rline2\u2028line3\u2029line4\x0b\x0c",
    "               \n\t \t \n   ",
    "```rust\nfn main() { println!(\"{}\", 1 << 3); }\n```",
    "!!!!????....,,,,;;;;::::====>>>><<<<||||&&&&",
    "\x00\x01\x02 control \x7f",
    json.dumps({"key": [1, 2, 3], "nested": {"a": "b"}}, indent=2),
)
