"""Shared by the langid training, evaluation-set and benchmark scripts: reading the registry index.

The index (/work/cache/registry-code/index.jsonl, written by the regcode scripts) has one JSON line
per file: path, project, version, registry, language (a target name or `other:<name>`), split
(`train`/`eval`, projects disjoint), bytes, license, and `declaration` for TypeScript `.d.ts` files.
"""

from __future__ import annotations

import argparse
import json
import random
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from codemix import OTHER
from codemix.langid.verify import parse

DEFAULT_INDEX = Path("/work/cache/registry-code/index.jsonl")
# The evaluation sets and the index split each is drawn from. Projects are disjoint across splits. `dev` is
# the old `eval` split (read while tuning earlier models); `dev2` is round 3's `fresh` set, evaluated once as
# a final check and so burned: both are tuned on and their errors may be read; so is `dev3`, round 4's fresh2 set
# (the `fresh2` split: projects fetched after the round-4 model was frozen, evaluated once, then burned). `test` is
# reported on only; `fresh3` holds projects fetched for round 5 and is evaluated only once the round-5 model and its
# thresholds are frozen. Round 6: fresh3, evaluated once after the round-5 freeze and so burned, is tuned on as
# `dev4`; `fresh4` holds projects fetched for round 6 before its model was trained, evaluated only once its model and
# thresholds are frozen. Round 7: fresh4, evaluated once after the round-6 freeze and so burned, is tuned on as
# `dev5`; `fresh5` holds projects fetched for round 7 before its model was trained, evaluated only once its model and
# thresholds were frozen. Round 8: fresh5, evaluated once after the round-7 freeze and so burned, is tuned on as
# `dev6`; `fresh6` holds projects fetched for round 8 before its model was trained, evaluated only once its model and
# thresholds were frozen. Round 9: fresh6, evaluated once after the round-8 freeze and so burned, is tuned on as
# `dev7`; `fresh7` holds projects fetched for round 9 before anything of it changed, evaluated once with the round-8
# classifier (round 9 changed nothing of it) and so burned: from round 10 it is tuned on as `dev8`. `fresh8` holds
# projects fetched for round 10 before its classifier was frozen, evaluated once it was and so burned: from round 11
# it is tuned on as `dev9`. `fresh9` holds projects fetched for round 11 before its classifier was frozen, evaluated
# once it was and so burned: from round 12 it is tuned on as `dev10`. `fresh10` holds projects fetched for round 12,
# evaluated once its classifier was frozen and so burned: from round 13 it is tuned on as `dev11`. `fresh11` holds
# projects fetched for round 13, evaluated once its classifier was frozen and so burned: from round 14 it is tuned on
# as `dev12`. `fresh12` holds projects fetched for round 14, evaluated once its classifier was frozen and so burned:
# from round 15 it is tuned on as `dev13`. `fresh13` holds projects fetched for round 15, evaluated once (with the
# round-14 classifier, which round 15 left unchanged) and so burned: from round 16 it is tuned on as `dev14`. `fresh14`
# holds projects fetched for round 16, evaluated once its classifier was frozen and so burned: from round 17 it is
# tuned on as `dev15`. `fresh15` holds projects fetched for round 17, evaluated once its classifier was frozen and so
# burned: from round 18 it is tuned on as `dev16`. `fresh16` holds projects fetched for round 18, evaluated once its
# classifier was frozen and so burned: from round 19 it is tuned on as `dev17`. `fresh17` holds projects fetched for
# round 19, evaluated once (with the round-18 classifier, which round 19 left unchanged) and so burned: from round 20
# it is tuned on as `dev18`. `fresh18` holds projects fetched for round 20, evaluated once its classifier was
# frozen and so burned: from round 21 it is tuned on as `dev19`. `fresh19` holds projects fetched for round 21,
# evaluated once its classifier was frozen and so burned: from round 22 it is tuned on as `dev20`. `fresh20` holds
# projects fetched for round 22, evaluated once its classifier was frozen and so burned: from round 23 it is tuned on
# as `dev21`. `fresh21` holds projects fetched for round 23, evaluated once (with the round-22 classifier, which round
# 23 left unchanged) and so burned: from round 24 it is tuned on as `dev22`. `fresh22` holds projects fetched for round
# 24, evaluated once its classifier was frozen and so burned: from round 25 it is tuned on as `dev23`. `fresh23` holds
# projects fetched for round 25, evaluated once its classifier was frozen and so burned: from round 26 it is tuned on as
# `dev24`. `fresh24` holds projects fetched for round 26, evaluated once (with the round-25 classifier, which round 26
# left unchanged) and so burned: from round 27 it is tuned on as `dev25`. `fresh25` holds projects fetched for round
# 27, evaluated once its classifier was frozen and so burned: from round 28 it is tuned on as `dev26`. `fresh26` holds
# projects fetched for round 28, evaluated once (with the round-27 classifier, which round 28 left unchanged) and so
# burned: from round 29 it is tuned on as `dev27`. `fresh27` holds projects fetched for round 29, evaluated only once
# its classifier is frozen.
EVAL_SETS: dict[str, str] = {"dev": "eval", "dev2": "fresh", "dev3": "fresh2", "dev4": "fresh3", "dev5": "fresh4",
                             "dev6": "fresh5", "dev7": "fresh6", "dev8": "fresh7", "dev9": "fresh8", "dev10": "fresh9",
                             "dev11": "fresh10", "dev12": "fresh11", "dev13": "fresh12", "dev14": "fresh13",
                             "dev15": "fresh14", "dev16": "fresh15", "dev17": "fresh16", "dev18": "fresh17",
                             "dev19": "fresh18", "dev20": "fresh19", "dev21": "fresh20", "dev22": "fresh21",
                             "dev23": "fresh22", "dev24": "fresh23", "dev25": "fresh24", "dev26": "fresh25",
                             "dev27": "fresh26", "test": "test", "fresh27": "fresh27"}
