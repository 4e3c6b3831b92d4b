"""Drop documents the classifier labelled `other`, with a reject record for each.

`ClassifyLanguage` only labels; dropping is this filter's job so that every dropped document is
recorded like any other drop (`<work>/rejected/<rank>.classify.jsonl`, reason `other_language`).
"""

from __future__ import annotations

from pathlib import Path

from datatrove.data import Document

from codemix import OTHER
from codemix.schemas.documents import LANGUAGE, LANGUAGE_CONFIDENCE, LANGUAGE_EVIDENCE
from codemix.stages.clean import RecordingFilter

OTHER_LANGUAGE_REASON = "other_language"


class OtherLanguageFilter(RecordingFilter):
    """Drops documents whose language is `other` (not one of the configured languages)."""

    name = "🏷 Other language"
    stage = "classify"

    def __init__(self, *, rejects_dir: str | Path | None) -> None:
        super().__init__(rejects_dir=rejects_dir)

    def filter(self, document: Document) -> bool | tuple[bool, str]:
        metadata = document.metadata
        if LANGUAGE not in metadata:
            raise ValueError(f"document {document.id!r} has no language: run ClassifyLanguage before this filter")
        if metadata[LANGUAGE] == OTHER:
            return self._drop(
                document,
                OTHER_LANGUAGE_REASON,
                f"{metadata.get(LANGUAGE_EVIDENCE)} (confidence {metadata.get(LANGUAGE_CONFIDENCE, 0.0):.2f})",
            )
        return True
