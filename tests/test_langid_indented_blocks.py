"""A window cut out of the middle of a Python function starts indented and dedents past its first line as the blocks
around it close: read with those blocks opened before it (`verify.open_indented_blocks`, docs/langid.md step 7,
*Snippets*). Hand-written text in the style of real modules."""

from __future__ import annotations

import textwrap

from codemix.langid.verify import open_indented_blocks, parse_check, snippet_parse_check

# Lines 40-57 of a function: inside a `for` inside a `try` inside an `if`, then out of all three.
MIDDLE_OF_A_FUNCTION = '''                check_value_type(name, value, kind)
            except TypeError:
                pass
            else:
                return
        raise error
    elif origin is tuple:
        kinds = typing.get_args(annotation)
        if not isinstance(value, (tuple, list)):
            raise error
        if len(kinds) != len(value):
            raise error
        for i, (item, kind) in enumerate(zip(value, kinds)):
            check_value_type(f"{name}[{i}]", item, kind)
        return
'''


def test_the_blocks_a_window_closes_are_opened_before_it_with_the_opener_its_next_line_needs() -> None:
    opened = open_indented_blocks(textwrap.dedent(MIDDLE_OF_A_FUNCTION))
    assert opened is not None
    # one opener per level the window dedents to: `try:` before the `except`, `if 1:` before the `raise` and the `elif`
    assert opened.split("\n")[:4] == ["if 1:", "    if 1:", "        try:", "            check_value_type(name, value, kind)"]
    assert parse_check(opened.encode(), "python").clean


def test_the_window_parses_as_python_only_so() -> None:
    data = MIDDLE_OF_A_FUNCTION.encode()
    assert not parse_check(data, "python").clean
    assert not parse_check(textwrap.dedent(MIDDLE_OF_A_FUNCTION).encode(), "python").clean
    assert snippet_parse_check(data, "python").clean


def test_a_window_that_starts_at_its_lowest_level_is_left_alone() -> None:
    assert open_indented_blocks("def f(x):\n    return x\n") is None
    assert open_indented_blocks("# only a comment\n") is None