# Index splits the content model learns from. Round 8: dev to dev5's splits too. Their 281 projects (the train split
# had 486) are the widest source of new code left, and the errors on each fresh set came from projects unlike any
# trained on (a C library translated line by line into C#, libSBML's generated C# tests); dev6 to dev27, test and
# fresh27 stay out, so dev6 to dev27 are the sets left to tune on.
TRAINING_SPLITS = frozenset({"train", "eval", "fresh", "fresh2", "fresh3", "fresh4"})
# Sets whose errors the tooling never prints or stores: counts and confusion matrices only.
REPORT_ONLY_SETS = frozenset({"test", "fresh27"})
# Sets thresholds and overrules may be tuned on (scripts/langid/tune.py): those of projects neither trained on nor
# reported on.
TUNING_SETS = frozenset(name for name, split in EVAL_SETS.items() if split not in TRAINING_SPLITS) - REPORT_ONLY_SETS
# Sets built from splits the model now trains on: a benchmark of them measures fit, not generalization.
TRAINED_ON_SETS = frozenset(name for name, split in EVAL_SETS.items() if split in TRAINING_SPLITS)
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


def training_rows(index_path: Path) -> list[IndexRow]:
    """The rows the content model may learn from: the `TRAINING_SPLITS`, without TypeScript declaration files and the
    contested `other` kinds (their content is a target language)."""
    return [row for row in read_index(index_path)
            if row.split in TRAINING_SPLITS and not row.declaration and not row.contested]


def choose_training_files(
    rows: Iterable[IndexRow], *, files_per_label: int, other_per_kind: int, per_project: int, seed: int
) -> dict[str, list[IndexRow]]:
    """The files training reads (`scripts/langid/train.py`), by label: per target language `files_per_label`; for
    `other`, up to `other_per_kind` files of each kind (Lua, TOML, Markdown, ...), so that rare kinds are seen at all
    and no one kind is the class; at most `per_project` files of one project per language or kind."""
    rows = list(rows)
    targets = [row for row in rows if row.label != OTHER]
    others = [row for row in rows if row.label == OTHER]
    chosen = sample_rows(targets, per_label=files_per_label, per_project=per_project, seed=seed)
    by_kind = sample_rows(others, per_label=other_per_kind, per_project=per_project, seed=seed,
                          group_key=lambda row: row.other_kind)
    chosen[OTHER] = [row for kind in sorted(by_kind) for row in by_kind[kind]]
    return chosen


