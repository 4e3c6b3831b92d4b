"""What a corpus offers after cleaning: its documents per component, with exact duplicates removed.

Reads only the small columns of the intermediate document files (never the text), so it stays cheap
on large corpora. Exact dedup is global: among documents with the same `content_sha256` a document with
a pair key wins (it may serve in a translation pair), then the smallest id, so the result does not
depend on how documents were split into tasks. Every dropped copy is a reject record (reason
`exact_duplicate`, stage `dedup`) naming the id of the copy kept in `duplicate_of`.
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
from codemix.stages.rejects import reject_record, write_reject_records

INDEX_COLUMNS = ["id", "source", "path", "language", "token_count", "bytes", "content_sha256", "pair_key"]


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
    exact_duplicates: dict[str, int] = field(default_factory=dict)  # dropped documents per language
    #: documents of the configured languages each input (`source`) contributed, after cleaning and dedup
    docs_per_source: dict[str, int] = field(default_factory=dict)

    def unique_tokens(self) -> dict[str, int]:
        return {name: comp.unique_tokens for name, comp in self.components.items()}

    def summary(self) -> dict[str, dict[str, Any]]:
        """What each component offers (docs, bytes, tokens) and the exact duplicates dropped per language."""
        return {
            "kept": {
                name: {"docs": comp.docs, "bytes": comp.total_bytes, "tokens": comp.unique_tokens}
                for name, comp in sorted(self.components.items())
            },
            "exact_duplicates_per_language": dict(sorted(self.exact_duplicates.items())),
            "kept_per_input": dict(sorted(self.docs_per_source.items())),
        }


def _read_index(files: list[Path], columns: list[str]) -> pa.Table:
    tables = []
    for file in files:
        table = pq.read_table(file, columns=columns)
        table = table.append_column("file", pa.array([str(file)] * table.num_rows, pa.string()))
        table = table.append_column("row", pa.array(np.arange(table.num_rows, dtype=np.int64)))
        tables.append(table)
    if not tables:
        schema = pa.schema([(c, pa.string()) for c in columns] + [("file", pa.string()), ("row", pa.int64())])
        return schema.empty_table()
    return pa.concat_tables(tables, promote_options="default")


def sort_for_dedup(table: pa.Table, *, unpaired: pa.Array) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """The exact-dedup rule: sort by content hash, then paired before unpaired, then id; the first row
    of each hash is the copy kept. Returns the sorted table, the mask of kept rows, and for each row the
    position of the copy kept for it."""
    table = table.append_column("unpaired", unpaired)
    table = table.sort_by([("content_sha256", "ascending"), ("unpaired", "ascending"), ("id", "ascending")])
    sha = table.column("content_sha256").to_numpy(zero_copy_only=False)
    keep = np.ones(len(sha), dtype=bool)
    keep[1:] = sha[1:] != sha[:-1]
    kept_position = np.maximum.accumulate(np.where(keep, np.arange(len(sha)), 0))
    return table, keep, kept_position


def write_duplicate_rejects(table: pa.Table, keep: np.ndarray, kept_position: np.ndarray, rejects_dir: Path) -> None:
    """One reject record per dropped copy, naming the copy kept (`<rejects_dir>/00000.dedup.jsonl`)."""
    dropped = np.flatnonzero(~keep)
    ids = table.column("id").to_pylist()
    sources = table.column("source").to_pylist()
    paths = table.column("path").to_pylist()
    records = [
        reject_record(
            doc_id=ids[i], source=sources[i], path=paths[i], stage="dedup", reason="exact_duplicate",
            detail=f"same content as {ids[kept_position[i]]}", duplicate_of=ids[kept_position[i]],
        )
        for i in dropped.tolist()
    ]
    write_reject_records(Path(rejects_dir) / "00000.dedup.jsonl", records)


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
    exact_dedup: bool = True,
    exclude_ids: frozenset[str] = frozenset(),
    rejects_dir: Path | None = None,
) -> Inventory:
    """Index the documents of each language (and the paired documents) available to the mixture.

    `exclude_ids` leaves documents out of the monolingual components (code used in pairs, when the
    config keeps it out of the monolingual streams). With `rejects_dir`, every exact duplicate dropped is
    recorded there."""
    index = _read_index(sorted(docs_files), INDEX_COLUMNS)
    per_source: dict[str, int] = {}
    if exclude_ids and index.num_rows:
        excluded = pc.is_in(index.column("id"), value_set=pa.array(sorted(exclude_ids)))
        per_source = _count_by(index.filter(excluded), languages)  # used in pairs: contributed
        index = index.filter(pc.invert(excluded))
    duplicates: dict[str, int] = {}
    if exact_dedup and index.num_rows:
        index, keep, kept_position = sort_for_dedup(index, unpaired=pc.is_null(index.column("pair_key")))
        if rejects_dir is not None:
            write_duplicate_rejects(index, keep, kept_position, rejects_dir)
        dropped_languages = index.column("language").filter(pa.array(~keep)).to_pylist()
        for language in dropped_languages:
            duplicates[language] = duplicates.get(language, 0) + 1
        index = index.filter(pa.array(keep))
    for source, count in _count_by(index, languages).items():
        per_source[source] = per_source.get(source, 0) + count
    components: dict[str, ComponentDocs] = {}
    for language in languages:
        subset = index.filter(pc.equal(index.column("language"), language))
        components[language] = _component(language, subset)
    if paired_files is not None:
        paired = _read_index(sorted(paired_files), ["id", "token_count", "bytes"])
        components[KIND_PAIRED] = _component(KIND_PAIRED, paired)
    return Inventory(components=components, exact_duplicates=duplicates, docs_per_source=dict(sorted(per_source.items())))


def _count_by(index: pa.Table, languages: list[str]) -> dict[str, int]:
    """Documents of `languages` per source."""
    index = index.filter(pc.is_in(index.column("language"), value_set=pa.array(languages, pa.string())))
    counts = pc.value_counts(index.column("source")).to_pylist() if index.num_rows else []
    return {item["values"]: item["counts"] for item in counts}
