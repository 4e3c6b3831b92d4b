"""A window cut inside a Python long string (a module or function docstring): read with the string closed
(`verify.close_long_strings`, docs/langid.md step 7, *Snippets*). Hand-written text in the style of real modules."""

from __future__ import annotations

from pathlib import Path

from codemix.langid import LanguageClassifier
from codemix.langid.verify import close_long_strings, parse_check, snippet_parse_check

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"

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


# The first lines of a module that opens with a long docstring of prose (reStructuredText roles, a list).
MODULE_DOCSTRING_PROSE = '''"""Mode bookkeeping for the channels a client has joined.

The :class:`ModeTracker` class is used internally to follow ``MODE``
messages for channels. User modes are not followed (yet), as the client
does not manage them.

The goal of the tracker is to return a :class:`ModeChange` holding the
actions a raw message stands for:

* channel modes added or removed (with their parameters, if any)
* privileges added or removed for members of a channel

Ignored modes and unused parameters are reported too, so that callers
can warn about them.
'''


def test_a_text_that_opens_with_a_module_docstring_is_python() -> None:
    """Round 14: where the model is unsure or says `other`, a text that opens with a triple-quoted string with words
    on its first line, after blank and comment lines only, is Python (`content+module_docstring`; train counts in
    `classifier._MODULE_DOCSTRING`)."""
    classifier = LanguageClassifier()
    result = classifier.classify(MODULE_DOCSTRING_PROSE)
    assert (result.language, result.evidence) == ("python", "content+module_docstring")
    assert classifier.classify("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n" + MODULE_DOCSTRING_PROSE).language == "python"
    classifier.MODULE_DOCSTRING = False
    assert classifier.classify(MODULE_DOCSTRING_PROSE).language != "python"


def test_a_module_docstring_whose_quotes_stand_alone_is_python_where_the_model_is_unsure() -> None:
    """Round 18: the opening quotes alone on the first line (`_BARE_MODULE_DOCSTRING`), on the first 20 lines of a real
    module (Werkzeug's `middleware/__init__.py`, tests/fixtures/langid: the window ends inside its docstring): the model
    says `other`, below the verify threshold."""
    lines = (FIXTURES / "werkzeug_middleware_init.py").read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[:20])
    assert len(lines) > 20 and text.startswith('"""\nMiddleware\n')
    classifier = LanguageClassifier()
    result = classifier.classify(text)
    assert (result.language, result.evidence) == ("python", "content+module_docstring")
    # the rule stands on its own: the other rules of the same gate off, it still decides
    classifier.MODULE_DOCSTRING = classifier.NAMED_FILE_IN_COMMENTS = classifier.USE_STRICT = False
    assert classifier.classify(text).evidence == "content+module_docstring"
    classifier.BARE_DOCSTRING = False
    unsure = classifier.classify(text)
    assert unsure.language == "other" and unsure.confidence < classifier.SNIPPET_VERIFY_BELOW


def test_bare_opening_quotes_need_words_on_the_next_line() -> None:
    from codemix.langid.classifier import _BARE_MODULE_DOCSTRING

    assert _BARE_MODULE_DOCSTRING.match('"""\nMiddleware\n')
    assert _BARE_MODULE_DOCSTRING.match("# licence\n\n" + "'" * 3 + "\n  A queue.\n")
    # a closing line then code, an indented string, a TOML value's quotes, an empty docstring: none
    for text in ('"""\n\nimport os\n', '    """\n    Doc.\n', 'x = """\nraw\n', '"""\n"""\n'):
        assert not _BARE_MODULE_DOCSTRING.match(text), text


def test_closing_quotes_and_indented_strings_are_no_module_docstring() -> None:
    from codemix.langid.classifier import _MODULE_DOCSTRING

    assert _MODULE_DOCSTRING.match('"""Doc."""\n') and _MODULE_DOCSTRING.match("r'''Doc.\n")
    # a TOML string's closing quotes after a C line, a docstring's closing line, an indented string: none
    for text in ('#endif\n"""\n\n[fn]\n', '"""\n\nimport os\n', '    """Doc."""\n', 'x = """a\n'):
        assert not _MODULE_DOCSTRING.match(text), text
