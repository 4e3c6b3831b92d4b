"""Round 25: after a close call `other` won, the C# or Java sibling of a candidate (`OWN_SYNTAX_PAIRS`) may take the
piece by syntax only it writes (`LanguageClassifier.OWN_SYNTAX_SIBLINGS`, docs/langid.md step 7). On a real window
(tests/fixtures/langid/openchemlib_extended_molecule.java.window, 20 lines of OpenChemLib's ExtendedMolecule.java; see
PROVENANCE.md) and on the sibling list itself."""

from __future__ import annotations

from pathlib import Path

from codemix.langid import LanguageClassifier

WINDOW = Path(__file__).resolve().parent / "fixtures" / "langid" / "openchemlib_extended_molecule.java.window"


def test_a_java_window_the_model_puts_below_the_close_call_is_read_by_its_syntax() -> None:
    # Java code under `//` comments: the model ranks C# first and Java fourth, below the close call's cut, so the
    # close call weighs C# against `other` and `other` wins; Java's grammar parses the window cleanly and finds a
    # `boolean` type, syntax only Java writes of the pair
    window = WINDOW.read_text(encoding="utf-8")
    classifier = LanguageClassifier()
    ranked = classifier.model.predict(window).ranked()
    assert ranked[0][0] == "csharp"
    assert dict(ranked)["java"] < classifier.SNIPPET_CANDIDATE_MIN
    result = classifier.classify(window)
    assert (result.language, result.evidence) == ("java", "content+parse+java_syntax")
    assert result.confidence >= dict(ranked)["java"]
    without = LanguageClassifier()
    without.OWN_SYNTAX_SIBLINGS = False
    assert without.classify(window).language == "other"


def test_the_siblings_are_the_other_half_of_a_pair_with_the_pairs_probability() -> None:
    classifier = LanguageClassifier()
    ranked = [("other", 0.4), ("csharp", 0.3), ("go", 0.2), ("java", 0.05), ("rust", 0.05)]
    assert classifier._own_syntax_siblings([("other", 0.4), ("csharp", 0.3), ("go", 0.2)], ranked) == [
        ("java", 0.35)]
    # a pair already among the candidates, or no half of one: nothing to add
    assert classifier._own_syntax_siblings([("csharp", 0.3), ("java", 0.05)], ranked) == []
    assert classifier._own_syntax_siblings([("other", 0.4), ("go", 0.2)], ranked) == []
    # capped below certainty
    assert classifier._own_syntax_siblings([("java", 0.999)], [("java", 0.999), ("csharp", 0.001)]) == [
        ("csharp", 0.99)]
