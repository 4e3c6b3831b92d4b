"""What a corpus offers after cleaning and deduplication, per component, from the index stage's per-task
summaries (`codemix.stages.index`): documents, bytes and unique tokens, the tokens and documents per
selection-key bin, what the dedup stages removed per reason and language, and what each input contributed. Summing them takes memory for the
components and key bins only, whatever the corpus size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from codemix.schemas.order import KEY_BINS
from codemix.stages.index import summary_path


@dataclass
class ComponentSummary:
    """The kept documents of one mixture component."""

    name: str
    docs: int = 0
    total_bytes: int = 0
    unique_tokens: int = 0
    max_document_tokens: int = 0
    bin_tokens: np.ndarray = field(default_factory=lambda: np.zeros(KEY_BINS, dtype=np.int64))
    bin_docs: np.ndarray = field(default_factory=lambda: np.zeros(KEY_BINS, dtype=np.int64))

    def add(self, summary: dict[str, Any]) -> None:
        self.docs += summary["docs"]
        self.total_bytes += summary["bytes"]
        self.unique_tokens += summary["tokens"]
        self.max_document_tokens = max(self.max_document_tokens, summary["max_tokens"])
        self.bin_tokens += np.asarray(summary["bin_tokens"], dtype=np.int64)
        self.bin_docs += np.asarray(summary["bin_docs"], dtype=np.int64)


@dataclass
class Inventory:
    components: dict[str, ComponentSummary]
    #: what the dedup stages removed: reason -> language -> {"docs", "tokens", "bytes"}
    removed: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    #: documents of the configured languages each input (`source`) contributed, after cleaning and dedup
    docs_per_source: dict[str, int] = field(default_factory=dict)

    def unique_tokens(self) -> dict[str, int]:
        return {name: comp.unique_tokens for name, comp in self.components.items()}

    def removed_docs(self, reason: str) -> dict[str, int]:
        """Documents removed for `reason` per language."""
        return {language: counts["docs"] for language, counts in self.removed.get(reason, {}).items()}

    def summary(self) -> dict[str, dict[str, Any]]:
        """What each component offers (docs, bytes, tokens), and what dedup removed per reason and language."""
        return {
            "kept": {
                name: {"docs": comp.docs, "bytes": comp.total_bytes, "tokens": comp.unique_tokens}
                for name, comp in sorted(self.components.items())
            },
            "removed_by_dedup": self.removed,
            "kept_per_input": dict(sorted(self.docs_per_source.items())),
        }


def read_inventory(index_dir: str | Path, *, tasks: int, components: list[str]) -> Inventory:
    """Sum the index stage's `tasks` summaries into one `ComponentSummary` per component (every component of
    the build appears, with zeros when nothing of it survived), the dedup removals per reason and language, and
    the documents each input contributed."""
    summaries = {name: ComponentSummary(name) for name in components}
    removed: dict[str, dict[str, dict[str, int]]] = {}
    per_source: dict[str, int] = {}
    for rank in range(tasks):
        summary = json.loads(summary_path(index_dir, rank).read_text())
        for name, component in summary["components"].items():
            summaries[name].add(component)
        for reason, languages in summary["removed_by_dedup"].items():
            for language, counts in languages.items():
                entry = removed.setdefault(reason, {}).setdefault(language, {"docs": 0, "tokens": 0, "bytes": 0})
                for key in entry:
                    entry[key] += counts[key]
        for source, count in summary["kept_per_input"].items():
            per_source[source] = per_source.get(source, 0) + count
    removed = {reason: dict(sorted(languages.items())) for reason, languages in sorted(removed.items())}
    return Inventory(components=summaries, removed=removed, docs_per_source=dict(sorted(per_source.items())))
