"""What overrules the content model: syntax none of the seven languages writes, and document markup.

On real files (tests/fixtures/langid, see PROVENANCE.md): PHP, Lua, Kotlin, Scala, Groovy, Protocol Buffers
and a patch from registry packages, a Markdown page and a txtar archive that hold code, and code whose
lines look like markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix.langid import LanguageClassifier
from codemix.langid.classifier import FOREIGN_SYNTAX, doc_markup_lines, foreign_syntax
from langid_fixtures import HUMANEVAL_FILES, humaneval_programs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"


def lines_of(name: str, start: int, count: int = 20) -> str:
    """`count` lines of a fixture from line `start` (0-based): a window as the benchmark takes them."""
    return "".join((FIXTURES / name).read_text(encoding="utf-8").splitlines(keepends=True)[start : start + count])


def without_overrules() -> LanguageClassifier:
    classifier = LanguageClassifier()
    classifier.FOREIGN_SYNTAX = ()
    classifier.CHECK_DOC_MARKUP = False
    return classifier


@pytest.mark.parametrize(
    ("name", "tell"),
    [
        ("ProxyTrait.php", "php_perl"),
        ("SessionBagInterface.php", "php"),
        ("freebsd.lua", "lua"),
        ("ConcurrentEffectLaws.scala", "scala"),
        ("ExceptionLogger.kt", "kotlin_scala"),
        ("NoDebugJavaExec.kt", "kotlin"),
        ("unittest_issue6936_b.proto", "protobuf"),
        ("0009-Bump-dav1d-sys.patch", "diff"),
        ("Router.swift", "swift"),
    ],
)
def test_foreign_syntax_is_found_in_real_files_of_other_languages(name: str, tell: str) -> None:
    assert foreign_syntax((FIXTURES / name).read_text(encoding="utf-8")) == tell


def test_foreign_syntax_is_silent_on_real_code_of_the_seven(fixtures_dir: Path) -> None:
    programs = [
        program
        for language in HUMANEVAL_FILES
        if language != "other"
        for program in humaneval_programs(fixtures_dir, language)
    ]
    programs += [(FIXTURES / name).read_text(encoding="utf-8") for name in ("typed.ts", "untyped.ts", "wait_for_it.py", "react_component.js")]
    assert len(programs) > 800
    assert [program[:80] for program in programs if foreign_syntax(program) is not None] == []


def test_each_quick_pattern_is_in_every_match_of_its_tell() -> None:
    """The quick search only spares work: a text it rejects has no match of the full pattern."""
    matched = 0
    for name in ("ProxyTrait.php", "SessionBagInterface.php", "freebsd.lua", "ConcurrentEffectLaws.scala", "ExceptionLogger.kt",
                 "NoDebugJavaExec.kt", "unittest_issue6936_b.proto", "0009-Bump-dav1d-sys.patch", "Router.swift",
                 "FrameworkAdapter.kt", "test.groovy"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        for tell in FOREIGN_SYNTAX:
            for match in tell.pattern.finditer(text):
                matched += 1
                assert tell.quick.search(match.group()), (name, tell.pattern.pattern, match.group())
    assert matched >= 12


def test_a_licence_header_and_a_dotted_package_line_is_not_go() -> None:
    # the first six lines of a real Kotlin file: all a window (or a small file) may hold
    window = lines_of("ExceptionLogger.kt", 0, 6)
    assert window.rstrip().endswith("package org.jetbrains.kotlin.codegen")
    assert foreign_syntax(window) == "jvm_package"
    assert LanguageClassifier().classify(window).language == "other"


def test_a_kotlin_interface_window_whose_functions_have_no_body_is_other() -> None:
    # lines 13-32: the interface's doc comment (with JavaScript in it) and `fun suite(name: String, ...)`, no `{`
    window = lines_of("FrameworkAdapter.kt", 12)
    assert "fun suite(name: String" in window and "package" not in window
    assert foreign_syntax(window) == "kotlin_parameters"
    # without the tell a script: the model's JavaScript, which its typed parameters (`name: String`) send to the
    # TypeScript parse (`TYPE_SYNTAX_HINT`)
    assert without_overrules().classify(window).language == "typescript"
    result = LanguageClassifier().classify(window)
    assert (result.language, result.evidence) == ("other", "content+foreign_syntax:kotlin_parameters")


def test_a_kotlin_function_whose_parameters_begin_on_the_next_line_is_foreign() -> None:
    window = "    @ReactMethod\n    fun stopResource(\n        key: String,\n        promise: Promise\n    ) {\n    }\n"
    assert foreign_syntax(window) == "kotlin_parameters"
    # TypeScript's and JavaScript's `function name(` and Go's `func name(` are not Kotlin's
    assert foreign_syntax("export function stopResource(\n  key: string,\n) {}\n") is None
    assert foreign_syntax("func stopResource(\n\tkey string,\n) {}\n") is None


def test_a_groovy_or_scala_def_with_a_brace_is_foreign_and_pythons_def_is_not() -> None:
    # the script part of a Groovy file from `def factorial(Integer value) {` on (above it `def product = new ...`,
    # Scala's `def name =` tell, decides first)
    window = lines_of("test.groovy", 54)
    assert window.startswith("def factorial(Integer value) {") and foreign_syntax(window) == "def_brace"
    assert foreign_syntax("  override def run() {\n    solve()\n  }\n") == "def_brace"
    assert foreign_syntax("def run(self):\n    return {}\n") is None


def test_a_php_window_without_its_php_line_is_other() -> None:
    """The body of a PHP interface, without its `<?php` line: braces, doc comments and `public`. (The model of
    round 2 called it Java and only the PHP tell kept it out; the model of round 3 says `other` by itself.)"""
    text = (FIXTURES / "SessionBagInterface.php").read_text(encoding="utf-8")
    window = lines_of("SessionBagInterface.php", text.splitlines().index("interface SessionBagInterface"))
    assert "<?php" not in window
    assert foreign_syntax(window) == "php"
    assert without_overrules().classify(window).language == "other"
    assert LanguageClassifier().classify(window).language == "other"


@pytest.mark.parametrize(
    ("name", "start", "language_of_the_code"),
    [
        ("new_types.md", 2, "rust"),  # prose, then a fenced Rust block
        ("new_types.md", 19, "rust"),  # Rust code, then the closing fence
        ("cover_pattern.txt", 22, "go"),  # Go sources joined by txtar markers (`-- go.mod --`)
    ],
)
def test_documents_that_hold_code_are_other(name: str, start: int, language_of_the_code: str) -> None:
    window = lines_of(name, start)
    assert doc_markup_lines(window)
    assert without_overrules().classify(window).language == language_of_the_code
    result = LanguageClassifier().classify(window)
    assert (result.language, result.evidence) == ("other", "content+doc_markup")


@pytest.mark.parametrize(
    ("name", "language"),
    [("wait_for_it.py", "python"), ("react_component.js", "javascript")],
)
def test_markup_inside_strings_or_jsx_stays_code(name: str, language: str) -> None:
    """HTML lines in a Python string and JSX lines in JavaScript fit their grammar: no document."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert len(doc_markup_lines(text)) >= 3
    result = LanguageClassifier().classify(text)
    assert result.language == language and "doc_markup" not in result.evidence


