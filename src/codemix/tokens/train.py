"""Training a byte-level BPE tokenizer for code with Hugging Face `tokenizers`.

The shape is fixed so that the result is both a normal `tokenizer.json` (any trainer can load it) and
exactly expressible in tiktoken (the fast counting path, see `codemix.tokens.fastpath`):

- no normaliser (code is case- and whitespace-sensitive; byte-exact round trips),
- pre-tokenisation by one regex (the Llama-3 / cl100k family: digits in groups of at most three,
  newline runs kept apart from indentation, a leading space or punctuation attached to a word) followed
  by a GPT-2 byte-to-unicode mapping without its own regex,
- BPE merges learned from pair frequencies, whose ids follow merge order (the trainer assigns ids in
  merge order, so merge rank == token id, which is what tiktoken's ranks mean),
- special tokens first (ids 0..k-1), `<|endoftext|>` being the end-of-document token.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

#: Pre-tokenisation regex, the Llama-3 form of OpenAI's cl100k pattern (no possessive quantifiers, so
#: Oniguruma (tokenizers) and fancy-regex (tiktoken) read it the same way).
PRETOKENIZE_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)

EOS_TOKEN = "<|endoftext|>"
#: Special tokens of the default tokenizer, in id order. `<|file_sep|>` joins files of one context
#: (dolma / StarCoder2 use it), the FIM tokens are the StarCoder fill-in-the-middle convention.
SPECIAL_TOKENS: tuple[str, ...] = (
    EOS_TOKEN,
    "<|file_sep|>",
    "<|fim_prefix|>",
    "<|fim_middle|>",
    "<|fim_suffix|>",
    "<|pad|>",
)


def new_code_bpe():
    """An untrained tokenizer of the shape described in the module docstring."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    tokenizer = Tokenizer(models.BPE(byte_fallback=False))
    tokenizer.normalizer = None
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(PRETOKENIZE_PATTERN), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def train_code_bpe(
    texts: Iterable[str],
    *,
    vocab_size: int,
    min_frequency: int = 2,
    special_tokens: tuple[str, ...] = SPECIAL_TOKENS,
    length: int | None = None,
):
    """Train a byte-level BPE on `texts` (one document per item) and return the `tokenizers.Tokenizer`.

    `vocab_size` counts the special tokens and the 256 byte tokens. The trainer is deterministic for a
    given sequence of texts; callers make the sequence deterministic (see scripts/tokens/train_tokenizer.py).
    """
    from tokenizers import pre_tokenizers, trainers

    if vocab_size < 256 + len(special_tokens) + 1:
        raise ValueError(f"vocab_size {vocab_size} leaves no room for merges (256 bytes + {len(special_tokens)} specials)")
    tokenizer = new_code_bpe()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=list(special_tokens),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(_checked_texts(texts), trainer=trainer, length=length)
    return tokenizer


def _checked_texts(texts: Iterable[str]) -> Iterator[str]:
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"training text #{index} is {type(text).__name__}, expected str")
        yield text
