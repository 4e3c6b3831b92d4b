"""Splitting an over-long pair at top-level definitions, when both sides split into matching units.

A program is cut into a head, definition units and a tail:

- The definitions are the function, method, class and impl definitions of the program's top level; for Java
  and C# (and any program whose top level is a single class or namespace) those of the single container,
  descended into while it holds exactly one container and no definition.
- A unit runs from its definition (with the comments directly above it) to the start of the next unit, so code
  between two definitions stays with the one above it. The head is everything before the first unit (package,
  imports, module constants, the class header); the tail everything after the last (`if __name__ ...`, closing
  braces).
- Units are named by their definition's name, normalised to lower case without underscores, so that Python's
  `merge_sort`, Java's `mergeSort` and Go's `MergeSort` match.

Two programs split into matching units when their sequences of unit names are equal and hold at least two
units. Consecutive units are then grouped greedily into parts, each part rendered as `head + units + tail` on
both sides, so every part keeps the imports and the enclosing class its code needs. A part must fit
`max_tokens` in every rendered direction; when a single unit pair does not, the pair cannot be split.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import tree_sitter

from codemix import languages
from codemix.grammars import parse_within, progress_calls_for

COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})
FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function"})


@dataclass(frozen=True, slots=True)
class SplitProgram:
    head: str
    units: tuple[str, ...]
    names: tuple[str, ...]  # normalised, one per unit
    tail: str

    def part(self, start: int, stop: int) -> str:
        return self.head + "".join(self.units[start:stop]) + self.tail


def _normalise_name(name: str) -> str:
    return name.replace("_", "").lower()


def _definition_name(node: tree_sitter.Node, language: str) -> str | None:
    """The name of a definition node, or None when the node is not a definition (e.g. `const x = 3`)."""
    if node.type == "decorated_definition":
        inner = node.child_by_field_name("definition")
        return _definition_name(inner, language) if inner is not None else None
    if node.type == "export_statement":
        inner = node.child_by_field_name("declaration")
        return _definition_name(inner, language) if inner is not None else None
    if node.type == "lexical_declaration":
        # `const add = (a, b) => ...`: a definition only when every declarator binds a function
        declarators = [c for c in node.named_children if c.type == "variable_declarator"]
        if len(declarators) != 1:
            return None
        value = declarators[0].child_by_field_name("value")
        name = declarators[0].child_by_field_name("name")
        if value is None or name is None or value.type not in FUNCTION_VALUES:
            return None
        return name.text.decode("utf-8")
    if node.type == "impl_item":
        impl_type = node.child_by_field_name("type")
        return "impl " + impl_type.text.decode("utf-8") if impl_type is not None else None
    if node.type in languages.get(language).definition_node_types:
        name = node.child_by_field_name("name")
        # C-family functions name themselves at the end of a declarator chain: `int *f(void)`
        declarator = node.child_by_field_name("declarator")
        while name is None and declarator is not None:
            if declarator.type in ("identifier", "field_identifier"):
                name = declarator
            declarator = declarator.child_by_field_name("declarator")
        return name.text.decode("utf-8") if name is not None else None
    return None


def _container_body(node: tree_sitter.Node, language: str) -> tree_sitter.Node:
    """Descend through a lone class or namespace while it holds no definition of its own."""
    container_types = languages.get(language).container_node_types
    while True:
        children = node.named_children
        if any(_definition_name(c, language) is not None and c.type not in container_types for c in children):
            return node
        containers = [c for c in children if c.type in container_types]
        if len(containers) != 1:
            return node
        body = containers[0].child_by_field_name("body")
        if body is None:
            return node
        node = body


def split_program(text: str, language: str) -> SplitProgram | None:
    """Head, definition units and tail of a program; None when it has no definitions or does not parse (with errors,
    or not within the bound of `grammars.progress_calls_for` its size)."""
    data = text.encode("utf-8")
    tree = parse_within(language, data, progress_calls=progress_calls_for(len(data)))
    if tree is None or tree.root_node.has_error:
        return None
    body = _container_body(tree.root_node, language)
    children = body.named_children
    starts: list[int] = []
    names: list[str] = []
    for index, child in enumerate(children):
        name = _definition_name(child, language)
        if name is None:
            continue
        start = child.start_byte
        previous = index - 1
        # comments directly above a definition (on their own lines, no blank line between) belong to it
        while previous >= 0 and children[previous].type in COMMENT_TYPES:
            comment = children[previous]
            own_line = not data[data.rfind(b"\n", 0, comment.start_byte) + 1: comment.start_byte].strip()
            if not own_line or comment.end_point[0] + 1 < children[previous + 1].start_point[0]:
                break
            start = comment.start_byte
            previous -= 1
        start = data.rfind(b"\n", 0, start) + 1  # from the start of its line: indentation goes with it
        if starts and start < starts[-1]:
            return None
        starts.append(start)
        names.append(_normalise_name(name))
    if not starts:
        return None
    last_definition = [c for c in children if _definition_name(c, language) is not None][-1]
    end = data.find(b"\n", last_definition.end_byte)
    end = len(data) if end < 0 else end + 1
    boundaries = starts + [end]
    units = tuple(data[boundaries[i]:boundaries[i + 1]].decode("utf-8") for i in range(len(starts)))
    return SplitProgram(head=data[: starts[0]].decode("utf-8"), units=units, names=tuple(names),
                        tail=data[end:].decode("utf-8"))


def split_pair(
    first: SplitProgram,
    second: SplitProgram,
    fits: Callable[[str, str], bool],
) -> list[tuple[str, str]] | None:
    """Parts (first text, second text) covering both programs, each fitting; None when they cannot be split.

    `fits(first_part, second_part)` says whether a part pair renders within `max_tokens` in every direction.
    """
    if first.names != second.names or len(first.names) < 2:
        return None
    parts: list[tuple[str, str]] = []
    start = 0
    count = len(first.units)
    while start < count:
        if not fits(first.part(start, start + 1), second.part(start, start + 1)):
            return None
        stop = start + 1
        while stop < count and fits(first.part(start, stop + 1), second.part(start, stop + 1)):
            stop += 1
        parts.append((first.part(start, stop), second.part(start, stop)))
        start = stop
    return parts