def add_training_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the count scripts that read the files training reads: `--index`, `--files-per-language`,
    `--files-per-other-kind`, `--seed` (with `training_selection`)."""
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--files-per-language", type=int, default=4000)
    parser.add_argument("--files-per-other-kind", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20251)


def training_selection(args: argparse.Namespace) -> dict[str, list[IndexRow]]:
    """The files `choose_training_files` picks for the options of `add_training_selection_arguments` (at most 300 of
    one project per language or kind, as training)."""
    return choose_training_files(training_rows(args.index), files_per_label=args.files_per_language,
                                 other_per_kind=args.files_per_other_kind, per_project=300, seed=args.seed)


def training_texts(index_path: Path, *, labels: Iterable[str] | None = None) -> Iterator[tuple[IndexRow, str]]:
    """Every file of the training splits (`training_rows`), or of those of them labelled one of `labels`, with its
    text; files that are not text, or empty, give none. What the count scripts behind the whole-file rules read."""
    wanted = None if labels is None else frozenset(labels)
    for row in training_rows(index_path):
        if wanted is not None and row.label not in wanted:
            continue
        text = read_text(row.path)
        if text:
            yield row, text


def training_windows(args: argparse.Namespace) -> Iterator[tuple[IndexRow, str]]:
    """The evaluation's 20-line windows (`eval_windows`: from the start and the middle) of the files
    `training_selection(args)` picks, each with its file's row, label by label; files that are not text, or blank,
    give none. What the count scripts behind the window rules read."""
    chosen = training_selection(args)
    for label in sorted(chosen):
        for row in chosen[label]:
            text = read_text(row.path)
            if not text or not text.strip():
                continue
            for _where, window in eval_windows(text):
                yield row, window


def print_matches(pieces: Iterable[tuple[IndexRow, str]], tests: Mapping[str, Callable[[str], object]], *,
                  unit: str) -> None:
    """Count, per true label (a language, or `other:<kind>`), the `pieces` (a row and its text: `training_texts`,
    `training_windows`) each of `tests` holds for, and print, test by test, one line per label with a match:
    `label: <test's name> in N of M <unit> (P projects)`. What the count scripts behind the pattern rules print."""
    totals: Counter = Counter()
    found: dict[str, Counter] = {name: Counter() for name in tests}
    projects: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row, text in pieces:
        totals[row.language] += 1
        for name, test in tests.items():
            if test(text):
                found[name][row.language] += 1
                projects[name, row.language].add(row.project)
    for name in tests:
        for label in sorted(found[name], key=lambda label: (-found[name][label], label)):
            print(f"{label}: {name} in {found[name][label]:,} of {totals[label]:,} {unit} "
                  f"({len(projects[name, label])} projects)")


def count_window_matches(argv: list[str] | None, description: str,
                         tests: Mapping[str, Callable[[str], object]]) -> int:
    """The whole of a count script that searches the training windows: read the training-selection arguments
    (`add_training_selection_arguments`) from `argv`, then print each of `tests`' matches per label over the
    windows of the files training reads (`training_windows`, `print_matches`)."""
    parser = argparse.ArgumentParser(description=description)
    add_training_selection_arguments(parser)
    print_matches(training_windows(parser.parse_args(argv)), tests, unit="windows")
    return 0


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


# --- snippets: definitions cut with tree-sitter (evaluation snippet sets, and training samples) --------
SNIPPET_MIN_LINES, SNIPPET_MAX_LINES = 5, 30
# Definitions a snippet is cut at: functions, methods, constructors and small classes; JavaScript and
# TypeScript also `const f = (...) => {...}` (a lexical declaration whose value is a function).
SNIPPET_NODE_TYPES: dict[str, frozenset[str]] = {
    "python": frozenset({"function_definition", "class_definition"}),
    "java": frozenset({"method_declaration", "constructor_declaration", "class_declaration", "interface_declaration",
                       "enum_declaration", "record_declaration"}),
    "javascript": frozenset({"function_declaration", "method_definition", "class_declaration", "lexical_declaration"}),
    "typescript": frozenset({"function_declaration", "method_definition", "class_declaration", "lexical_declaration",
                             "interface_declaration"}),
    "csharp": frozenset({"method_declaration", "constructor_declaration", "class_declaration", "struct_declaration",
                         "interface_declaration", "record_declaration"}),
    "go": frozenset({"function_declaration", "method_declaration"}),
    "rust": frozenset({"function_item", "impl_item", "trait_item", "struct_item", "enum_item"}),
}
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function"})


def _declares_function(node) -> bool:
    """`const f = (...) => {...}`: a lexical declaration whose value is a function."""
    for child in node.children:
        value = child.child_by_field_name("value") if child.type == "variable_declarator" else None
        if value is not None and value.type in _FUNCTION_VALUES:
            return True
    return False


def definition_snippets(text: str, language: str) -> list[str]:
    """The texts of the definitions of 5-30 lines in `text` (whole lines with the comments right above them,
    dedented), in file order; a definition inside one already cut is part of it."""
    data = text.encode("utf-8")
    tree = parse(data, language)
    if tree is None:  # a parse given up (`grammars.PARSE_PROGRESS_CALLS_MAX`): no definitions to cut
        return []
    lines = data.split(b"\n")
    wanted = SNIPPET_NODE_TYPES[language]
    snippets: list[str] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type in wanted and not node.has_error and (node.type != "lexical_declaration" or _declares_function(node)):
            start, end = node.start_point[0], node.end_point[0]
            # the comments right above a definition belong to it (doc comments, `// Return ...`)
            above = node.prev_sibling
            while above is not None and "comment" in above.type and above.end_point[0] >= start - 1:
                start, above = above.start_point[0], above.prev_sibling
            if SNIPPET_MIN_LINES <= end - start + 1 <= SNIPPET_MAX_LINES:
                piece = b"\n".join(lines[start : end + 1]).decode("utf-8", errors="replace")
                snippets.append((node.start_byte, textwrap.dedent(piece).strip("\n") + "\n"))
                continue  # a definition's inner definitions are part of it
        stack.extend(reversed(node.children))
    return [snippet for _start, snippet in sorted(snippets)]
