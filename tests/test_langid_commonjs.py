"""Two round-21 readings of JavaScript against TypeScript without TypeScript syntax (docs/langid.md, *How a label is
decided*): CommonJS lines (`require("x")`, `module.exports`, `exports.name =`) make a script JavaScript
(`classifier._COMMONJS`, `LanguageClassifier.COMMONJS`), and a window cut inside a doc comment is read with the
comment opened (`verify.typescript_check`). On real files (tests/fixtures/langid/abort_hooks.js, Node.js's test
fixture, and materialize_chips.js, Materialize's chips component; see PROVENANCE.md) and on hand-written lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix.langid import LanguageClassifier
from codemix.langid.classifier import _COMMONJS
from codemix.langid.verify import typescript_check

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"


def classifier(*, commonjs: bool) -> LanguageClassifier:
    result = LanguageClassifier()
    result.COMMONJS = commonjs
    return result


def first_lines(name: str, count: int = 20, *, start: int = 0, drop: str = "") -> str:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    if drop:
        assert drop in text
        text = text.replace(drop, "", 1)
    return "".join(text.splitlines(keepends=True)[start : start + count])


def test_a_require_call_makes_a_window_the_model_reads_as_typescript_javascript() -> None:
    # abort_hooks.js without its `'use strict'` directive (which would decide first): a `require` of node:test, then
    # arrow functions without parameters, nothing typed; the model's style reads it as TypeScript
    window = first_lines("abort_hooks.js", drop="'use strict';\n")
    without = classifier(commonjs=False).classify(window)
    assert (without.language, without.evidence) == ("typescript", "content+no_typescript_syntax")
    result = classifier(commonjs=True).classify(window)
    assert (result.language, result.evidence) == ("javascript", "content+commonjs")


def test_the_directive_decides_before_the_commonjs_lines() -> None:
    result = classifier(commonjs=True).classify(first_lines("abort_hooks.js"))
    assert (result.language, result.evidence) == ("javascript", "content+use_strict")


def test_typescript_syntax_decides_before_a_require() -> None:
    text = "const fs = require('fs');\n\nexport function size(path: string): number {\n  return fs.statSync(path).size;\n}\n"
    result = classifier(commonjs=True).classify(text)
    assert result.language == "typescript" and result.evidence.endswith("typescript_syntax")


@pytest.mark.parametrize("line", [
    "const { before, it } = require('node:test');",
    'var path = require("path")',
    "  lib: require('./lib'),",
    "module.exports = Router;",
    "module.exports.handler = handler;",
    "exports.parse = function parse(text) {",
])
def test_commonjs_lines_match(line: str) -> None:
    assert _COMMONJS.search(f"// a module\n{line}\n")


@pytest.mark.parametrize("line", [
    "if (exports.parse === undefined) {}",  # a comparison, not an export
    "const required = requireAll(modules);",
    "print('require(\"x\")')",  # inside a string, after a quote
    "local json = require 'json'",  # Lua without parentheses
])
def test_other_lines_do_not(line: str) -> None:
    assert not _COMMONJS.search(f"{line}\n")


def test_a_window_cut_inside_a_doc_comment_is_read_with_the_comment_opened() -> None:
    # Materialize's chips.js from the line that closes the doc comment of `static _handleChipsBlur(e)`: read as it
    # is, the grammar takes the comment's remains for code and finds TypeScript-only syntax where there is none and
    # no method; read with the comment opened, the method's untyped parameter is seen
    window = first_lines("materialize_chips.js", start=230)
    assert window.lstrip().startswith("*/") and "static _handleChipsBlur(e) {" in window
    as_it_is = typescript_check(window.encode("utf-8"), snippet=False)
    assert as_it_is.typescript_only_nodes > 0
    mended = typescript_check(window.encode("utf-8"), snippet=True)
    assert mended.typescript_only_nodes == 0
    assert mended.parameters is not None and mended.parameters.bare_methods >= 1
    result = LanguageClassifier().classify(window)
    assert (result.language, result.evidence) == ("javascript", "content+untyped_parameters")
