"""What a corpus offers after cleaning and deduplication: its documents per component.

Reads only the small columns of the intermediate document files (never the text), so it stays cheap on large
corpora. The dedup stages (`codemix.stages.dedup`) have already decided, on disk, which documents go (exact and
near duplicates, benchmark contamination); the inventory sees each docs file through `keep_mask`, the one call
it makes into them, and counts what they removed per reason and language from their removal records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from codemix.schemas.documents import KIND_PAIRED
from codemix.stages.dedup import keep_mask, read_removed

INDEX_COLUMNS = ["id", "language", "token_count", "bytes"]


@dataclass
class ComponentDocs:
    """The documents of one mixture component, sorted by id."""

    name: str
    files: list[str]  # the intermediate file holding each document
    rows: np.ndarray  # row of each document within its file
    ids: list[str]
    tokens: np.ndarray  # int64 tokens per document (as counted, end-of-document token included)
    bytes: np.ndarray

    @property
    def docs(self) -> int:
        return len(self.ids)

    @property
    def unique_tokens(self) -> int:
        return int(self.tokens.sum())

    @property
    def total_bytes(self) -> int:
        return int(self.bytes.sum())


@dataclass
class Inventory:
    components: dict[str, ComponentDocs]
    #: what the dedup stages removed: reason -> language -> {"docs", "tokens", "bytes"}
    removed: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

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
        }


def _read_index(files: list[Path], columns: list[str], *, dedup_dir: Path | None = None) -> pa.Table:
    """The `columns` of every kept row of `files`, with the file and the row each came from."""
    tables = []
    for file in files:
        table = pq.read_table(file, columns=columns)
        table = table.append_column("file", pa.array([str(file)] * table.num_rows, pa.string()))
        table = table.append_column("row", pa.array(np.arange(table.num_rows, dtype=np.int64)))
        if dedup_dir is not None:
            table = table.filter(pa.array(keep_mask(file, dedup_dir=dedup_dir, num_rows=table.num_rows)))
        tables.append(table)
    if not tables:
        schema = pa.schema([(c, pa.string()) for c in columns] + [("file", pa.string()), ("row", pa.int64())])
        return schema.empty_table()
    return pa.concat_tables(tables, promote_options="default")


def removed_summary(docs_files: list[Path], dedup_dir: Path) -> dict[str, dict[str, dict[str, int]]]:
    """Documents, tokens and bytes the dedup stages removed, per reason and language (sorted)."""
    summary: dict[str, dict[str, dict[str, int]]] = {}
    for file in docs_files:
        table = read_removed(dedup_dir, file, ["reason", "language", "token_count", "bytes"])
        for reason, language, tokens, size in zip(*(table.column(c).to_pylist() for c in table.column_names)):
            counts = summary.setdefault(reason, {}).setdefault(language, {"docs": 0, "tokens": 0, "bytes": 0})
            counts["docs"] += 1
            counts["tokens"] += tokens
            counts["bytes"] += size
    return {reason: dict(sorted(languages.items())) for reason, languages in sorted(summary.items())}


def _component(name: str, table: pa.Table) -> ComponentDocs:
    table = table.sort_by([("id", "ascending")])
    return ComponentDocs(
        name=name,
        files=table.column("file").to_pylist(),
        rows=table.column("row").to_numpy(),
        ids=table.column("id").to_pylist(),
        tokens=table.column("token_count").to_numpy().astype(np.int64),
        bytes=table.column("bytes").to_numpy().astype(np.int64),
    )


def build_inventory(
    *,
    docs_files: list[Path],
    languages: list[str],
    paired_files: list[Path] | None = None,
    exclude_ids: frozenset[str] = frozenset(),
    dedup_dir: Path | None = None,
) -> Inventory:
    """Index the documents of each language (and the paired documents) available to the mixture.

    `dedup_dir` (the dedup stages' folder; None when the build removes nothing) leaves the removed documents
    out. `exclude_ids` leaves documents out of the monolingual components (code used in pairs, when the config
    keeps it out of the monolingual streams)."""
    docs_files = sorted(docs_files)
    index = _read_index(docs_files, INDEX_COLUMNS, dedup_dir=dedup_dir)
    if exclude_ids and index.num_rows:
        index = index.filter(pc.invert(pc.is_in(index.column("id"), value_set=pa.array(sorted(exclude_ids)))))
    components: dict[str, ComponentDocs] = {}
    for language in languages:
        subset = index.filter(pc.equal(index.column("language"), language))
        components[language] = _component(language, subset)
    if paired_files is not None:
        paired = _read_index(sorted(paired_files), ["id", "token_count", "bytes"])
        components[KIND_PAIRED] = _component(KIND_PAIRED, paired)
    removed = removed_summary(docs_files, dedup_dir) if dedup_dir is not None else {}
    return Inventory(components=components, removed=removed)
