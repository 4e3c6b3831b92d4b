"""A short piece of nothing but C-style comments weighs `other` by COMMENT_ONLY_OTHER_PRIOR rather than OTHER_PRIOR
(round 22, `LanguageClassifier._other_prior`, docs/langid.md): a licence header in a `/* */` block says nothing of
which C-family language wrote it. On a real file (tests/fixtures/langid/cordova_splashscreen.h, a C++ header of
Cordova's splash-screen plugin whose first 20 lines are its Apache licence header; see PROVENANCE.md)."""

from __future__ import annotations

from pathlib import Path

from codemix import OTHER
from codemix.langid import LanguageClassifier

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"
HEADER_FILE = (FIXTURES / "cordova_splashscreen.h").read_text(encoding="utf-8")
HEADER_WINDOW = "".join(HEADER_FILE.splitlines(keepends=True)[:20])


def without_the_comment_only_prior() -> LanguageClassifier:
    result = LanguageClassifier()
    result.COMMENT_ONLY_OTHER_PRIOR = result.OTHER_PRIOR
    return result


def test_a_c_licence_header_window_is_other_and_without_the_prior_a_language() -> None:
    assert without_the_comment_only_prior().classify(HEADER_WINDOW).language == "javascript"
    assert LanguageClassifier().classify(HEADER_WINDOW).language == OTHER


def test_the_file_with_its_code_is_read_as_before() -> None:
    assert LanguageClassifier().classify(HEADER_FILE) == without_the_comment_only_prior().classify(HEADER_FILE)


def test_the_prior_is_for_short_pieces_of_c_style_comments_only() -> None:
    classifier = LanguageClassifier()
    assert classifier.COMMENT_ONLY_OTHER_PRIOR > classifier.OTHER_PRIOR
    assert classifier._other_prior(HEADER_WINDOW) == classifier.COMMENT_ONLY_OTHER_PRIOR
    inside = "".join(HEADER_WINDOW.splitlines(keepends=True)[3:])  # cut inside the block: ` * ...` lines, `*/`
    assert classifier._other_prior(inside) == classifier.COMMENT_ONLY_OTHER_PRIOR
    line_comments = "".join(f"// {line.strip(' /*')}\n" for line in HEADER_WINDOW.splitlines())
    assert classifier._other_prior(line_comments) == classifier.COMMENT_ONLY_OTHER_PRIOR
    # not: a piece with code, a long comment (a whole file that is a header and a `package` line), `#` comments
    assert classifier._other_prior(HEADER_FILE) == classifier.OTHER_PRIOR
    long_comment = HEADER_WINDOW + "".join(f" * {n}\n" for n in range(LanguageClassifier.SNIPPET_MAX_LINES))
    assert classifier._other_prior(long_comment) == classifier.OTHER_PRIOR
    hash_comments = "".join(f"# {line.strip(' /*')}\n" for line in HEADER_WINDOW.splitlines())
    assert classifier._other_prior(hash_comments) == classifier.OTHER_PRIOR
