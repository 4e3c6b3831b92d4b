"""codemix: pre-training corpora for multilingual code LLMs.

Reads code, labels each file's language, cleans and deduplicates it, counts tokens with a real
tokenizer, pairs translations across languages, plans the per-language token mix from scaling laws,
and writes deterministic Parquet shards with a manifest.
"""

__version__ = "0.1.0"

#: The seven target languages of the paper, in its order. `other` is everything else.
TARGET_LANGUAGES: tuple[str, ...] = ("python", "java", "javascript", "typescript", "csharp", "go", "rust")
OTHER = "other"
