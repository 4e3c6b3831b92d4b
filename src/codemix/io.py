"""Files: where inputs are listed, how undecoded bytes travel, how outputs appear.

- `CodeFolder`: a datatrove `DataFolder` (local path or any fsspec URL: `s3://`, `hf://`, ...) whose file
  listing is the one directory walk of codemix: sorted, skipping excluded directory names at any depth,
  symlinks unless followed (local file systems), and anything that is not a regular file. Readers shard
  its listing with datatrove's own `get_shard` (`files[rank::world_size]`).
- `TableFolder`: the files a table input's path or glob pattern matches, as a `DataFolder`.
- `raw_media` / `raw_bytes`: a reader hands a file's undecoded bytes to `DecodeText` as the document's
  single `Media`.
- `open_decompressed` / `ZstdStream`: a table file's content, decompressed, with truncation reported.
- `atomic_output` / `write_text_atomic` / `write_parquet_atomic`: a file appears under its final name whole or not at all, with the
  permissions the user's umask gives a new file. `check_output_folder`: an unusable output folder is a
  sentence (`OutputError`), not a traceback. `remove_stale_temporaries`: what killed writes left behind.
- An output at an fsspec URL (`is_url`): `check_remote_output`, `publish_remote` (the staged output copied
  there, manifest last), `read_output_text` / `write_output_text`.
"""

from __future__ import annotations

import glob
import mmap
import os
import posixpath
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from datatrove.data import Document, Media, MediaType
from datatrove.io import DataFolder

from codemix.errors import OutputError
from codemix.schemas.config import DEFAULT_EXCLUDED_DIRS

# --- listing ---------------------------------------------------------------------------------------
#: What a walk skipped, by kind: the keys of `CodeFolder.skipped`.
SKIP_KINDS: tuple[str, ...] = (
    "skipped_symlinks", "skipped_excluded_dirs", "skipped_special_files", "skipped_unreadable_dirs",
)  # fmt: skip


class _ListedFolder(DataFolder):
    """A `DataFolder` whose file listing is codemix's own (`_listing`); datatrove's `get_shard` shards it."""

    def _listing(self) -> list[str]:
        raise NotImplementedError

    def list_files(
        self,
        subdirectory: str = "",
        recursive: bool = True,
        glob_pattern: str | None = None,
        include_directories: bool = False,
    ) -> list[str]:
        return self._listing()

    def get_shard(self, rank: int, world_size: int, **kwargs: Any) -> list[str]:
        # datatrove's returns None for an empty folder (and its reader then raises): an input with no
        # files is reported by the build, not a crash of one task
        return super().get_shard(rank, world_size, **kwargs) or []


