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
    """Parse `source` with `language`'s grammar and count ERROR and MISSING nodes."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    tree = get_parser(language).parse(data)
    return check_tree(tree, language, total_bytes=len(data))


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
