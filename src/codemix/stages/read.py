"""Readers: one datatrove reader per configured input, producing `Document`s with codemix metadata.

Readers chain (each yields the upstream documents, then its own). File inputs are datatrove disk readers
over a `DataFolder` (a local path or any fsspec URL) implementing `read_file`; datatrove shards the sorted
file listing by rank (`files[rank::world_size]`), so the set of documents, and every document id, is
independent of the task count and of the file system's listing order.

- Directory inputs: `DirectoryReader` lists the tree with `codemix.io.CodeFolder` (datatrove has no reader
  for raw files). It checks a file's size before reading it (`too_large` never loads the file) and hands
  the raw bytes to `DecodeText` as the document's single `Media` (`codemix.io.raw_bytes`).
- JSONL and Parquet inputs: `TableJsonlReader` and `TableParquetReader` subclass datatrove's readers for
  their folders, sharding, stats and timing, but parse rows themselves: datatrove's versions skip invalid
  JSON lines and rows without text with only a log warning, and number Parquet rows by kept documents,
  not by row; here each bad row is a reject record naming its file and row, and ids use the row index.
- Hugging Face inputs: `HubDatasetReader` subclasses datatrove's `HuggingFaceDatasetReader` and
  shards like it (rows of a map-style dataset, data files of a streaming one), with row ids that do
  not depend on the rank.

Ids: `<source>:<relative path>` for directory files; `<source>:<relative file>:<row>` for JSONL and
Parquet rows; `<source>:<row>` (map-style) or `<source>:<data file>:<row>` (streaming) for Hugging
Face rows; `<source>:<id value>` when `id_key` is set. Rows are 0-based physical rows (JSONL lines).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import count, islice
from pathlib import Path
from typing import Any

import orjson
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.readers.huggingface import HuggingFaceDatasetReader
from datatrove.pipeline.readers.jsonl import JsonlReader
from datatrove.pipeline.readers.parquet import ParquetReader
from datatrove.utils.logging import logger

from codemix import languages
from codemix.io import CodeFolder, TableFolder, raw_media
from codemix.schemas.config import (
    CleanConfig,
    DirectoryInput,
    HuggingFaceInput,
    InputConfig,
    JsonlInput,
    ParquetInput,
)
from codemix.schemas.documents import CLAIMED_LANGUAGE, PAIR_KEY, PATH, SOURCE, drop_stat
from codemix.stages.rejects import INPUT_FILE, INPUT_ROW, REJECT_DETAIL, REJECT_REASON, RejectsWriter

# --- language names and pair keys ------------------------------------------------------------------
def normalize_language_name(value: Any) -> str | None:
    """An input's own language label in codemix names (`codemix.languages`: `Python`/`py` -> `python`,
    `C#` -> `csharp`), anything else -> `other:<lowercased>`; None for a missing or blank value."""
    if value is None:
        return None
    name = str(value).strip().lower()
    if not name:
        return None
    return languages.language_of_name(name) or f"other:{name}"


def compile_pair_pattern(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern) if pattern else None


def extract_pair_key(value: Any, pattern: re.Pattern | None) -> str | None:
    """The pair key in `value`: the pattern's group `key` (or group 1), or the whole value without a
    pattern. None when the value is missing or the pattern does not match."""
    if value is None:
        return None
    text = str(value)
    if pattern is None:
        return text or None
    match = pattern.search(text)
    if not match:
        return None
    key = match.group("key") if "key" in pattern.groupindex else match.group(1)
    return key or None


# --- shared helpers --------------------------------------------------------------------------------
def _reject_document(
    *, doc_id: str, source: str, reason: str, detail: str, path: str | None = None,
    file: str | None = None, row: int | None = None,
) -> Document:  # fmt: skip
    metadata: dict[str, Any] = {SOURCE: source, REJECT_REASON: reason, REJECT_DETAIL: detail}
    if path is not None:
        metadata[PATH] = path
    if file is not None:
        metadata[INPUT_FILE] = file
    if row is not None:
        metadata[INPUT_ROW] = row
    return Document(text="", id=doc_id, metadata=metadata)


class _RejectingReader:
    """Mixin: a reader that records the rows or files it cannot turn into documents."""

    rejects_writer: RejectsWriter

    def _reject(self, rank: int, document: Document) -> None:
        reason = document.metadata[REJECT_REASON]
        self.stat_update(drop_stat(reason))  # type: ignore[attr-defined]
        self.rejects_writer.write(document, rank)


#: Warnings logged per reader and task for pair keys that do not match; the stat counts every one.
MAX_UNMATCHED_WARNINGS = 20


class _TableRows(_RejectingReader):
    """Mixin: turns a row (a dict) of a table input into a `Document`, or a reject record."""

    source: str
    row_text_key: str
    row_id_key: str | None
    path_key: str | None
    language_key: str | None
    pair_key: str | None
    pair_pattern: re.Pattern | None

    def _configure_rows(self, input_config: JsonlInput | ParquetInput | HuggingFaceInput) -> None:
        self.source = input_config.display_name()
        self.row_text_key = input_config.text_key
        self.row_id_key = input_config.id_key
        self.path_key = input_config.path_key
        self.language_key = input_config.language_key
        self.pair_key = input_config.pair_key
        self.pair_pattern = compile_pair_pattern(input_config.pair_key_pattern)

    def _columns(self) -> list[str]:
        keys = [self.row_text_key, self.row_id_key, self.path_key, self.language_key, self.pair_key]
        return list(dict.fromkeys(k for k in keys if k))

    def _row_document(self, row: dict, *, file: str, row_index: int, rank: int, positional_id: str) -> Document | None:
        doc_id = positional_id
        if self.row_id_key:
            value = row.get(self.row_id_key)
            if value is None or value == "":
                self.stat_update("missing_id")  # type: ignore[attr-defined]
            else:
                doc_id = f"{self.source}:{value}"
        path = row.get(self.path_key) if self.path_key else None
        path = None if path is None else str(path)
        text = row.get(self.row_text_key)
        if not isinstance(text, (str, bytes, bytearray)):
            detail = (
                f"no {self.row_text_key!r} field" if self.row_text_key not in row
                else f"{self.row_text_key!r} is {type(text).__name__}, not a string"
            )  # fmt: skip
            self._reject(rank, _reject_document(
                doc_id=doc_id, source=self.source, reason="missing_text", detail=f"{detail} ({file}, row {row_index})",
                path=path, file=file, row=row_index,
            ))  # fmt: skip
            return None
        metadata: dict[str, Any] = {SOURCE: self.source, INPUT_FILE: file, INPUT_ROW: row_index}
        if path is not None:
            metadata[PATH] = path
        if self.language_key and (claimed := normalize_language_name(row.get(self.language_key))):
            metadata[CLAIMED_LANGUAGE] = claimed
        if self.pair_key:
            value = row.get(self.pair_key)
            key = extract_pair_key(value, self.pair_pattern)
            if key is not None:
                metadata[PAIR_KEY] = key
            elif value is None:
                self.stat_update("pair_key_missing")  # type: ignore[attr-defined]
            else:
                self.stat_update("pair_key_unmatched")  # type: ignore[attr-defined]
                self._unmatched_warnings = getattr(self, "_unmatched_warnings", 0) + 1
                if self._unmatched_warnings <= MAX_UNMATCHED_WARNINGS:  # the stat counts them all
                    more = (
                        " (further ones are only counted)" if self._unmatched_warnings == MAX_UNMATCHED_WARNINGS else ""
                    )
                    logger.warning(
                        f"{file}, row {row_index}: {self.pair_key}={value!r} does not match pair_key_pattern "
                        f"{self.pair_pattern.pattern if self.pair_pattern else None!r}: no pair key{more}"
                    )
        if isinstance(text, str):
            return Document(text=text, id=doc_id, metadata=metadata)
        return Document(text="", id=doc_id, media=[raw_media(bytes(text), url=file)], metadata=metadata)


def _row_limits(files: list[str], max_rows: int | None, count_rows: Callable[[str], int]) -> dict[str, int | None]:
    """How many leading rows to read from each file so that, over the sorted file list, exactly the
    first `max_rows` rows are read (None: all). Counts rows only of the files the cap reaches."""
    if max_rows is None:
        return {f: None for f in files}
    limits: dict[str, int | None] = {}
    remaining = max_rows
    for f in files:
        if remaining <= 0:
            limits[f] = 0
            continue
        rows = count_rows(f)
        limits[f] = min(rows, remaining)
        remaining -= limits[f]
    return limits


# --- directory inputs ------------------------------------------------------------------------------
class DirectoryReader(_RejectingReader, BaseDiskReader):
    """Reads a directory of raw files (a local path or an fsspec URL): one document per regular file, its
    bytes left for `DecodeText`.

    The listing is `codemix.io.CodeFolder`'s walk (excluded directory names skipped at any depth, symlinks
    unless `follow_symlinks`, never FIFOs, sockets or devices), sharded by datatrove (`files[rank::world_size]`).
    A file larger than `max_file_bytes` is dropped as `too_large` from its size alone.
    """

    name = "📁 Directory"

    def __init__(
        self,
        *,
        input_config: DirectoryInput,
        rejects_writer: RejectsWriter,
        max_file_bytes: int = CleanConfig().max_file_bytes,
    ) -> None:
        folder = CodeFolder(
            input_config.path, exclude_dirs=input_config.exclude_dirs, follow_symlinks=input_config.follow_symlinks,
            max_files=input_config.max_documents,
        )
        super().__init__(data_folder=folder, add_file_path=False)
        self.source = input_config.display_name()
        self.pair_key_from = input_config.pair_key_from
        self.max_file_bytes = max_file_bytes
        self.rejects_writer = rejects_writer
        self._rank = 0

    def _pair_key(self, relative_path: str) -> str | None:
        if self.pair_key_from == "parent_dir":
            parent = posixpath.dirname(relative_path)
            return parent or None
        return None

    def read_file(self, filepath: str) -> DocumentsPipeline:
        doc_id = f"{self.source}:{filepath}"
        with self.track_time():
            try:
                size_bytes = self.data_folder.size(filepath)
                if size_bytes > self.max_file_bytes:
                    self._reject(self._rank, _reject_document(
                        doc_id=doc_id, source=self.source, path=filepath, reason="too_large",
                        detail=f"{size_bytes} bytes > max_file_bytes {self.max_file_bytes}",
                    ))  # fmt: skip
                    return
                with self.data_folder.open(filepath, "rb") as handle:
                    data = handle.read(self.max_file_bytes + 1)  # bounded even if the file grew since listed
            except OSError as error:
                self._reject(self._rank, _reject_document(
                    doc_id=doc_id, source=self.source, path=filepath, reason="unreadable",
                    detail=f"{error.strerror or error}",
                ))  # fmt: skip
                return
        if len(data) > self.max_file_bytes:
            self._reject(self._rank, _reject_document(
                doc_id=doc_id, source=self.source, path=filepath, reason="too_large",
                detail=f"more than max_file_bytes {self.max_file_bytes} bytes",
            ))  # fmt: skip
            return
        metadata: dict[str, Any] = {SOURCE: self.source, PATH: filepath}
        if (pair_key := self._pair_key(filepath)) is not None:
            metadata[PAIR_KEY] = pair_key
        self.stat_update("input_bytes", value=len(data), unit="doc")
        yield Document(text="", id=doc_id, media=[raw_media(data, url=self.data_folder.resolve_paths(filepath))],
                       metadata=metadata)

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        self._rank = rank
        with self.rejects_writer:
            yield from super().run(data, rank, world_size)
        folder: CodeFolder = self.data_folder
        if rank == 0:  # every rank lists the same tree: count what it skipped once
            for label, count in folder.skipped.items():
                if count:
                    self.stat_update(label, value=count)
            for problem in folder.unreadable:
                logger.warning(f"{self.source}: cannot list directory {problem}")


# --- JSONL and Parquet inputs ----------------------------------------------------------------------
def bounded_lines(
    handle: Any, max_line_bytes: int, *, block_bytes: int = 1 << 16
) -> Iterator[tuple[bytes | None, int]]:
    """The lines of a binary stream, without their newline, as `(line, length in bytes)`; a line longer
    than `max_line_bytes` comes as `(None, length)` and is never held in memory whole. Works on any
    object with `read()` (zstandard's stream reader has no `readline`). Reads with `read1` where there
    is one: a truncated gzip then loses only the rows of its last, damaged block."""
    read = getattr(handle, "read1", handle.read)
    pending = bytearray()
    overflow = 0  # length so far of a too-long line whose bytes were discarded
    while block := read(block_bytes):
        start = 0
        while (newline := block.find(b"\n", start)) >= 0:
            piece = block[start:newline]
            start = newline + 1
            if overflow or len(pending) + len(piece) > max_line_bytes:
                yield None, overflow + len(pending) + len(piece)
            elif pending:
                pending += piece
                yield bytes(pending), len(pending)
            else:
                yield piece, len(piece)
            pending.clear()
            overflow = 0
        rest = block[start:]
        if overflow or len(pending) + len(rest) > max_line_bytes:
            overflow += len(pending) + len(rest)
            pending.clear()
        else:
            pending += rest
    if overflow:
        yield None, overflow
    elif pending:
        yield bytes(pending), len(pending)


def max_row_bytes_for(max_file_bytes: int) -> int:
    """The longest JSONL row worth parsing: JSON escapes make a text at most 6x longer (`\\u0001` for
    one byte), plus 64 KB for the other fields. A longer row cannot hold a text of `max_file_bytes`."""
    return 6 * max_file_bytes + 65_536


class _TableFilesMixin(_TableRows):
    """A table input's files (`codemix.io.TableFolder`), sharded by datatrove (`files[rank::world_size]`),
    read file by file with `read_file`; `max_documents` caps the rows over the whole sorted file list."""

    max_documents: int | None
    _rank: int = 0
    _limits: dict[str, int | None] | None = None

    def _count_rows(self, relative_file: str) -> int:
        raise NotImplementedError

    def _read_rows(self, relative_file: str, row_limit: int | None, rank: int) -> Iterator[Document]:
        raise NotImplementedError

    def read_file(self, filepath: str) -> DocumentsPipeline:
        if self._limits is None:
            self._limits = _row_limits(self.data_folder.list_files(), self.max_documents, self._count_rows)
        limit = self._limits.get(filepath)
        if limit == 0:
            return
        yield from self._read_rows(filepath, limit, self._rank)

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        self._rank = rank
        if not self.data_folder.list_files():
            logger.warning(f"{self.source}: no files match")
        with self.rejects_writer:
            yield from super().run(data, rank, world_size)


class TableJsonlReader(_TableFilesMixin, JsonlReader):
    """JSONL(.gz/.zst) rows to documents; an invalid line is a reject (`invalid_json`), never a crash."""

    def __init__(
        self,
        *,
        input_config: JsonlInput,
        rejects_writer: RejectsWriter,
        max_file_bytes: int = CleanConfig().max_file_bytes,
    ) -> None:
        super().__init__(data_folder=TableFolder(input_config.path), text_key=input_config.text_key,
                         compression="infer", add_file_path=False)
        self._configure_rows(input_config)
        self.max_documents = input_config.max_documents
        self.rejects_writer = rejects_writer
        self.max_row_bytes = max_row_bytes_for(max_file_bytes)

    def _count_rows(self, relative_file: str) -> int:
        rows = 0
        try:
            with self.data_folder.open(relative_file, "rb", compression=self.compression) as handle:
                for _ in bounded_lines(handle, 0):
                    rows += 1
        except (OSError, EOFError, ValueError):
            pass  # a corrupt file has the rows before the damage; reading it records the damage
        return rows

    def _read_rows(self, relative_file: str, row_limit: int | None, rank: int) -> Iterator[Document]:
        row_index = -1
        try:
            with self.data_folder.open(relative_file, "rb", compression=self.compression) as handle:
                for row_index, (line, length_bytes) in enumerate(bounded_lines(handle, self.max_row_bytes)):
                    if row_limit is not None and row_index >= row_limit:
                        break
                    positional_id = f"{self.source}:{relative_file}:{row_index}"
                    if line is None:
                        self._reject(rank, _reject_document(
                            doc_id=positional_id, source=self.source, reason="too_large",
                            detail=f"{relative_file}, row {row_index}: {length_bytes} bytes > {self.max_row_bytes}, "
                            "the longest row that can hold a text of max_file_bytes: not parsed",
                            file=relative_file, row=row_index,
                        ))  # fmt: skip
                        continue
                    if not line.strip():
                        continue  # a blank line holds no row
                    with self.track_time():
                        try:
                            row = orjson.loads(line)
                        except orjson.JSONDecodeError as error:
                            self._reject(rank, _reject_document(
                                doc_id=positional_id, source=self.source, reason="invalid_json",
                                detail=f"{relative_file}, row {row_index}: {error}", file=relative_file, row=row_index,
                            ))  # fmt: skip
                            continue
                        if not isinstance(row, dict):
                            self._reject(rank, _reject_document(
                                doc_id=positional_id, source=self.source, reason="invalid_json",
                                detail=f"{relative_file}, row {row_index}: a JSON {type(row).__name__}, not an object",
                                file=relative_file, row=row_index,
                            ))  # fmt: skip
                            continue
                        document = self._row_document(
                            row, file=relative_file, row_index=row_index, rank=rank, positional_id=positional_id
                        )
                    if document is not None:
                        yield document
        except (OSError, EOFError, ValueError) as error:  # truncated or corrupt compressed file
            at_row = row_index + 1
            self._reject(rank, _reject_document(
                doc_id=f"{self.source}:{relative_file}:{at_row}", source=self.source, reason="corrupt_file",
                detail=f"{relative_file}: reading stopped at row {at_row}: {type(error).__name__}: {error}",
                file=relative_file, row=at_row,
            ))  # fmt: skip
            logger.warning(f"{self.source}: {relative_file} is corrupt after row {row_index}: {error}")


class TableParquetReader(_TableFilesMixin, ParquetReader):
    """Parquet rows to documents, reading only the configured columns, batch by batch."""

    def __init__(
        self, *, input_config: ParquetInput, rejects_writer: RejectsWriter, batch_size_rows: int = 1000
    ) -> None:
        super().__init__(data_folder=TableFolder(input_config.path), text_key=input_config.text_key,
                         batch_size=batch_size_rows)
        self._configure_rows(input_config)
        self.max_documents = input_config.max_documents
        self.rejects_writer = rejects_writer

    def _count_rows(self, relative_file: str) -> int:
        import pyarrow.parquet as pq

        with self.data_folder.open(relative_file, "rb") as handle:
            return pq.ParquetFile(handle).metadata.num_rows

    def _read_rows(self, relative_file: str, row_limit: int | None, rank: int) -> Iterator[Document]:
        import pyarrow.parquet as pq

        row_index = 0
        try:
            with self.data_folder.open(relative_file, "rb") as handle, pq.ParquetFile(handle) as parquet:
                available = set(parquet.schema_arrow.names)
                columns = [c for c in self._columns() if c in available]
                for batch in parquet.iter_batches(batch_size=self.batch_size, columns=columns):
                    documents = []
                    with self.track_time("batch"):
                        for row in batch.to_pylist():
                            if row_limit is not None and row_index >= row_limit:
                                break
                            document = self._row_document(
                                row, file=relative_file, row_index=row_index, rank=rank,
                                positional_id=f"{self.source}:{relative_file}:{row_index}",
                            )  # fmt: skip
                            row_index += 1
                            if document is not None:
                                documents.append(document)
                    yield from documents
                    if row_limit is not None and row_index >= row_limit:
                        break
        except (OSError, ValueError) as error:  # pyarrow raises ArrowInvalid (a ValueError) on a corrupt file
            self._reject(rank, _reject_document(
                doc_id=f"{self.source}:{relative_file}:{row_index}", source=self.source, reason="corrupt_file",
                detail=f"{relative_file}: reading stopped at row {row_index}: {type(error).__name__}: {error}",
                file=relative_file, row=row_index,
            ))  # fmt: skip
            logger.warning(f"{self.source}: {relative_file} is unreadable from row {row_index}: {error}")


# --- Hugging Face inputs ---------------------------------------------------------------------------
def _is_saved_dataset(name: str) -> bool:
    """A directory written by `Dataset.save_to_disk` / `DatasetDict.save_to_disk`."""
    path = Path(name)
    return path.is_dir() and ((path / "state.json").is_file() or (path / "dataset_dict.json").is_file())


class HubDatasetReader(_TableRows, HuggingFaceDatasetReader):
    """A Hugging Face dataset (Hub name, local dataset folder, or a `save_to_disk` directory).

    Map-style datasets shard by row (`rank`, `rank + world_size`, ...), ids `<source>:<row>`.
    Streaming datasets shard by data file (file `k` goes to rank `k % world_size`), ids
    `<source>:<file index>:<row in file>`; a single-file stream is split by row instead.
    `max_documents` takes the first N rows (in file order for streams, read by rank 0).
    """

    def __init__(
        self, *, input_config: HuggingFaceInput, rejects_writer: RejectsWriter, batch_size_rows: int = 1000
    ) -> None:
        saved = _is_saved_dataset(input_config.name)
        options: dict[str, Any] = {"split": input_config.split}
        if input_config.config_name:
            options["name"] = input_config.config_name
        if input_config.revision:
            options["revision"] = input_config.revision
        if input_config.data_dir:
            options["data_dir"] = input_config.data_dir
        super().__init__(
            dataset=input_config.name,
            dataset_options=None if saved else options,
            streaming=False if saved else input_config.streaming,
            batch_size=batch_size_rows,
            text_key=input_config.text_key,
            load_from_disk=saved,
        )
        self.split = input_config.split
        self.max_documents = input_config.max_documents
        self._configure_rows(input_config)
        self.rejects_writer = rejects_writer

    def _load(self):
        from datasets import DatasetDict, load_dataset, load_from_disk

        if self.load_from_disk:
            dataset = load_from_disk(self.dataset)
            if isinstance(dataset, DatasetDict):
                if self.split not in dataset:
                    raise ValueError(f"{self.dataset}: no split {self.split!r}; it has {sorted(dataset)}")
                dataset = dataset[self.split]
            return dataset
        return load_dataset(self.dataset, **self.dataset_options, streaming=self.streaming)

    def _rows(
        self, rows: Iterable[dict], *, file: str, rank: int, id_prefix: str, indices: Iterable[int]
    ) -> Iterator[Document]:
        for row_index, row in zip(indices, rows, strict=False):  # indices may be endless
            document = self._row_document(
                row, file=file, row_index=row_index, rank=rank, positional_id=f"{id_prefix}{row_index}"
            )
            if document is not None:
                self.stat_update("documents")
                self.update_doc_stats(document)
                yield document

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from datasets import Dataset

        if data:
            yield from data
        dataset = self._load()
        columns = [c for c in self._columns() if c in (dataset.column_names or [])]
        if dataset.column_names and columns:
            dataset = dataset.select_columns(columns)
        with self.rejects_writer:
            if isinstance(dataset, Dataset):
                total_rows = len(dataset) if self.max_documents is None else min(len(dataset), self.max_documents)
                shard = dataset.select(range(rank, total_rows, world_size))
                yield from self._rows(
                    iter(shard), file=self.split, rank=rank, id_prefix=f"{self.source}:",
                    indices=range(rank, total_rows, world_size),
                )  # fmt: skip
                return
            shards = dataset.num_shards
            if self.max_documents is not None:  # the first N rows in file order: read by rank 0 alone
                if rank != 0:
                    return
                taken = 0
                for k in range(shards):
                    if taken >= self.max_documents:
                        break
                    rows = list(islice(iter(dataset.shard(num_shards=shards, index=k)), self.max_documents - taken))
                    taken += len(rows)
                    yield from self._rows(
                        rows, file=f"{self.split}:{k}", rank=rank, id_prefix=f"{self.source}:{k}:",
                        indices=range(len(rows)),
                    )  # fmt: skip
                return
            if shards > 1:
                for k in range(rank, shards, world_size):
                    rows = dataset.shard(num_shards=shards, index=k)
                    yield from self._rows(
                        iter(rows), file=f"{self.split}:{k}", rank=rank, id_prefix=f"{self.source}:{k}:",
                        indices=count(),
                    )  # fmt: skip
            else:  # one data file: every rank streams it, keeping every world_size-th row
                rows = (row for i, row in enumerate(dataset) if i % world_size == rank)
                yield from self._rows(
                    rows, file=f"{self.split}:0", rank=rank, id_prefix=f"{self.source}:0:",
                    indices=range(rank, 1 << 62, world_size),
                )  # fmt: skip


# --- building readers from the config --------------------------------------------------------------
def reader_for_input(
    input_config: InputConfig, *, index: int, rejects_dir: str | Path, clean: CleanConfig
) -> PipelineStep:
    """The reader of one configured input. `index` is the input's position in the config: its rejects
    go to `<rejects_dir>/<rank>.read-<index>.jsonl`. `clean.max_file_bytes` is checked before a
    directory file is read."""
    rejects = RejectsWriter(rejects_dir=rejects_dir, stage=f"read-{index}")
    if isinstance(input_config, DirectoryInput):
        return DirectoryReader(input_config=input_config, rejects_writer=rejects, max_file_bytes=clean.max_file_bytes)
    if isinstance(input_config, JsonlInput):
        return TableJsonlReader(input_config=input_config, rejects_writer=rejects, max_file_bytes=clean.max_file_bytes)
    if isinstance(input_config, ParquetInput):
        return TableParquetReader(input_config=input_config, rejects_writer=rejects)
    if isinstance(input_config, HuggingFaceInput):
        return HubDatasetReader(input_config=input_config, rejects_writer=rejects)
    raise TypeError(f"no reader for input type {type(input_config).__name__}")
