"""tree-sitter grammars of the registered languages, from their per-language wheels (offline).

Which wheel and function hold a language's grammar is the registry's (`codemix.languages`): a language,
or a dialect such as TypeScript's `tsx`. One `Parser` per grammar and process, built on first use: parsers
are cheap to keep and the language objects are shared. A wrong grammar is 5 to 8 times slower than the
right one (error recovery), so callers parse only with the grammar(s) in question.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache

import tree_sitter

from codemix import languages


def _language_capsule(grammar: str):
    ref = languages.grammar_refs().get(grammar)
    if ref is None:
        raise ValueError(f"no tree-sitter grammar for {grammar!r}; known: {', '.join(languages.grammar_refs())}")
    return getattr(importlib.import_module(ref.module), ref.function)()


@lru_cache(maxsize=None)
def get_language(language: str) -> tree_sitter.Language:
    return tree_sitter.Language(_language_capsule(language))


@lru_cache(maxsize=None)
def get_parser(language: str) -> tree_sitter.Parser:
    return tree_sitter.Parser(get_language(language))


# tree-sitter's error recovery can run away on text of another language: the TSX grammar had not finished 8 KB of
# Rust (lifetimes such as `&'a str` open character literals, generics look like JSX) after a minute, while 7.5 KB of
# it took 11 ms. tree-sitter calls a parse's progress callback every 100 parser operations, so counting the calls
# bounds the work, the same on every machine (a time limit would make labels depend on the machine's speed). The
# first 16 KiB of every other file of the dev5 set under each of the eight grammars (14,624 parses) made at most 415
# calls, median 25; that TSX parse made 51,193 in 3 s. A parse past PARSE_PROGRESS_CALLS_MAX is given up
# (`parse_within`).
PARSE_PROGRESS_CALLS_MAX = 20_000
_READ_CHUNK_BYTES = 64 * 1024
# Whole documents (pairing parses whole programs, not a prefix) get PARSE_PROGRESS_CALLS_MAX for every started
# PARSE_BOUND_BYTES: a long file of the grammar's own language is not given up for its length (at most 415 calls per
# 16 KiB above, so about 48 times that), while a runaway stays bounded in proportion to the text.
PARSE_BOUND_BYTES = 16 * 1024


def progress_calls_for(size_bytes: int) -> int:
    """The progress-call bound of a whole-document parse of `size_bytes` (`parse_within`'s `progress_calls`)."""
    return PARSE_PROGRESS_CALLS_MAX * max(1, -(-size_bytes // PARSE_BOUND_BYTES))


def parse_within(language: str, data: bytes, *, progress_calls: int | None = None) -> tree_sitter.Tree | None:
    """`language`'s parse of `data`, or None when it makes more than `progress_calls` (default
    PARSE_PROGRESS_CALLS_MAX) progress callbacks, about 100 parser operations each; the tree is the same as
    `get_parser(language).parse(data)` otherwise."""
    budget = PARSE_PROGRESS_CALLS_MAX if progress_calls is None else progress_calls
    calls = 0

    def give_up(_offset: int, _has_error: bool) -> bool:
        nonlocal calls
        calls += 1
        return calls > budget

    parser = get_parser(language)
    try:
        return parser.parse(lambda byte, _point: data[byte : byte + _READ_CHUNK_BYTES], progress_callback=give_up)
    except ValueError:  # "Parsing failed": the callback cancelled it
        # a cancelled parse is resumed by the parser's next call unless it is reset (the parser is shared)
        parser.reset()
        return None


@dataclass(frozen=True, slots=True)
class ParseCheck:
    """How well a text parses under one grammar."""

    language: str
    error_nodes: int  # ERROR nodes: spans the grammar could not fit
    missing_nodes: int  # MISSING nodes: tokens the parser had to invent
    error_bytes: int  # bytes covered by outermost ERROR nodes
    total_bytes: int

    @property
    def error_fraction(self) -> float:
        return self.error_bytes / self.total_bytes if self.total_bytes else 0.0

    @property
    def problems(self) -> int:
        return self.error_nodes + self.missing_nodes

    @property
    def clean(self) -> bool:
        return self.problems == 0


def check_parse(source: bytes | str, language: str) -> ParseCheck:
    """Parse `source` with `language`'s grammar and count ERROR and MISSING nodes; a parse given up
    (`progress_calls_for` its size) counts as all error (`given_up_check`)."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    tree = parse_within(language, data, progress_calls=progress_calls_for(len(data)))
    if tree is None:
        return given_up_check(language, total_bytes=len(data))
    return check_tree(tree, language, total_bytes=len(data))


def given_up_check(language: str, *, total_bytes: int) -> ParseCheck:
    """The check of a parse given up (`parse_within`): the grammar did not fit the text within its bound, every byte
    counts as an error."""
    return ParseCheck(language=language, error_nodes=1, missing_nodes=0, error_bytes=total_bytes, total_bytes=total_bytes)


def check_tree(tree: tree_sitter.Tree, language: str, *, total_bytes: int) -> ParseCheck:
    """Count ERROR and MISSING nodes of an already parsed tree (callers that also query the tree)."""
    errors = missing = error_bytes = 0
    cursor = tree.walk()
    # Iterative pre-order walk: skip subtrees without errors, which keeps clean files cheap.
    # `ancestor_is_error` mirrors the cursor's path, so "inside an ERROR node" costs O(1), not O(depth).
    ancestor_is_error: list[bool] = []
    error_ancestors = 0
    visited_children = False
    while True:
        node = cursor.node
        if not visited_children:
            is_error = node.is_error
            if is_error:
                errors += 1
                if not error_ancestors:
                    error_bytes += node.end_byte - node.start_byte
            elif node.is_missing:
                missing += 1
            if node.has_error and cursor.goto_first_child():
                ancestor_is_error.append(is_error)
                error_ancestors += is_error
                continue
        if cursor.goto_next_sibling():
            visited_children = False
            continue
        if not cursor.goto_parent():
            break
        error_ancestors -= ancestor_is_error.pop()
        visited_children = True
    return ParseCheck(
        language=language, error_nodes=errors, missing_nodes=missing, error_bytes=error_bytes, total_bytes=total_bytes
    )


def _has_error_ancestor(cursor: tree_sitter.TreeCursor) -> bool:
    parent = cursor.node.parent
    while parent is not None:
        if parent.is_error:
            return True
        parent = parent.parent
    return False
