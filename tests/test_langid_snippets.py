"""Snippets: function- and method-sized pieces without package, import or namespace lines (real code, cut
from real files: see tests/fixtures/langid/PROVENANCE.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix import languages
from codemix.langid import LanguageClassifier
from codemix.langid.declared import DeclaredLabels
from codemix.langid.verify import parse_check, snippet_parse_check

FIXTURES = Path(__file__).parent / "fixtures" / "langid"
SNIPPETS = {"go": "title.go.snippet", "java": "repeat.java.snippet", "csharp": "get_table.cs.snippet"}


def snippet(language: str) -> bytes:
    return (FIXTURES / SNIPPETS[language]).read_bytes()


@pytest.mark.parametrize("language", sorted(SNIPPETS))
def test_a_snippet_parses_cleanly_under_its_own_grammar_only(language: str) -> None:
    data = snippet(language)
    assert snippet_parse_check(data, language).clean
    for other in SNIPPETS:
        if other != language:
            assert not snippet_parse_check(data, other).clean, other


def test_wrappers_come_from_the_language_registry() -> None:
    assert languages.get("go").snippet_wrappers == (("package snippet\n", ""),)
    assert languages.get("csharp").snippet_wrappers[0][0].startswith("class ")
    assert languages.get("rust").snippet_wrappers == ()


def test_a_method_cut_out_of_its_class_parses_when_wrapped() -> None:
    # The C# method read by the TypeScript grammar: as it is, `public MetaTable GetTable (...)` is an
    # expression gone wrong; inside `class Snippet { ... }` it is nearly a method (C#'s types still differ).
    data = snippet("csharp")
    assert snippet_parse_check(data, "typescript").error_bytes < parse_check(data, "typescript").error_bytes
    # error bytes are counted against the piece itself, never the wrapper
    assert 0.0 <= snippet_parse_check(data, "typescript").error_fraction <= 1.0


def test_a_clean_snippet_costs_one_parse() -> None:
    data = snippet("go")
    assert parse_check(data, "go").clean and snippet_parse_check(data, "go") == parse_check(data, "go")


@pytest.fixture(scope="module")
def classifier() -> LanguageClassifier:
    return LanguageClassifier()


@pytest.mark.parametrize("language", sorted(SNIPPETS))
def test_snippets_are_labelled_from_their_content(classifier: LanguageClassifier, language: str) -> None:
    assert classifier.classify(snippet(language)).language == language


def test_a_declared_csharp_method_keeps_its_label_in_verify_mode(classifier: LanguageClassifier) -> None:
    # whatever the content model says, C#'s grammar parses the method cleanly: the declaration stands
    result = DeclaredLabels(classifier=classifier, mode="verify").classify_batch([(snippet("csharp"), None, "C#")])[0]
    assert result.language == "csharp"
    assert result.evidence.startswith(("declared+agrees", "declared+disagrees"))
