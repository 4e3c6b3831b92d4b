"""Shared by the langid training, evaluation-set and benchmark scripts: reading the registry index.

The index (/work/cache/registry-code/index.jsonl, written by the regcode scripts) has one JSON line
per file: path, project, version, registry, language (a target name or `other:<name>`), split
(`train`/`eval`, projects disjoint), bytes, license, and `declaration` for TypeScript `.d.ts` files.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from codemix import OTHER

DEFAULT_INDEX = Path("/work/cache/registry-code/index.jsonl")
# `other` kinds of the index that the classifier deliberately labels as a target language: Python stubs
# (`.pyi`, like `.d.ts` for TypeScript), JSX (JavaScript) and TSX (TypeScript). Their index label and
# ours disagree by definition, not by error, so they are left out of training and of the eval set.
CONTESTED_OTHER_KINDS = frozenset({"python-stub", "jsx", "tsx"})


@dataclass(frozen=True)
class IndexRow:
    path: Path
    project: str
    version: str
    registry: str
    language: str  # raw: target name or other:<name>
    split: str
    bytes: int
    declaration: bool

    @property
    def label(self) -> str:
        """The 8-class label: a target language or `other`."""
        return OTHER if self.language.startswith("other") else self.language

    @property
    def other_kind(self) -> str:
        return self.language.split(":", 1)[1] if self.language.startswith("other:") else self.language

    @property
    def contested(self) -> bool:
        """An `other` kind the classifier labels as a target language (CONTESTED_OTHER_KINDS)."""
        return self.label == OTHER and self.other_kind in CONTESTED_OTHER_KINDS


def read_index(index_path: Path) -> list[IndexRow]:
    rows = []
    base = index_path.parent
    with index_path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                path = Path(record["path"])
                rows.append(
                    IndexRow(
                        path=path if path.is_absolute() else base / path,
                        project=str(record["project"]),
                        version=str(record.get("version", "")),
                        registry=str(record.get("registry", "")),
                        language=str(record["language"]),
                        split=str(record["split"]),
                        bytes=int(record.get("bytes", 0)),
                        declaration=bool(record.get("declaration", False)),
                    )
                )
            except (KeyError, ValueError, TypeError) as error:
                raise SystemExit(f"{index_path}:{line_number}: bad index row ({error!r})") from None
    return rows


def sample_rows(
    rows: Iterable[IndexRow],
    *,
    per_label: int,
    per_project: int,
    seed: int,
    group_key=lambda row: row.label,
) -> dict[str, list[IndexRow]]:
    """Deterministic selection: per group, round-robin over projects (shuffled with `seed`), at most
    `per_project` files of one project, until `per_label` files. Spreading over projects keeps one
    big project from dominating a language."""
    by_group: dict[str, dict[str, list[IndexRow]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_group[group_key(row)][row.project].append(row)
    chosen: dict[str, list[IndexRow]] = {}
    for group in sorted(by_group):
        rng = random.Random(f"{seed}:{group}")
        projects = sorted(by_group[group])
        rng.shuffle(projects)
        queues = {}
        for project in projects:
            files = sorted(by_group[group][project], key=lambda row: str(row.path))
            rng.shuffle(files)
            queues[project] = files[:per_project]
        picked: list[IndexRow] = []
        while len(picked) < per_label and any(queues.values()):
            for project in projects:
                if queues[project] and len(picked) < per_label:
                    picked.append(queues[project].pop())
        chosen[group] = picked
    return chosen


def read_text(path: Path, *, keep_bom: bool = False) -> str | None:
    """The file decoded as UTF-8, or None for files that are not UTF-8 text (or contain NUL bytes).

    `keep_bom`: keep a leading byte-order mark, which the content model reads as evidence (editors
    that write one are mostly Visual Studio: C# and TypeScript)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") and not keep_bom else text


def line_window(text: str, *, start_line: int, lines: int) -> str:
    parts = text.splitlines(keepends=True)
    return "".join(parts[start_line : start_line + lines])


def eval_windows(text: str, *, lines: int = 20) -> list[tuple[str, str]]:
    """The benchmark's content-only windows: `lines` lines from the start and from the middle."""
    parts = text.splitlines(keepends=True)
    windows = [("start", "".join(parts[:lines]))]
    if len(parts) > 2 * lines:
        middle = len(parts) // 2 - lines // 2
        windows.append(("middle", "".join(parts[middle : middle + lines])))
    return [(where, window) for where, window in windows if window.strip()]
