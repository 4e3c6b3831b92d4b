"""Decoding and cheap cleaning: datatrove `BaseFilter`s, each drop a `dropped_<reason>` stat and a
reject record (see `codemix.stages.rejects`).

`DecodeText` is the first step after the readers, for every input type: it turns raw bytes into text
(directory files, bytes columns), drops `binary`, `invalid_utf8`, `too_large`, `empty`, and sets
`content_sha256` and `bytes` on every document it keeps (later steps filter, they never edit the text,
so these keys stay true). The filters after it use The Stack / StarCoder thresholds by default.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter

from codemix.io import RAW_MEDIA_ID, raw_bytes
from codemix.schemas.config import CleanConfig
from codemix.schemas.documents import BYTES, CONTENT_SHA256
from codemix.stages.rejects import REJECT_DETAIL, RejectsWriter

#: Bytes looked at for NUL bytes (git and GitHub linguist use the same 8000-byte window, roughly).
BINARY_SNIFF_BYTES = 8192

# Leading bytes of common binary formats that may have no NUL byte in their first 8 KB.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (legacy Office) document"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
DEFAULT_CLEAN = CleanConfig()  # frozen: safe to share as a default


def binary_evidence(data: bytes) -> str | None:
    """Why `data` is binary (a NUL byte in its first 8 KB, or a known signature), or None.

    `BZh` and `ID3` only count when followed by what the formats require, so that a text file starting
    with those letters is not dropped."""
    nul = data.find(b"\x00", 0, BINARY_SNIFF_BYTES)
    if nul >= 0:
        return f"NUL byte at offset {nul}"
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            if signature == b"BZh" and not (len(data) > 3 and data[3:4].isdigit() and data[4:10] == b"1AY&SY"):
                continue
            if signature == b"ID3" and not (len(data) > 4 and data[3] < 0x10):
                continue
            return f"starts with the signature of a {what}"
    return None


class RecordingFilter(BaseFilter):
    """A `BaseFilter` whose drops go to `<rejects_dir>/<rank>.<stage>.jsonl` (no file when `rejects_dir`
    is None, for unit use). Subclasses set `stage` and return `self._drop(document, reason, detail)`."""

    stage: str = ""

    def __init__(self, *, rejects_dir: str | Path | None) -> None:
        writer = RejectsWriter(rejects_dir=rejects_dir, stage=self.stage) if rejects_dir is not None else None
        super().__init__(exclusion_writer=writer)

    @staticmethod
    def _drop(document: Document, reason: str, detail: str) -> tuple[bool, str]:
        document.metadata[REJECT_DETAIL] = detail
        return False, reason


class DecodeText(RecordingFilter):
    """Bytes to text (UTF-8, BOM stripped); drops `binary`, `invalid_utf8`, `too_large`, `empty`.

    Sets `content_sha256` (hex sha256 of the UTF-8 text) and `bytes` on every document it keeps."""

    name = "🔤 Decode"
    stage = "decode"

    def __init__(self, *, clean: CleanConfig = DEFAULT_CLEAN, rejects_dir: str | Path | None) -> None:
        super().__init__(rejects_dir=rejects_dir)
        self.max_file_bytes = clean.max_file_bytes
        self.min_chars = clean.min_chars

    def filter(self, document: Document) -> bool | tuple[bool, str]:
        data = raw_bytes(document)
        if data is not None:
            document.media = [m for m in document.media if m.id != RAW_MEDIA_ID]
            if len(data) > self.max_file_bytes:
                return self._drop(document, "too_large", f"{len(data)} bytes > max_file_bytes {self.max_file_bytes}")
            if why := binary_evidence(data):
                return self._drop(document, "binary", why)
            if data.startswith(_UTF8_BOM):
                data = data[len(_UTF8_BOM) :]
                self.stat_update("utf8_bom_stripped")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                return self._drop(
                    document, "invalid_utf8", f"invalid UTF-8 at byte offset {error.start}: {error.reason}"
                )
            encoded = data
        else:
            text = document.text
            if text.startswith("\ufeff"):
                text = text[1:]
                self.stat_update("utf8_bom_stripped")
            nul = text.find("\x00", 0, BINARY_SNIFF_BYTES)
            if nul >= 0:
                return self._drop(document, "binary", f"NUL character at offset {nul}")
            try:
                encoded = text.encode("utf-8")
            except UnicodeEncodeError as error:  # lone surrogates from a JSON "\ud800" escape
                return self._drop(document, "invalid_utf8", f"unencodable character at offset {error.start}")
            if len(encoded) > self.max_file_bytes:
                return self._drop(document, "too_large", f"{len(encoded)} bytes > max_file_bytes {self.max_file_bytes}")
        non_space_chars = len("".join(text.split())) if self.min_chars > 1 else int(bool(text.strip()))
        if non_space_chars < self.min_chars:
            return self._drop(
                document, "empty", f"{non_space_chars} non-whitespace characters < min_chars {self.min_chars}"
            )
        document.text = text
        document.metadata[BYTES] = len(encoded)
        document.metadata[CONTENT_SHA256] = hashlib.sha256(encoded).hexdigest()
        self.stat_update("kept_bytes", value=len(encoded), unit="doc")
        return True


# Markers of generated files, searched case-insensitively in the header: Go's "Code generated ...
# DO NOT EDIT.", protoc, Facebook's "@generated", .NET's "<auto-generated>", and common prose.
_COMMENT_OPENING = r"^[ \t]*(?://+|#+|/\*+|\*+|--+|;+|<!--|\(\*|\{-)[ \t]*"
GENERATED_MARKERS: tuple[str, ...] = (
    # Go's convention and its variants, on a comment line ("// Code generated by deepcopy-gen. DO NOT EDIT.",
    # "# Inference code generated from the JSON schema"); not prose such as "the code generated by X is cached"
    _COMMENT_OPENING + r"(?:\w+[ \t]+){0,2}code generated\b",
    r"generated by the protocol buffer compiler",
    r"@generated\b",
    r"<auto-generated",
    r"\bthis (?:file|code|module) (?:was|is|has been) (?:automatically |auto-?)?generated\b",
    # a bare "auto-generated" only opening a comment: "/* numpyconfig.h is auto-generated */" is a
    # hand-written line about another file
    _COMMENT_OPENING + r"(?:auto-?generated|automatically generated|generated automatically)\b",
)
_GENERATED_RE = re.compile("|".join(GENERATED_MARKERS), re.IGNORECASE | re.MULTILINE)
# "DO NOT EDIT" alone also guards hand-written lines (`__version__ = "2.3.2"  # DO NOT EDIT THIS LINE
# MANUALLY` in tomli, matplotlib's "DO NOT EDIT THIS FILE, MAKE A COPY FIRST"): it marks a generated
# file only when the header also speaks of generation ("Generated content DO NOT EDIT").
_DO_NOT_EDIT_RE = re.compile(r"\bdo not (?:edit|modify)\b", re.IGNORECASE)
_GENERATION_RE = re.compile(r"generat", re.IGNORECASE)
# Docstrings are not followed: they document (numpy's conv_template.py shows a generated header in its
# 60-line module docstring); generated Python says so in `#` comments or within the first lines.
_LINE_COMMENT_STARTS = ("//", "#", "/*", "*", "--", ";", "%", "<!--", "(*", "{-")
_BLOCK_DELIMITERS = (("/*", "*/"), ("<!--", "-->"), ("(*", "*)"), ("{-", "-}"))
#: The header never reaches past this many lines or characters, whatever the comments.
MAX_HEADER_LINES = 200
MAX_HEADER_CHARS = 16_384


def file_header(text: str, header_lines: int) -> str:
    """The first `header_lines` lines, extended through the file's leading comment block: Go puts
    "// Code generated ... DO NOT EDIT." anywhere before the package clause, often after a licence
    header of 15+ lines (Kubernetes' deepcopy-gen). Bounded, so a 1 MB one-line file costs nothing."""
    lines = text[:MAX_HEADER_CHARS].splitlines()[:MAX_HEADER_LINES]
    closing: str | None = None  # the delimiter that ends the block comment we are in
    leading = True  # every line so far was blank or a comment
    end = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        is_comment = closing is not None or not stripped or stripped.startswith(_LINE_COMMENT_STARTS)
        if closing is not None:
            if closing in stripped:
                closing = None
        else:
            for opening, close in _BLOCK_DELIMITERS:
                if stripped.startswith(opening) and close not in stripped[len(opening) :]:
                    closing = close
                    break
        leading = leading and is_comment
        if index >= header_lines and not leading:
            break
        end = index + 1
    return "\n".join(lines[:end])


class GeneratedFileFilter(RecordingFilter):
    """Drops files whose header (first lines and leading comment block) marks them as generated
    (`generated`)."""

    name = "🏭 Generated files"
    stage = "clean-generated"

    def __init__(self, *, clean: CleanConfig = DEFAULT_CLEAN, rejects_dir: str | Path | None) -> None:
        super().__init__(rejects_dir=rejects_dir)
        self.header_lines = clean.generated_header_lines

    @staticmethod
    def _continues_a_sentence(header: str, match: re.Match) -> bool:
        """A marker opening a comment line that only continues the previous comment line's sentence:
        Go's syscall/types_illumos_amd64.go says "added manually rather than\n// auto-generated by"."""
        if not re.match(_COMMENT_OPENING, match.group(0), re.IGNORECASE):
            return False
        line_start = header.rfind("\n", 0, match.start() + 1)
        if line_start <= 0:
            return False
        previous = header[header.rfind("\n", 0, line_start) + 1 : line_start]
        opening = re.match(_COMMENT_OPENING, previous)
        if not opening:
            return False
        words = previous[opening.end() :].strip()
        # mid-sentence: the previous comment ends in a word or a comma ("-*- coding: utf-8 -*-" does not)
        return bool(words) and (words[-1].isalnum() or words[-1] == ",")

    def _marker(self, header: str) -> re.Match | None:
        for match in _GENERATED_RE.finditer(header):
            if not self._continues_a_sentence(header, match):
                return match
        return None

    def filter(self, document: Document) -> bool | tuple[bool, str]:
        # every marker (and "DO NOT EDIT", which needs one) contains "generat": most files stop here
        if not _GENERATION_RE.search(document.text, 0, MAX_HEADER_CHARS):
            return True
        header = file_header(document.text, self.header_lines)
        match = self._marker(header)
        if match is None and _GENERATION_RE.search(header):
            match = _DO_NOT_EDIT_RE.search(header)
        if match:
            line = header.count("\n", 0, match.start()) + 1
            marker = re.sub(_COMMENT_OPENING, "", match.group(0)).strip()
            return self._drop(document, "generated", f"marker {marker!r} on line {line}")
        return True


class LineLengthFilter(RecordingFilter):
    """Drops files with a line longer than `max_line_length` (`long_line`: minified code, data blobs)
    or a mean line length over `max_mean_line_length` (`long_mean_line`)."""

    name = "📏 Line length"
    stage = "clean-lines"

    def __init__(self, *, clean: CleanConfig = DEFAULT_CLEAN, rejects_dir: str | Path | None) -> None:
        super().__init__(rejects_dir=rejects_dir)
        self.max_line_length = clean.max_line_length
        self.max_mean_line_length = clean.max_mean_line_length

    def filter(self, document: Document) -> bool | tuple[bool, str]:
        lengths = list(map(len, document.text.splitlines())) or [0]
        longest = max(lengths)
        if longest > self.max_line_length:
            line = lengths.index(longest) + 1
            return self._drop(
                document, "long_line", f"line {line} has {longest} characters > max_line_length {self.max_line_length}"
            )
        mean = sum(lengths) / len(lengths)
        if mean > self.max_mean_line_length:
            return self._drop(
                document, "long_mean_line",
                f"mean line length {mean:.1f} > max_mean_line_length {self.max_mean_line_length}",
            )  # fmt: skip
        return True


_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_ASCII_NOT_ALPHANUMERIC = bytes(c for c in range(128) if not chr(c).isalnum()) + bytes(range(128, 256))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def alphanumeric_chars(text: str) -> int:
    """Letters and digits in `text` (any script), as `str.isalnum` counts them. ASCII characters are
    counted on the UTF-8 bytes (`bytes.translate` drops the rest, non-ASCII bytes included), the rare
    non-ASCII runs by the regex: about 7x faster than the regex over the whole text."""
    ascii_alnum = len(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_ALPHANUMERIC))
    if text.isascii():
        return ascii_alnum
    non_ascii = "".join(_NON_ASCII.findall(text))
    return ascii_alnum + len(_NOT_ALPHANUMERIC.sub("", non_ascii))


class AlphanumericFilter(RecordingFilter):
    """Drops files whose fraction of alphanumeric characters is below the threshold (`low_alphanumeric`:
    data tables, base64 blobs, ASCII art)."""

    name = "🔡 Alphanumeric"
    stage = "clean-alphanumeric"

    def __init__(self, *, clean: CleanConfig = DEFAULT_CLEAN, rejects_dir: str | Path | None) -> None:
        super().__init__(rejects_dir=rejects_dir)
        self.min_fraction = clean.min_alphanumeric_fraction

    def filter(self, document: Document) -> bool | tuple[bool, str]:
        text = document.text
        if not text:
            return True
        fraction = alphanumeric_chars(text) / len(text)
        if fraction < self.min_fraction:
            return self._drop(
                document, "low_alphanumeric",
                f"alphanumeric fraction {fraction:.3f} < min_alphanumeric_fraction {self.min_fraction}",
            )  # fmt: skip
        return True
