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
from codemix.errors import InputError
from codemix.io import CodeFolder, TableFolder, open_decompressed, raw_media
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
            with open_decompressed(self.data_folder, relative_file) as handle:
                for _ in bounded_lines(handle, 0):
                    rows += 1
        except (OSError, EOFError, ValueError):
            pass  # a corrupt file has the rows before the damage; reading it records the damage
        return rows

    def _read_rows(self, relative_file: str, row_limit: int | None, rank: int) -> Iterator[Document]:
        row_index = -1
        read_bytes = 0
        try:
            with open_decompressed(self.data_folder, relative_file) as handle:
                for row_index, (line, length_bytes) in enumerate(bounded_lines(handle, self.max_row_bytes)):
                    read_bytes += length_bytes + 1
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
            # Rows 0..row_index came out whole; the line being read when the stream broke is lost with the rest.
            at_row = row_index + 1
            truncated = isinstance(error, EOFError)
            what = "ends early (truncated)" if truncated else f"is corrupt ({type(error).__name__}: {error})"
            detail = (
                f"{relative_file} {what} after row {row_index} ({at_row} complete rows, {read_bytes:,} bytes "
                "decompressed, were read): the rows after that are lost, and how many is unknown"
            )
            self._reject(rank, _reject_document(
                doc_id=f"{self.source}:{relative_file}:{at_row}", source=self.source,
                reason="truncated_file" if truncated else "corrupt_file", detail=detail, file=relative_file,
                row=at_row,
            ))  # fmt: skip
            self.stat_update("files_cut_short")
            logger.warning(f"{self.source}: {detail}")


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

        try:
            with self.data_folder.open(relative_file, "rb") as handle:
                return pq.ParquetFile(handle).metadata.num_rows
        except (OSError, ValueError):
            return 0  # an unreadable footer: reading the file records it

    def _lost_rows(self, rank: int, relative_file: str, rows: range, why: str) -> None:
        """Every row of an unreadable row group is a reject record naming its file and row."""
        for row in rows:
            self._reject(rank, _reject_document(
                doc_id=f"{self.source}:{relative_file}:{row}", source=self.source, reason="corrupt_row_group",
                detail=f"{relative_file}, row {row}: {why}", file=relative_file, row=row,
            ))  # fmt: skip
        logger.warning(f"{self.source}: {relative_file}: rows {rows.start}-{rows.stop - 1} lost: {why}")

    def _read_rows(self, relative_file: str, row_limit: int | None, rank: int) -> Iterator[Document]:
        """The rows of every readable row group; the rows of a row group that cannot be read are counted and
        recorded one by one (their number is in the footer), and reading goes on with the next group."""
        import pyarrow.parquet as pq

        try:
            handle = self.data_folder.open(relative_file, "rb")
            parquet = pq.ParquetFile(handle)
        except (OSError, ValueError) as error:  # no readable footer (a truncated file ends without one)
            detail = (
                f"{relative_file} is not a readable Parquet file ({type(error).__name__}: {error}); without its "
                "footer no row can be read, and how many rows it held is unknown"
            )
            self._reject(rank, _reject_document(
                doc_id=f"{self.source}:{relative_file}:0", source=self.source, reason="corrupt_file", detail=detail,
                file=relative_file, row=0,
            ))  # fmt: skip
            self.stat_update("files_cut_short")
            logger.warning(f"{self.source}: {detail}")
            return
        with handle, parquet:
            available = set(parquet.schema_arrow.names)
            columns = [c for c in self._columns() if c in available]
            meta = parquet.metadata
            group_start = 0
            for group in range(meta.num_row_groups):
                end = group_start + meta.row_group(group).num_rows
                if row_limit is not None:
                    end = min(end, row_limit)
                row_index = group_start
                try:
                    for batch in parquet.iter_batches(batch_size=self.batch_size, row_groups=[group], columns=columns):
                        documents = []
                        with self.track_time("batch"):
                            for row in batch.to_pylist():
                                if row_index >= end:
                                    break
                                document = self._row_document(
                                    row, file=relative_file, row_index=row_index, rank=rank,
                                    positional_id=f"{self.source}:{relative_file}:{row_index}",
                                )  # fmt: skip
                                row_index += 1
                                if document is not None:
                                    documents.append(document)
                        yield from documents
                        if row_index >= end:
                            break
                except (OSError, ValueError) as error:  # pyarrow raises ArrowInvalid (a ValueError) on bad pages
                    lost = range(row_index, end)
                    self.stat_update("rows_lost", value=len(lost))
                    self._lost_rows(rank, relative_file, lost, f"row group {group} of {meta.num_row_groups} (rows "
                                    f"{group_start}-{group_start + meta.row_group(group).num_rows - 1}) is "
                                    f"unreadable from row {row_index}: {type(error).__name__}: {error}")
                group_start += meta.row_group(group).num_rows
                if row_limit is not None and group_start >= row_limit:
                    break


