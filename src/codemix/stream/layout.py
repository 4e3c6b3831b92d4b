"""What a stream knows before it reads a row: a split's shards and row groups, from `manifest.json`.

A build's manifest lists, per shard, its rows and tokens per row group (`row_group_rows`,
`row_group_tokens`, manifest format 2), so a stream plans every read without opening a shard. For a
manifest of format 1 (built before those lists existed) each shard's footer and `token_count` column are
read once instead.

Paths are local or any fsspec URL (`s3://`, `gs://`, `memory://`, ...): local files are opened by
pyarrow directly, others through fsspec file objects.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import fsspec
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from codemix.schemas.shards import class_label_names, row_group_layout, shard_language_labels

MANIFEST_NAME = "manifest.json"
#: Columns every stream reads for every row group: what the token tally and packing need.
LANGUAGE_COLUMN = "language"
TOKENS_COLUMN = "token_count"
TEXT_COLUMN = "text"


class StreamError(ValueError):
    """A build output the stream cannot read as asked; the message names the file, row and reason."""


@dataclass(frozen=True)
class SplitLayout:
    """One split of a build: its files and, flattened over them, its row groups ("units") in file order."""

    url: str  # what the user gave
    fs: Any  # the fsspec filesystem
    files: tuple[str, ...]  # full paths inside `fs`
    unit_file: np.ndarray  # file index of each row group
    unit_row_group: np.ndarray  # row group index inside its file
    unit_rows: np.ndarray  # rows of each row group
    unit_tokens: np.ndarray  # sum of `token_count` over each row group
    manifest: dict[str, Any]
    split: str
    schema: pa.Schema  # Arrow schema of the split's files (from the first file's footer)
    language_labels: tuple[str, ...]  # names of the `language` class ids (ClassLabel names)
    fingerprint: str  # sha256 (16 hex) of the split's files, sizes and hashes: ties a saved state to its data

    @property
    def rows(self) -> int:
        return int(self.unit_rows.sum())

    @property
    def local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)


def _read_footer(fs, path: str) -> pq.ParquetFile:
    if isinstance(fs, LocalFileSystem):
        return pq.ParquetFile(path)
    return pq.ParquetFile(fs.open(path, "rb"))


def load_layout(url: str, *, split: str = "train") -> SplitLayout:
    """Read `url/manifest.json` and lay out `split`'s row groups. Raises StreamError naming what is wrong."""
    fs, root = fsspec.core.url_to_fs(str(url))
    manifest_path = posixpath.join(root, MANIFEST_NAME)
    try:
        with fs.open(manifest_path, "rb") as handle:
            manifest = json.load(handle)
    except FileNotFoundError as error:
        raise StreamError(f"{url}: no {MANIFEST_NAME}: not a codemix build output") from error
    except (OSError, json.JSONDecodeError) as error:
        raise StreamError(f"{manifest_path}: cannot read the manifest: {error}") from error
    splits = manifest.get("splits") or {}
    if split not in splits:
        raise StreamError(f"{manifest_path}: no split {split!r} (splits: {sorted(splits)})")
    entries = splits[split].get("shards") or []
    files, unit_file, unit_row_group, unit_rows, unit_tokens = [], [], [], [], []
    for index, entry in enumerate(entries):
        path = posixpath.join(root, entry["file"])
        files.append(path)
        if "row_group_rows" not in entry or "row_group_tokens" not in entry:
            # manifest format 1: read this shard's footer and token counts once
            entry = {**entry, **row_group_layout(_read_footer(fs, path))}
            if "row_group_tokens" not in entry:
                raise StreamError(f"{path}: no {TOKENS_COLUMN!r} column: codemix.stream reads shards of the train schema")
        rows = [int(n) for n in entry["row_group_rows"]]
        if sum(rows) != int(entry["rows"]):
            raise StreamError(f"{manifest_path}: {entry['file']}: row_group_rows sum to {sum(rows)}, rows says {entry['rows']}")
        unit_file += [index] * len(rows)
        unit_row_group += list(range(len(rows)))
        unit_rows += rows
        unit_tokens += [int(t) for t in entry["row_group_tokens"]]
    if files:
        schema = _read_footer(fs, files[0]).schema_arrow
    else:
        schema = pa.schema([])
    for column in (LANGUAGE_COLUMN, TOKENS_COLUMN):
        if files and column not in schema.names:
            raise StreamError(f"{files[0]}: no {column!r} column: codemix.stream reads shards of the train schema")
    labels = class_label_names(schema, LANGUAGE_COLUMN) if files else None
    if labels is None:
        # `language` stored as strings (builds of manifest format 1): names are the registry's labels
        labels = list(shard_language_labels())
    identity = [[e["file"], e.get("sha256"), int(e["rows"])] for e in entries]
    fingerprint = hashlib.sha256(json.dumps([split, identity]).encode()).hexdigest()[:16]
    return SplitLayout(
        url=str(url),
        fs=fs,
        files=tuple(files),
        unit_file=np.asarray(unit_file, dtype=np.int64),
        unit_row_group=np.asarray(unit_row_group, dtype=np.int64),
        unit_rows=np.asarray(unit_rows, dtype=np.int64),
        unit_tokens=np.asarray(unit_tokens, dtype=np.int64),
        manifest=manifest,
        split=split,
        schema=schema,
        language_labels=tuple(labels),
        fingerprint=fingerprint,
    )


