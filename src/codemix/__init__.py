"""codemix: pre-training corpora for multilingual code LLMs.

Reads code, labels each file's language, cleans and deduplicates it, counts tokens with a real
tokenizer, pairs translations across languages, plans the per-language token mix from scaling laws,
and writes deterministic Parquet shards with a manifest.
"""

from codemix.languages import BUILTIN_LANGUAGES, OTHER

__version__ = "0.1.0"

#: The seven built-in target languages, the paper's, in its order: the default of a build's `languages`.
#: The registry (`codemix.languages`) may hold more; checks of a name use `codemix.languages.is_registered`.
TARGET_LANGUAGES: tuple[str, ...] = tuple(spec.name for spec in BUILTIN_LANGUAGES)

__all__ = ["OTHER", "TARGET_LANGUAGES", "__version__"]
