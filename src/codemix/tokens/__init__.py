"""Tokenizers and token counting for codemix.

- `load_tokenizer(spec)` -> `CodeTokenizer` (`codemix.tokens.tokenizer`): `default`, a tokenizer.json
  path, a Hugging Face Hub name, or `tiktoken:NAME`.
- Per-language token totals with 95% intervals from a seeded sample: `codemix.pipeline.estimate` (the sampled
  dry run).
- `codemix.tokens.train`: the recipe of the shipped default tokenizer.
"""

from codemix.tokens.tokenizer import (
    CodeTokenizer,
    TokenizerLoadError,
    default_tokenizer_path,
    load_tokenizer,
    load_tokenizer_once,
)

__all__ = ["CodeTokenizer", "TokenizerLoadError", "default_tokenizer_path", "load_tokenizer", "load_tokenizer_once"]