class CodeFolder(_ListedFolder):
    """A `DataFolder` listed by codemix's walk (see the module docstring).

    `list_files()` returns sorted paths relative to the folder (the first `max_files` of them when set);
    `skipped` counts what the last listing left out, by kind; `special_files` and `unreadable` name the
    entries it could not read (FIFOs, sockets, devices; directories it could not list)."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        exclude_dirs: Iterable[str] = DEFAULT_EXCLUDED_DIRS,
        follow_symlinks: bool = False,
        max_files: int | None = None,
        **storage_options: Any,
    ) -> None:
        super().__init__(str(path), **storage_options)
        self.exclude_dirs = frozenset(exclude_dirs)
        self.follow_symlinks = follow_symlinks
        self.max_files = max_files
        self.skipped: dict[str, int] = dict.fromkeys(SKIP_KINDS, 0)
        self.special_files: list[str] = []
        self.unreadable: list[str] = []

    def _listing(self) -> list[str]:
        self.skipped = dict.fromkeys(SKIP_KINDS, 0)
        self.special_files = []
        self.unreadable = []
        files: list[str] = []
        self._walk("", files, seen=set())
        return sorted(files)[: self.max_files]

    def _walk(self, directory: str, files: list[str], seen: set[str]) -> None:
        if self.follow_symlinks and self.is_local():  # a symlink loop would otherwise walk forever
            real = os.path.realpath(self._join(directory) if directory else self.path)
            if real in seen:
                return
            seen.add(real)
        try:
            entries = self.ls(directory, detail=True)
        except OSError as error:
            self.skipped["skipped_unreadable_dirs"] += 1
            self.unreadable.append(f"{directory or '.'}: {error.strerror or error}")
            return
        for info in sorted(entries, key=lambda item: item["name"]):
            relative = info["name"].rstrip("/")
            kind = info["type"]
            if info.get("islink"):
                if not self.follow_symlinks:
                    self.skipped["skipped_symlinks"] += 1
                    continue
                try:
                    kind = self.info(relative)["type"]  # the target's type: a path `info` follows the link
                except OSError:  # a dangling link
                    self.skipped["skipped_symlinks"] += 1
                    continue
            if kind == "directory":
                if posixpath.basename(relative) in self.exclude_dirs:
                    self.skipped["skipped_excluded_dirs"] += 1
                else:
                    self._walk(relative, files, seen)
            elif kind == "file":
                files.append(relative)
            else:  # FIFOs, sockets, devices: reading one could block or never end
                self.skipped["skipped_special_files"] += 1
                self.special_files.append(relative)


def glob_base(pattern: str) -> str:
    """The folder a file path or glob pattern is relative to: its leading parts without glob characters
    (the parent folder for a plain file path). Works on local paths and URLs (`s3://bucket/x/*.jsonl`)."""
    protocol, sep, rest = pattern.rpartition("://")
    prefix = protocol + sep
    parts = rest.split("/")
    base: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        base.append(part)
    if len(base) == len(parts):  # no magic at all: a single file
        base = base[:-1]
    joined = "/".join(base)
    if not joined and rest.startswith("/"):
        joined = "/"
    return prefix + (joined or ".")


class TableFolder(_ListedFolder):
    """The folder of a table input's file path or glob pattern (`glob_base`), listing exactly the files the
    pattern matches, sorted (datatrove's own listing widens a pattern without glob characters to `*name`)."""

    def __init__(self, pattern: str, **storage_options: Any) -> None:
        base = glob_base(pattern)
        super().__init__(base, **storage_options)
        self.pattern = pattern[len(base):].lstrip("/") if base != "." else pattern

    def _listing(self) -> list[str]:
        return sorted(f for f in self.glob(self.pattern) if self.isfile(f))


# --- compressed table files --------------------------------------------------------------------------
_ZSTD_MAGIC = 0xFD2FB528
_ZSTD_SKIPPABLE = 0x184D2A50  # 0x184D2A50-0x184D2A5F: skippable frames
_ZSTD_FCS_BYTES = (0, 2, 4, 8)
_ZSTD_DICT_ID_BYTES = (0, 1, 2, 4)


class ZstdFrameWalk:
    """Follows the frame structure of a zstd stream (RFC 8878: frame headers, block headers, checksums) as its
    compressed bytes go by, without decompressing, to tell whether the stream ended between frames."""

    def __init__(self) -> None:
        self._pending = bytearray()  # header bytes collected so far
        self._need = 4  # header bytes wanted next
        self._skip = 0  # payload bytes still to pass over
        self._state = "magic"
        self._checksum = False

    @property
    def between_frames(self) -> bool:
        return self._state == "magic" and not self._pending and not self._skip

    def feed(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            if self._skip:
                taken = min(self._skip, len(view))
                self._skip -= taken
                view = view[taken:]
                continue
            taken = min(self._need - len(self._pending), len(view))
            self._pending += view[:taken]
            view = view[taken:]
            if len(self._pending) == self._need:
                self._advance(bytes(self._pending))

    def _expect(self, state: str, size: int) -> None:
        self._state, self._need = state, size
        self._pending.clear()

    def _advance(self, header: bytes) -> None:
        if self._state == "magic":
            magic = int.from_bytes(header, "little")
            if magic == _ZSTD_MAGIC:
                self._expect("descriptor", 1)
            elif magic & 0xFFFFFFF0 == _ZSTD_SKIPPABLE:
                self._expect("skippable", 4)
            else:
                raise ValueError(f"not a zstd frame (magic {magic:#010x})")
        elif self._state == "skippable":
            self._expect("magic", 4)
            self._skip = int.from_bytes(header, "little")
        elif self._state == "descriptor":
            descriptor = header[0]
            single_segment = bool(descriptor & 0x20)
            fcs = _ZSTD_FCS_BYTES[descriptor >> 6] or (1 if single_segment else 0)
            self._checksum = bool(descriptor & 0x04)
            rest = (0 if single_segment else 1) + _ZSTD_DICT_ID_BYTES[descriptor & 0x03] + fcs
            self._expect("block", 3)
            self._skip = rest  # window descriptor, dictionary id, content size: not needed here
        elif self._state == "block":
            value = int.from_bytes(header, "little")
            last, kind, size = value & 1, (value >> 1) & 3, value >> 3
            self._skip = 1 if kind == 1 else size  # an RLE block holds one byte
            if last:
                self._expect("magic", 4)
                self._skip += 4 if self._checksum else 0
            else:
                self._expect("block", 3)


class _WalkedSource:
    """The compressed bytes of a zstd file, each passed through a `ZstdFrameWalk` on its way to the decompressor."""

    def __init__(self, raw: IO[bytes], walk: ZstdFrameWalk) -> None:
        self.raw, self.walk = raw, walk

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.walk.feed(data)
        return data


class ZstdStream:
    """The decompressed bytes of a zstd file, frame after frame, in bounded pieces. zstandard's own readers (what
    fsspec opens a `.zst` with) end without an error when the file ends inside a frame, so a truncated file would
    silently lose its last rows; this one raises `EOFError` then, like `gzip`."""

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._raw = raw
        self._walk = ZstdFrameWalk()
        self._reader = zstandard.ZstdDecompressor().stream_reader(
            _WalkedSource(raw, self._walk), read_across_frames=True, closefd=False
        )

    def read(self, size: int = 1 << 16) -> bytes:
        """At most `size` decompressed bytes (`size` < 0: 64 KB); `EOFError` at the end of a truncated stream."""
        out = self._reader.read(size if size >= 0 else 1 << 16)
        if not out and not self._walk.between_frames:
            raise EOFError("the zstd stream ends inside a frame (the file is truncated)")
        return out

    read1 = read

    def close(self) -> None:
        self._reader.close()
        self._raw.close()

    def __enter__(self) -> "ZstdStream":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_decompressed(folder: DataFolder, path: str) -> Any:
    """A binary stream of `path`'s content in `folder`, decompressed by its extension (`.gz`, `.zst`, ...);
    a truncated compressed file raises `EOFError` when its end is reached."""
    if path.endswith((".zst", ".zstd")):
        return ZstdStream(folder.open(path, "rb"))
    return folder.open(path, "rb", compression="infer")


# --- undecoded bytes from a reader to DecodeText ------------------------------------------------------
RAW_MEDIA_ID = "codemix:raw"


def raw_media(data: bytes, *, url: str) -> Media:
    """Wrap undecoded file bytes so that `DecodeText` finds them (`Document.text` stays "")."""
    return Media(id=RAW_MEDIA_ID, type=MediaType.DOCUMENT, url=url, media_bytes=data)


def raw_bytes(document: Document) -> bytes | None:
    """The undecoded bytes a reader attached to `document`, or None when its text is already decoded."""
    for media in document.media:
        if media.id == RAW_MEDIA_ID:
            return media.media_bytes
    return None


# --- output ------------------------------------------------------------------------------------------
def _umask() -> int:
    """The process's umask, read without changing it where the system says (Linux), else set and restored."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_output_folder(path: Path) -> None:
    """Create the output folder `path` if needed and check that files can be written in it; otherwise raise
    `OutputError` with a sentence saying why (never a traceback for the user's own mistake)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"the output path {path} is an existing file, not a folder: choose another "
                          "`output.path` (or --output)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        raise OutputError(f"cannot create the output folder {path}: {blocker or 'a parent'} is a file, not a "
                          "folder") from None
    except OSError as error:
        raise OutputError(f"cannot create the output folder {path}: {error.strerror or error}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".codemix-write-check.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise OutputError(f"cannot write in the output folder {path}: {error.strerror or error}") from None


def is_url(path: str | Path) -> bool:
    """An fsspec URL (`s3://bucket/x`, `gs://...`, `memory://...`) rather than a path of this machine's file
    system. `file://` URLs count as URLs: they are written through fsspec like any other."""
    return "://" in str(path)


def check_remote_output(url: str) -> None:
    """Check that the fsspec output `url` can be written (create it, write and delete a probe file); otherwise
    raise `OutputError` with the reason."""
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
        fs.makedirs(root, exist_ok=True)
        probe = f"{root.rstrip('/')}/.codemix-write-check"
        fs.pipe_file(probe, b"")
        fs.rm_file(probe)
    except (ImportError, ValueError) as error:  # an unknown protocol, or its fsspec backend is not installed
        raise OutputError(f"cannot write to the output {url}: {error}") from None
    except OSError as error:
        raise OutputError(f"cannot write to the output {url}: {error.strerror or error}") from None


def publish_remote(staged: Path, url: str, *, folders: Iterable[str], files: Iterable[str]) -> None:
    """Copy a staged output folder to the fsspec location `url`, the way `codemix.pipeline.build.publish` moves
    it into a local OUT: the old manifest goes first (from then on the location reads as incomplete); each of
    `folders` is emptied, then filled with the staged copy (a folder the staged output lacks stays empty);
    then `files` in order, the manifest last. Object stores have no rename: a reader that trusts only a
    manifest-listed file never reads a partial build. Rerun after a kill, it completes the same copy."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    root = root.rstrip("/")
    fs.makedirs(root, exist_ok=True)
    files = list(files)
    if files and fs.exists(f"{root}/{files[-1]}"):
        fs.rm_file(f"{root}/{files[-1]}")
    for name in folders:
        target = f"{root}/{name}"
        if fs.exists(target):
            fs.rm(target, recursive=True)
        local = staged / name
        for path in sorted(p for p in local.rglob("*") if p.is_file()) if local.is_dir() else []:
            fs.put_file(str(path), f"{target}/{path.relative_to(local).as_posix()}")
    for name in files:
        fs.put_file(str(staged / name), f"{root}/{name}")


def read_output_text(output: str | Path, name: str) -> str:
    """The text of file `name` of an output folder, local or an fsspec URL."""
    if not is_url(output):
        return (Path(output) / name).read_text()
    import fsspec

    with fsspec.open(f"{str(output).rstrip('/')}/{name}", "rt", encoding="utf-8") as handle:
        return handle.read()


def write_output_text(output: str | Path, name: str, text: str) -> None:
    """Write file `name` of an output folder, local (atomically) or at an fsspec URL."""
    if not is_url(output):
        write_text_atomic(Path(output) / name, text)
        return
    import fsspec

    fs, root = fsspec.core.url_to_fs(str(output))
    fs.makedirs(root, exist_ok=True)
    fs.pipe_file(f"{root.rstrip('/')}/{name}", text.encode("utf-8"))


def remove_stale_temporaries(folder: Path, *, recursive: bool = True) -> int:
    """Delete the temporary files (`.<name>.<random>.tmp`) that writes killed with their process left in
    `folder` (at any depth when `recursive`); returns how many. Call it only when no write into `folder` runs."""
    removed = 0
    folder = Path(folder)
    for stale in folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp"):
        if stale.is_file():
            stale.unlink(missing_ok=True)
            removed += 1
    return removed


@contextmanager
def atomic_output(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside `path` and rename it over `path` only when the block succeeds.

    A crash inside the block leaves no file under the final name (the temporary one is removed), so a
    reader never sees a partial file and a rerun simply writes it again. The file gets the permissions
    of any new file (0666 less the umask), not the 0600 of a temporary file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def write_parquet_atomic(table: Any, path: Path, *, row_group_rows: int | None = None) -> None:
    """A pyarrow table as a zstd Parquet file at `path`, atomically (`atomic_output`)."""
    import pyarrow.parquet as pq

    with atomic_output(path) as handle:
        pq.write_table(table, handle, compression="zstd", row_group_size=row_group_rows)


def row_group_starts(parquet: Any) -> Any:
    """The first row of each row group of a `pyarrow.parquet.ParquetFile`, and the row count after the last."""
    import numpy as np

    meta = parquet.metadata
    return np.cumsum([0] + [meta.row_group(i).num_rows for i in range(meta.num_row_groups)])


def read_parquet_rows(path: str | Path, rows: Any, columns: list[str]) -> Any:
    """The given rows (ascending row numbers) of a Parquet file's `columns`, as a pyarrow table in that order,
    read one row group at a time and only the groups that hold one: memory is a row group and the rows taken,
    not the file's columns."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    starts = row_group_starts(parquet)
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) and (rows[0] < 0 or rows[-1] >= starts[-1] or np.any(np.diff(rows) <= 0)):
        raise ValueError(f"{path}: rows to read must be ascending and within the file's {starts[-1]} rows")
    group_of_row = np.searchsorted(starts, rows, side="right") - 1
    pieces = [parquet.schema_arrow.empty_table().select(columns)]
    for group in np.unique(group_of_row).tolist():
        local = rows[group_of_row == group] - starts[group]
        pieces.append(parquet.read_row_group(group, columns=columns, use_threads=False).take(pa.array(local)))
    return pa.concat_tables(pieces).combine_chunks()


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_output(path, "w") as handle:
        handle.write(text)


# --- memory -------------------------------------------------------------------------------------------
_libc_malloc_trim: Any = None


def release_free_memory() -> None:
    """Hand the memory that is free but kept by the allocators back to the system: pyarrow's pool (mimalloc or
    jemalloc keep freed pages for reuse) and glibc's heap (`malloc_trim`, where the C library is glibc). A step
    that works in units (a batch, a chunk, a shard) calls it between units, so its resident memory is one unit's,
    not the most any unit so far needed plus what the allocators kept."""
    global _libc_malloc_trim
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    if _libc_malloc_trim is None:
        _libc_malloc_trim = False
        try:
            import ctypes

            _libc_malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc
            pass
    if _libc_malloc_trim:
        _libc_malloc_trim(0)


def drop_mapped_pages(mapped: mmap.mmap) -> None:
    """Hand back the resident pages of a read-only, shared file mapping (MADV_DONTNEED: the kernel reads them
    again from its page cache when they are touched), so a process reading a large file through a map holds
    only what it touched since the last call; nothing where `mmap` has no `madvise` (Windows)."""
    if hasattr(mapped, "madvise"):
        mapped.madvise(mmap.MADV_DONTNEED)
