"""A window cut inside a Python long string (a module or function docstring): read with the string closed
(`verify.close_long_strings`, docs/langid.md step 7, *Snippets*). Hand-written text in the style of real modules."""

from __future__ import annotations

from codemix.langid import LanguageClassifier
from codemix.langid.verify import close_long_strings, parse_check, snippet_parse_check

# The first 20 lines of a module whose docstring runs longer: the window ends inside it.
MODULE_DOCSTRING_START = '''"""
    stock.reorder
    ~~~~~~~~~~~~~

    Reorder level annotations for the warehouse API functions. Has the
    same result as the autodoc extension but works for all functions
    regardless of their module, and the reorder information is written
    inline with the documentation instead of a separate table.

    Adds a new directive "reorder". The directive has no content
'''
# A window from the middle of a function: its docstring's end, then code.
DOCSTRING_END = '''        is listed once, with the count of every warehouse that holds it.
        Raises ``KeyError`` when a warehouse is not known.
        """
        counts = {}
        for warehouse in warehouses:
            for item, count in self.stock[warehouse].items():
                counts.setdefault(item, {})[warehouse] = count
        return counts
'''


def test_a_window_cut_inside_a_docstring_parses_once_the_string_is_closed() -> None:
    for text in (MODULE_DOCSTRING_START, DOCSTRING_END):
        data = text.encode()
        assert not parse_check(data, "python").clean
        assert snippet_parse_check(data, "python").clean
    assert close_long_strings(MODULE_DOCSTRING_START, "python")[0].endswith('\n"""\n')
    assert close_long_strings(DOCSTRING_END, "python")[1].startswith('"""')


def test_only_an_odd_count_of_quotes_and_only_python_is_closed() -> None:
    assert close_long_strings('def f():\n    """Done."""\n    return 1\n', "python") == []
    assert close_long_strings('var s = """\nraw\n', "csharp") == []


def test_the_closed_reading_decides_a_close_call_for_python() -> None:
    classifier = LanguageClassifier()
    data = MODULE_DOCSTRING_START.encode()
    # the model's ranking of such a window after the `other` prior: Python ahead, but not sure
    candidates = [("python", 0.6), ("other", 0.4)]
    assert classifier._close_call(data, candidates, snippet=True)[0] == "python"
    # read as it is, the open docstring is all ERROR and `other` would win
    assert parse_check(data, "python").error_fraction > 0.5
