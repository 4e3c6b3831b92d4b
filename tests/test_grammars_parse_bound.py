"""A parse past `grammars.PARSE_PROGRESS_CALLS_MAX` progress callbacks is given up, and the language checks read it as
a text the grammar does not fit (tree-sitter's error recovery can run for minutes on some texts of another language)."""

from __future__ import annotations

import pytest

from codemix import grammars
from codemix.langid import LanguageClassifier
from codemix.langid.verify import own_syntax_check, parse_check, snippet_parse_check, typescript_check

TYPESCRIPT = b"""export interface Point {
  x: number;
  y: number;
}

export function norm(p: Point): number {
  return Math.sqrt(p.x * p.x + p.y * p.y);
}
"""


def test_a_parse_in_time_is_the_plain_parse() -> None:
    bounded = grammars.parse_within("typescript", TYPESCRIPT)
    plain = grammars.get_parser("typescript").parse(TYPESCRIPT)
    assert bounded is not None
    assert str(bounded.root_node) == str(plain.root_node)


def test_the_parse_after_one_given_up_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancelled tree-sitter parse resumes on the parser's next call unless the parser is reset (the parsers are
    shared): the next text must get its own tree, not the rest of the one given up."""
    monkeypatch.setattr(grammars, "PARSE_PROGRESS_CALLS_MAX", 0)
    assert typescript_check(TYPESCRIPT * 50).parse.error_fraction == 1.0
    monkeypatch.setattr(grammars, "PARSE_PROGRESS_CALLS_MAX", 20_000)
    plain_script = b"import { resolve } from 'path';\n\nexport default {\n  alias: { '@': resolve('./src') },\n};\n"
    after = typescript_check(plain_script)
    assert after.parse.clean and after.typescript_only_nodes == 0
    assert str(grammars.parse_within("typescript", TYPESCRIPT).root_node) == str(
        grammars.get_parser("typescript").parse(TYPESCRIPT).root_node)


def test_a_parse_past_its_time_is_given_up_and_counts_as_all_error(monkeypatch: pytest.MonkeyPatch) -> None:
    assert grammars.parse_within("typescript", TYPESCRIPT * 50, progress_calls=0) is None
    monkeypatch.setattr(grammars, "PARSE_PROGRESS_CALLS_MAX", 0)
    check = parse_check(TYPESCRIPT * 50, "typescript")
    assert check.error_fraction == 1.0 and not check.clean
    assert snippet_parse_check(TYPESCRIPT * 50, "typescript").error_fraction == 1.0
    ts = typescript_check(TYPESCRIPT * 50)
    assert ts.typescript_only_nodes == 0 and ts.parse.error_fraction == 1.0
    assert own_syntax_check(b"using System;\nnamespace A { class B { } }\n" * 50, "csharp").own_nodes == 0
    # the classifier still labels: a path it cannot confirm by parse stays (`+parse_failed`), the content decides
    result = LanguageClassifier().classify(TYPESCRIPT * 50, path="src/point.ts")
    assert result.language == "typescript" and "parse_failed" in result.evidence


def test_whole_document_bound_grows_with_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grammars, "PARSE_PROGRESS_CALLS_MAX", 7)
    assert grammars.progress_calls_for(0) == 7
    assert grammars.progress_calls_for(grammars.PARSE_BOUND_BYTES) == 7
    assert grammars.progress_calls_for(grammars.PARSE_BOUND_BYTES + 1) == 14
    assert grammars.progress_calls_for(10 * grammars.PARSE_BOUND_BYTES) == 70


def test_pairing_checks_read_a_parse_given_up_as_not_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairing's parse check and split use the bound: a parse past it is a file that does not parse."""
    from codemix.pairing.groups import parse_error_share
    from codemix.pairing.split import split_program

    # long enough for tree-sitter to call the progress callback (every 100 parser operations)
    python = "".join(f"def f{n}(x):\n    return x + {n}\n\n\n" for n in range(200))
    assert grammars.check_parse(python, "python").clean and parse_error_share(python, "python") == 0.0
    assert split_program(python, "python") is not None
    monkeypatch.setattr(grammars, "PARSE_PROGRESS_CALLS_MAX", 0)
    check = grammars.check_parse(python, "python")
    assert not check.clean and check.error_fraction == 1.0
    assert parse_error_share(python, "python") == 1.0
    assert split_program(python, "python") is None