def reads_as_java(classifier: LanguageClassifier, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `classifier`'s model read every text as it reads a real Java program: the model of round 2 read PHP
    interface bodies as Java, the round-6 model reads every PHP, Kotlin, Scala, Swift, Lua and protobuf window of
    these fixtures as `other` by itself, so the veto's effect is shown on the ranking the older models gave."""
    java_prediction = classifier.model.predict((FIXTURES / "repeat.java.snippet").read_text(encoding="utf-8"))
    assert java_prediction.ranked()[0][0] == "java"
    monkeypatch.setattr(classifier.model, "predict_batch", lambda texts: [java_prediction] * len(texts))


@pytest.mark.parametrize("languages", [("java", "python"), None])
def test_foreign_syntax_overrules_a_model_that_reads_php_as_java(languages, monkeypatch: pytest.MonkeyPatch) -> None:
    """Syntax none of the seven writes makes the text `other` whatever the model says, for a classifier of a
    subset too (the veto is about the text, not the selection)."""
    kwargs = {"languages": languages} if languages else {}
    window = lines_of("SessionBagInterface.php", 25, 5)  # `public function getName();` and a doc comment
    classifier, plain = LanguageClassifier(**kwargs), LanguageClassifier(**kwargs)
    plain.FOREIGN_SYNTAX = ()
    reads_as_java(classifier, monkeypatch)
    reads_as_java(plain, monkeypatch)
    assert plain.classify(window).language == "java"
    assert classifier.classify(window).evidence == "content+foreign_syntax:php"
