"""The language classification stage: labels each document, drops `other`, counts decisions by evidence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from codemix import OTHER, TARGET_LANGUAGES
from codemix.langid import Classification, LanguageClassifier
from codemix.langid.classifier import DEFAULT_MAX_BYTES
from codemix.schemas.documents import LANGUAGE, LANGUAGE_CONFIDENCE, LANGUAGE_EVIDENCE, PATH, drop_stat

OTHER_LANGUAGE_REASON = "other_language"


def evidence_stat(evidence: str) -> str:
    """Stat name of an evidence string: its main part (before `;` notes and `:` details)."""
    main = evidence.split(";", 1)[0].split(":", 1)[0]
    return f"evidence_{main}"


class ClassifyLanguage(PipelineStep):
    """Label each document's language (metadata `language`, `language_confidence`, `language_evidence`).

    The path is read from `doc.metadata["path"]` (may be None); `content_only=True` ignores it. Labels
    below `min_confidence` become `other` (evidence gets `;low_confidence`). With `drop_other`,
    `other` documents are dropped and counted as `dropped_other_language`. A `claimed_language` in
    the metadata is left as it is, for a later stage to compare."""

    name = "🔤 Classify language"
    type = "🏷 - LABEL"

    def __init__(
        self,
        *,
        languages: Sequence[str] = TARGET_LANGUAGES,
        drop_other: bool = True,
        min_confidence: float = 0.0,
        content_only: bool = False,
        use_content_model: bool = True,
        verify_with_parser: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
        model_path: str | Path | None = None,
    ) -> None:
        super().__init__()
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], got {min_confidence}")
        self.classifier = LanguageClassifier(
            languages=languages,
            use_content_model=use_content_model,
            verify_with_parser=verify_with_parser,
            max_bytes=max_bytes,
            model_path=model_path,
        )
        self.drop_other = drop_other
        self.min_confidence = min_confidence
        self.content_only = content_only

    def classify_document_text(self, text: str, path: str | None) -> Classification:
        result = self.classifier.classify(text, path=None if self.content_only else path)
        if result.language != OTHER and result.confidence < self.min_confidence:
            result = Classification(OTHER, result.confidence, f"{result.evidence};low_confidence:{result.language}")
        return result

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result = self.classify_document_text(document.text, document.metadata.get(PATH))
            document.metadata[LANGUAGE] = result.language
            document.metadata[LANGUAGE_CONFIDENCE] = result.confidence
            document.metadata[LANGUAGE_EVIDENCE] = result.evidence
            self.stat_update(evidence_stat(result.evidence), f"language_{result.language}")
            if result.evidence.endswith(tuple(f"low_confidence:{lang}" for lang in TARGET_LANGUAGES)):
                self.stat_update("low_confidence")
            if self.drop_other and result.language == OTHER:
                self.stat_update(StatHints.dropped, drop_stat(OTHER_LANGUAGE_REASON))
                continue
            self.stat_update(StatHints.forwarded)
            yield document
