"""Declared labels (`classify.declared`): trust, verify and ignore on real files, and the stage's counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from datatrove.data import Document

from codemix.langid import LanguageClassifier
from codemix.langid.declared import DeclaredLabels, declared_language
from codemix.schemas.config import ClassifyConfig
from codemix.schemas.documents import CLAIMED_LANGUAGE, LANGUAGE, LANGUAGE_EVIDENCE
from codemix.stages.classify import ClassifyLanguage

FIXTURES = Path(__file__).parent / "fixtures" / "langid"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def classifier() -> LanguageClassifier:
    return LanguageClassifier()


def decide(classifier: LanguageClassifier, mode: str, items: list[tuple[bytes, str | None]]):
    return DeclaredLabels(classifier=classifier, mode=mode).classify_batch([(data, None, claim) for data, claim in items])


def test_declared_names_are_normalised_through_the_language_registry() -> None:
    assert declared_language("Python") == "python" and declared_language("C#") == "csharp"
    assert declared_language("golang") == "go" and declared_language(" JS ") == "javascript"
    assert declared_language("C++") == "other" and declared_language("other:cpp") == "other"
    assert declared_language(None) is None and declared_language("  ") is None


def test_trust_takes_the_declared_label_and_reports_what_its_grammar_cannot_parse(classifier) -> None:
    python, kotlin = read("wait_for_it.py"), read("ExceptionLogger.kt")
    results = decide(classifier, "trust", [(python, "Python"), (python, "Java"), (kotlin, "Kotlin"), (b"\0\1\2", "python")])
    assert [(r.language, r.evidence) for r in results] == [
        ("python", "declared+parse"),
        ("java", "declared+parse_failed"),  # trusted all the same, and reported
        ("other", "declared:Kotlin"),  # a language outside the registry is `other`
        ("other", "binary"),  # bad input is `other` whatever the column says
    ]


def test_trust_folds_a_declared_language_outside_the_build_into_other() -> None:
    narrow = LanguageClassifier(languages=["python", "java"])
    result = decide(narrow, "trust", [(read("typed.ts"), "TypeScript")])[0]
    assert result.language == "other" and result.evidence == "declared+parse;unselected:typescript"


def test_verify_keeps_the_declaration_unless_content_and_grammars_both_say_otherwise(classifier) -> None:
    python, typed, untyped, kotlin = read("wait_for_it.py"), read("typed.ts"), read("untyped.ts"), read("ExceptionLogger.kt")
    results = decide(classifier, "verify", [
        (python, "Python"),        # agrees
        (python, "Java"),          # content sure, Java's grammar fails, Python's parses: overruled
        (typed, "javascript"),     # type syntax: JavaScript's grammar fails, TypeScript's parses: overruled
        (untyped, "JavaScript"),   # the content says TypeScript, but both grammars parse it: the declaration stays
        (kotlin, "java"),          # content sure it is not one of the seven, Java's grammar fails: overruled
    ])
    assert [r.language for r in results] == ["python", "python", "typescript", "javascript", "other"]
    assert results[0].evidence.startswith("declared+agrees;content:")
    assert results[1].evidence.endswith(";declared_overruled:Java")
    assert results[2].evidence.endswith(";declared_overruled:javascript")
    # a disagreement that stands names both labels
    assert results[3].evidence.startswith("declared+disagrees;declared:JavaScript;content:typescript@")
    assert results[4].evidence.endswith(";declared_overruled:java")


def test_ignore_lets_the_content_decide(classifier) -> None:
    python = read("wait_for_it.py")
    ignored = decide(classifier, "ignore", [(python, "Java"), (python, None)])
    plain = classifier.classify_batch([(python, None)])[0]
    assert ignored == [plain, plain]


def test_undeclared_documents_are_classified_as_usual_in_every_mode(classifier) -> None:
    items = [(read(name), None) for name in ("wait_for_it.py", "typed.ts", "freebsd.lua")]
    plain = classifier.classify_batch([(data, None) for data, _ in items])
    for mode in ("trust", "verify", "ignore"):
        assert decide(classifier, mode, items) == plain


def test_unknown_mode_is_refused(classifier) -> None:
    with pytest.raises(ValueError, match="declared must be one of trust, verify, ignore"):
        DeclaredLabels(classifier=classifier, mode="always")  # type: ignore[arg-type]


def test_config_default_is_verify() -> None:
    assert ClassifyConfig().declared == "verify"
    assert ClassifyConfig(declared="trust").declared == "trust"
    with pytest.raises(ValueError):
        ClassifyConfig(declared="maybe")


def test_stage_uses_the_claimed_language_and_counts_how_each_declaration_fared() -> None:
    docs = [
        Document(text=read("wait_for_it.py").decode(), id="agree", metadata={CLAIMED_LANGUAGE: "python"}),
        Document(text=read("wait_for_it.py").decode(), id="overruled", metadata={CLAIMED_LANGUAGE: "java"}),
        Document(text=read("untyped.ts").decode(), id="disagree", metadata={CLAIMED_LANGUAGE: "javascript"}),
        Document(text=read("typed.ts").decode(), id="none", metadata={}),
    ]
    stage = ClassifyLanguage(drop_other=False, declared="verify")
    out = {doc.id: doc for doc in stage.run(iter(docs))}
    assert {key: doc.metadata[LANGUAGE] for key, doc in out.items()} == {
        "agree": "python", "overruled": "python", "disagree": "javascript", "none": "typescript"}
    assert out["overruled"].metadata[CLAIMED_LANGUAGE] == "java"  # the input's claim is kept as it was
    stats = {name: stage.stats[name].total for name in stage.stats.stats}
    assert stats["declared_agree"] == 1 and stats["declared_overruled"] == 1 and stats["declared_disagree"] == 2

    trusting = ClassifyLanguage(drop_other=False, declared="trust")
    out = {doc.id: doc for doc in trusting.run(iter(docs))}
    assert out["overruled"].metadata[LANGUAGE] == "java"
    assert out["overruled"].metadata[LANGUAGE_EVIDENCE] == "declared+parse_failed"
    stats = {name: trusting.stats[name].total for name in trusting.stats.stats}
    assert stats["declared_parse_failed"] == 1 and stats["evidence_declared+parse"] == 2
