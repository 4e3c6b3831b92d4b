"""The language classification stage: labels each document, drops `other`, counts decisions by evidence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.batching import batched
from datatrove.utils.typeshelper import StatHints

from codemix import OTHER, TARGET_LANGUAGES
from codemix.langid import Classification, LanguageClassifier
from codemix.langid.classifier import DEFAULT_MAX_BYTES
from codemix.langid.declared import (
    DECLARED_AGREES,
    DECLARED_DISAGREES,
    DECLARED_PARSE_FAILED,
    DEFAULT_DECLARED_MODE,
    OVERRULED_NOTE,
    DeclaredLabels,
    DeclaredMode,
)
from codemix.schemas.documents import (
    CLAIMED_LANGUAGE,
    LANGUAGE,
    LANGUAGE_CONFIDENCE,
    LANGUAGE_EVIDENCE,
    PATH,
    drop_stat,
)

OTHER_LANGUAGE_REASON = "other_language"


def evidence_stat(evidence: str) -> str:
    """Stat name of an evidence string: its main part (before `;` notes and `:` details)."""
    main = evidence.split(";", 1)[0].split(":", 1)[0]
    return f"evidence_{main}"


class ClassifyLanguage(PipelineStep):
    """Label each document's language (metadata `language`, `language_confidence`, `language_evidence`).

    The path is read from `doc.metadata["path"]` (may be None); `content_only=True` ignores it. Labels
    below `min_confidence` become `other` (evidence gets `;low_confidence`). With `drop_other`,
    `other` documents are dropped and counted as `dropped_other_language`. A language the input
    declares (metadata `claimed_language`, from an input's `language_key`) counts as `declared` says
    (`trust`, `verify`, `ignore`: see `codemix.langid.declared`); the metadata key itself is left as it
    is, and the stats count `declared_agree`, `declared_disagree`, `declared_overruled` and
    `declared_parse_failed`. Documents are classified `batch_docs` at a time (the content model shares
    its work across a batch); a label does not depend on the batch it was in."""

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
        batch_docs: int = 256,
        declared: DeclaredMode = DEFAULT_DECLARED_MODE,
    ) -> None:
        super().__init__()
        if batch_docs < 1:
            raise ValueError(f"batch_docs must be at least 1, got {batch_docs}")
        self.batch_docs = batch_docs
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], got {min_confidence}")
        self.classifier = LanguageClassifier(
            languages=languages,
            use_content_model=use_content_model,
            verify_with_parser=verify_with_parser,
            max_bytes=max_bytes,
            model_path=model_path,
        )
        self.declared = DeclaredLabels(classifier=self.classifier, mode=declared)
        self.drop_other = drop_other
        self.min_confidence = min_confidence
        self.content_only = content_only

    def classify_document_texts(self, items: list[tuple[str, str | None, str | None]]) -> list[Classification]:
        """(text, path, declared language or None) -> classifications, with `min_confidence` applied."""
        results = self.declared.classify_batch(
            [(text, None if self.content_only else path, claim) for text, path, claim in items]
        )
        return [
            Classification(OTHER, result.confidence, f"{result.evidence};low_confidence:{result.language}")
            if result.language != OTHER and result.confidence < self.min_confidence
            else result
            for result in results
        ]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        # Documents are classified in batches (the content model shares its array work across a batch);
        # the batch is bounded, and order is kept.
        for batch in batched(data, self.batch_docs):
            with self.track_time(unit="batch"):
                results = self.classify_document_texts(
                    [(document.text, document.metadata.get(PATH), document.metadata.get(CLAIMED_LANGUAGE)) for document in batch]
                )
            for document, result in zip(batch, results):
                yield from self._label(document, result)

    def _label(self, document: Document, result: Classification) -> DocumentsPipeline:
        self.stat_update(StatHints.total)
        document.metadata[LANGUAGE] = result.language
        document.metadata[LANGUAGE_CONFIDENCE] = result.confidence
        document.metadata[LANGUAGE_EVIDENCE] = result.evidence
        self.stat_update(evidence_stat(result.evidence), f"language_{result.language}")
        if ";low_confidence:" in result.evidence:
            self.stat_update("low_confidence")
        if document.metadata.get(CLAIMED_LANGUAGE) is not None:
            self._count_declared(result.evidence)
        if self.drop_other and result.language == OTHER:
            self.stat_update(StatHints.dropped, drop_stat(OTHER_LANGUAGE_REASON))
            return
        self.stat_update(StatHints.forwarded)
        yield document

    def _count_declared(self, evidence: str) -> None:
        """How a declared language fared: agreed with the content, disagreed (and stayed), was overruled, or
        (in `trust` mode) did not parse under its own grammar."""
        if evidence.startswith(DECLARED_AGREES):
            self.stat_update("declared_agree")
        elif evidence.startswith(DECLARED_DISAGREES):
            self.stat_update("declared_disagree")
        elif OVERRULED_NOTE in evidence:
            self.stat_update("declared_disagree", "declared_overruled")
        elif evidence.startswith(DECLARED_PARSE_FAILED):
            self.stat_update("declared_parse_failed")
