"""A program of one language in a group: the documents it is made of, their order, and the text that is paired.

A group (the documents sharing a pair key) holds, per language, the files of one program. How the documents of
a language become the member that is paired is `PairingConfig.members` (see `codemix.pairing.groups`); this
module says what a program of several files looks like:

- **Order.** Entry points first, then the other files; each part in path order (code point order of the path,
  so `Bob.java` < `Coordinate.java` < `bob.java`). A file is an entry point when its name is one of its
  language's `entry_file_names` (`__main__.py`, `main.py`, `Main.java`, `index.js`, `Program.cs`, `main.go`,
  `main.rs`, `lib.rs`, ...) or its text matches the language's `entry_pattern` (a definition of the program's
  main: `if __name__ == "__main__":`, `public static void main(`, `static void Main(`, `func main()`,
  `fn main(`, Node's `require.main === module`); see `codemix.languages`. A library without a main (most
  exercise solutions) has no entry point: its files are in path order.
- **Text.** A program of one file is that file's text, unchanged, so single-file collections pair exactly as
  before. A program of several files shows each file, from its first non-blank line to its last non-blank
  one, under a one-line comment naming its path in the language's comment syntax (`// Frame.java`,
  `# pkg/util.py`), files separated by one blank line. Paths are shown relative to the directory all the
  program's files share, so the collection's own layout (`exercises/practice/bowling/.meta/...`) stays out
  of the training text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from codemix import languages
from codemix.pairing.render import normalise_code


@dataclass(frozen=True, slots=True)
class Member:
    """One document of a group, as read from a bucket (DOCS_SCHEMA columns the pairing needs)."""

    id: str
    text: str
    language: str
    claimed_language: str | None
    language_confidence: float
    content_sha256: str
    pair_key: str
    path: str | None = None

    def selection_key(self) -> tuple[float, str, str]:
        """Order of alternatives for one file: highest confidence, then smallest content hash, then id."""
        return (-self.language_confidence, self.content_sha256, self.id)

    def size_key(self) -> tuple[int, float, str, str]:
        """Largest first (UTF-8 bytes), then as `selection_key`."""
        return (-len(self.text.encode("utf-8")), *self.selection_key())


@lru_cache(maxsize=64)
def _entry_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def is_entry_point(member: Member, language: str) -> bool:
    """Whether a file starts its program: an entry file name of its language, or a main definition in its text."""
    spec = languages.get(language)
    if member.path is not None and _posix(member.path).rsplit("/", 1)[-1] in spec.entry_file_names:
        return True
    return bool(spec.entry_pattern) and _entry_regex(spec.entry_pattern).search(member.text) is not None


def program_order(files: Sequence[Member], language: str) -> list[Member]:
    """Entry points first, then the other files, each part by path (files without a path: by id)."""
    return sorted(files, key=lambda m: (not is_entry_point(m, language), _posix(m.path or ""), m.id))


def shown_paths(paths: Sequence[str]) -> list[str]:
    """Each path relative to the directory all of them share (`a/b/X.java`, `a/b/c/Y.java` -> `X.java`, `c/Y.java`)."""
    parts = [_posix(path).split("/") for path in paths]
    directories = [p[:-1] for p in parts]
    shared = 0
    while all(len(d) > shared for d in directories) and len({d[shared] for d in directories}) == 1:
        shared += 1
    return ["/".join(p[shared:]) for p in parts]


def path_comment(path: str, language: str) -> str:
    return f"{languages.get(language).line_comment} {path}"


@dataclass(frozen=True, slots=True)
class Program:
    """The member of one language in a pair: its files in program order, and the text paired."""

    language: str
    files: tuple[Member, ...]
    text: str

    @classmethod
    def of(cls, language: str, files: Sequence[Member]) -> "Program":
        ordered = program_order(files, language)
        if len(ordered) == 1:
            return cls(language=language, files=tuple(ordered), text=ordered[0].text)
        if any(f.path is None for f in ordered):
            raise ValueError(f"a {language} program of several files needs every file's path")
        shown = shown_paths([f.path for f in ordered])
        text = "\n\n".join(f"{path_comment(path, language)}\n{normalise_code(f.text)}"
                           for path, f in zip(shown, ordered))
        return cls(language=language, files=tuple(ordered), text=text + "\n")

    @property
    def first_id(self) -> str:
        """The id recorded as a pair's `src_id`/`tgt_id`: the program's first file."""
        return self.files[0].id

    def sources(self) -> list[str]:
        """Where each file came from, for reports: its path as read, or its document id when it has none."""
        return [f.path if f.path is not None else f.id for f in self.files]