# --- Hugging Face inputs ---------------------------------------------------------------------------
def _is_saved_dataset(name: str) -> bool:
    """A directory written by `Dataset.save_to_disk` / `DatasetDict.save_to_disk`."""
    path = Path(name)
    return path.is_dir() and ((path / "state.json").is_file() or (path / "dataset_dict.json").is_file())


def _hf_load_options(input_config: HuggingFaceInput) -> dict[str, Any]:
    options: dict[str, Any] = {"split": input_config.split}
    if input_config.config_name:
        options["name"] = input_config.config_name
    if input_config.revision:
        options["revision"] = input_config.revision
    if input_config.data_dir:
        options["data_dir"] = input_config.data_dir
    return options


def open_hf_dataset(input_config: HuggingFaceInput):
    """The configured split of a Hugging Face dataset: a `save_to_disk` directory, or `load_dataset` (streaming
    as configured)."""
    from datasets import DatasetDict, load_dataset, load_from_disk

    if _is_saved_dataset(input_config.name):
        dataset = load_from_disk(input_config.name)
        if isinstance(dataset, DatasetDict):
            if input_config.split not in dataset:
                raise ValueError(f"{input_config.name}: no split {input_config.split!r}; it has {sorted(dataset)}")
            dataset = dataset[input_config.split]
        return dataset
    return load_dataset(input_config.name, **_hf_load_options(input_config), streaming=input_config.streaming)


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
        super().__init__(
            dataset=input_config.name,
            dataset_options=None if saved else _hf_load_options(input_config),
            streaming=False if saved else input_config.streaming,
            batch_size=batch_size_rows,
            text_key=input_config.text_key,
            load_from_disk=saved,
        )
        self.split = input_config.split
        self.max_documents = input_config.max_documents
        self.input_config = input_config
        self._configure_rows(input_config)
        self.rejects_writer = rejects_writer

    def _load(self):
        return open_hf_dataset(self.input_config)

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


# --- declared columns, checked before any work ----------------------------------------------------
#: The keys of a row input that name a column, in the order an error lists them.
COLUMN_KEYS: tuple[str, ...] = ("text_key", "path_key", "id_key", "language_key", "pair_key")
#: A JSONL file has no schema: its columns are the keys of its first rows.
JSONL_SCHEMA_ROWS = 100


def declared_columns(input_config: JsonlInput | ParquetInput | HuggingFaceInput) -> dict[str, str]:
    """Config key -> column, for every column the input's config names."""
    return {key: getattr(input_config, key) for key in COLUMN_KEYS if getattr(input_config, key)}


def _jsonl_columns(folder: TableFolder, file: str) -> set[str] | None:
    """The keys of the first `JSONL_SCHEMA_ROWS` JSON objects of a JSONL file; None when none could be read."""
    keys: set[str] = set()
    seen = 0
    try:
        with open_decompressed(folder, file) as handle:
            for line, _ in bounded_lines(handle, max_row_bytes_for(CleanConfig().max_file_bytes)):
                if not line or not line.strip():
                    continue
                try:
                    row = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(row, dict):
                    keys.update(row)
                    seen += 1
                    if seen >= JSONL_SCHEMA_ROWS:
                        break
    except (OSError, EOFError, ValueError):
        pass  # a damaged file: the reader records how far it got
    return keys if seen else None


def _parquet_columns(folder: TableFolder, file: str) -> set[str] | None:
    import pyarrow.parquet as pq

    try:
        with folder.open(file, "rb") as handle:
            return set(pq.read_schema(handle).names)
    except (OSError, ValueError):
        return None  # no readable footer: the reader records the file as corrupt


def check_declared_columns(input_config: InputConfig, *, index: int) -> None:
    """Raise `InputError` naming the input, the file and the column when a column its config declares
    (`text_key`, `path_key`, `id_key`, `language_key`, `pair_key`) is not in the input's schema: a Parquet
    file's schema, the keys of a JSONL file's first rows, a Hugging Face dataset's features. Run before any
    work: a wrong key would otherwise only show as every row dropped."""
    if isinstance(input_config, DirectoryInput):
        return
    declared = declared_columns(input_config)
    where = f"inputs[{index}] ({input_config.display_name()!r})"
    if isinstance(input_config, HuggingFaceInput):
        dataset = open_hf_dataset(input_config)
        columns = dataset.column_names
        if columns is None:  # a stream whose features are unknown: the keys of its first row
            columns = list(next(iter(dataset), {}))
        schemas = [("the dataset's features", set(columns))]
    else:
        folder = TableFolder(input_config.path)
        reader = _parquet_columns if isinstance(input_config, ParquetInput) else _jsonl_columns
        what = "its Parquet schema" if isinstance(input_config, ParquetInput) else f"its first {JSONL_SCHEMA_ROWS} rows"
        schemas = [(f"{what} ({file})", columns) for file in folder.list_files()
                   if (columns := reader(folder, file)) is not None]  # fmt: skip
    for described, columns in schemas:
        for key, column in declared.items():
            if column not in columns:
                raise InputError(
                    f"{where}: no column {column!r} (the config's `{key}`) in {described}; "
                    f"the columns there are: {', '.join(sorted(columns)) or 'none'}"
                )


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