class RowGroupReader:
    """Reads single row groups, keeping at most `max_open_files` shards open (least recently used first out),
    so memory does not grow with the number of shards."""

    def __init__(self, layout: SplitLayout, *, max_open_files: int):
        self.layout = layout
        self.max_open_files = max(1, max_open_files)
        self._open: OrderedDict[int, pq.ParquetFile] = OrderedDict()
        self._label_index = {label: i for i, label in enumerate(layout.language_labels)}

    def _file(self, index: int) -> pq.ParquetFile:
        parquet = self._open.pop(index, None)
        if parquet is None:
            path = self.layout.files[index]
            try:
                parquet = _read_footer(self.layout.fs, path)
            except (OSError, pa.ArrowException) as error:
                raise StreamError(f"{path}: cannot open the shard: {error}") from error
            while len(self._open) >= self.max_open_files:
                _, oldest = self._open.popitem(last=False)
                oldest.close()
        self._open[index] = parquet
        return parquet

    def read(self, unit: int, columns: list[str]) -> pa.Table:
        """The row group `unit` with `columns`; `language` as class ids (int64), whatever the file stores."""
        file_index = int(self.layout.unit_file[unit])
        row_group = int(self.layout.unit_row_group[unit])
        try:
            # one thread: a row group is small, and a thread pool per read costs more than it saves
            table = self._file(file_index).read_row_group(row_group, columns=columns, use_threads=False)
        except (OSError, pa.ArrowException) as error:
            raise StreamError(f"{self.layout.files[file_index]}: row group {row_group}: cannot read: {error}") from error
        expected = int(self.layout.unit_rows[unit])
        if table.num_rows != expected:
            raise StreamError(
                f"{self.layout.files[file_index]}: row group {row_group} has {table.num_rows} rows, the manifest says {expected}"
            )
        if LANGUAGE_COLUMN in columns:
            column = table.column(LANGUAGE_COLUMN)
            if not pa.types.is_integer(column.type):
                table = table.set_column(
                    table.schema.get_field_index(LANGUAGE_COLUMN), LANGUAGE_COLUMN, pa.array(self._codes(column, unit), pa.int64())
                )
        return table

    def _codes(self, column: pa.ChunkedArray, unit: int) -> list[int]:
        codes = []
        for row, value in enumerate(column.to_pylist()):
            code = self._label_index.get(value)
            if code is None:
                file_index = int(self.layout.unit_file[unit])
                raise StreamError(
                    f"{self.layout.files[file_index]}: row group {int(self.layout.unit_row_group[unit])}, row {row}: "
                    f"language {value!r} is not a shard language label"
                )
            codes.append(code)
        return codes

    def locate(self, unit: int, row: int) -> str:
        """`file: row group g, row r` for error messages."""
        return f"{self.layout.files[int(self.layout.unit_file[unit])]}: row group {int(self.layout.unit_row_group[unit])}, row {row}"

    def close(self) -> None:
        for parquet in self._open.values():
            parquet.close()
        self._open.clear()
