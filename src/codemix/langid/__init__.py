"""Language identification: path rules, a content model and tree-sitter verification.

`LanguageClassifier(...).classify(data, path=...)` labels a document with one of the target
languages or `other`, with a confidence and the evidence used. See docs/langid.md.
"""

from codemix import OTHER, TARGET_LANGUAGES
from codemix.langid.classifier import (
    BAD_INPUT_EVIDENCE,
    DEFAULT_MAX_BYTES,
    Classification,
    LanguageClassifier,
)

__all__ = ["BAD_INPUT_EVIDENCE", "DEFAULT_MAX_BYTES", "OTHER", "TARGET_LANGUAGES", "Classification", "LanguageClassifier"]
