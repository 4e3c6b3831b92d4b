"""Two round-24 readings of JavaScript windows (docs/langid.md, *How a label is decided*): a script window cut inside
a call's arguments is read as the value that holds it in every close call (`verify.SCRIPT_VALUE_READING`), and an AMD
module definition (`define([`, `sap.ui.define([`, `require([`) makes a text JavaScript (`classifier._AMD_MODULE`,
`LanguageClassifier.AMD_MODULE`). On real files (tests/fixtures/langid/snapsvg_align.js, Snap.svg's align plugin, and
openui5_p13n_container.js, OpenUI5's personalization container; see PROVENANCE.md) and on hand-written lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix.langid import LanguageClassifier, verify
from codemix.langid.classifier import _AMD_MODULE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"


def first_lines(name: str, count: int = 20) -> str:
    return "".join((FIXTURES / name).read_text(encoding="utf-8").splitlines(keepends=True)[:count])


def test_a_window_cut_inside_a_call_parses_as_the_value_that_holds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Snap.svg's align.js: a `//` licence header, then `Snap.plugin(function (...) {` and a `var` list, cut before the
    # function closes; closing the braces alone leaves the call's parenthesis open, a third of the bytes in ERROR
    window = first_lines("snapsvg_align.js").encode("utf-8")
    assert verify.snippet_parse_check(window, "javascript").clean
    assert not verify.snippet_parse_check(window, "go").clean
    monkeypatch.setattr(verify, "SCRIPT_VALUE_READING", False)
    without = verify.snippet_parse_check(window, "javascript")
    assert without.error_fraction > 0.2


def test_the_close_call_then_reads_the_window_as_javascript(monkeypatch: pytest.MonkeyPatch) -> None:
    # the model puts Go on top (its `//` comment lines and `var` list), JavaScript second
    window = first_lines("snapsvg_align.js")
    ranked = LanguageClassifier().model.predict(window).ranked()
    assert [label for label, _ in ranked[:2]] == ["go", "javascript"]
    result = LanguageClassifier().classify(window)
    assert (result.language, result.evidence) == ("javascript", "content+parse")
    monkeypatch.setattr(verify, "SCRIPT_VALUE_READING", False)
    assert LanguageClassifier().classify(window).language == "go"


def test_an_amd_module_under_a_licence_header_is_javascript() -> None:
    # OpenUI5's `sap.ui.define([` with its module list under SAP's licence header: the model is unsure (Go on top);
    # the close call alone leaves it to `other`
    window = first_lines("openui5_p13n_container.js")
    with_rule = LanguageClassifier()
    result = with_rule.classify(window)
    assert (result.language, result.evidence) == ("javascript", "content+amd_module")
    assert result.confidence >= with_rule.NAMED_FILE_CONFIDENCE
    without = LanguageClassifier()
    without.AMD_MODULE = False
    assert without.classify(window).language == "other"


def test_typescript_syntax_decides_before_an_amd_definition() -> None:
    text = 'define(["./util"], (util) => {\n  const size: number = util.size();\n  return size;\n});\n'
    result = LanguageClassifier().classify(text)
    assert result.language == "typescript" and result.evidence.endswith("typescript_syntax")


@pytest.mark.parametrize("line", [
    'sap.ui.define([\n\t"sap/m/Button",',
    "define(['jquery', './widget'], function ($, widget) {",
    'define("app/main", ["./a"], function (a) {',
    "define([], function () {",
    "require(['app/main'], function (main) {",
    "  define([\n",
])
def test_amd_lines_match(line: str) -> None:
    assert _AMD_MODULE.search(f"// a module\n{line}\n")


@pytest.mark.parametrize("line", [
    "define(x, [1, 2])",  # a call with an array second, not a module name
    "self.define([a, b])",  # an array of names, not of modules
    "#define ARRAY [",  # C's preprocessor
    "x = define([1])",  # not on a line of its own
])
def test_other_lines_do_not(line: str) -> None:
    assert not _AMD_MODULE.search(f"{line}\n")
