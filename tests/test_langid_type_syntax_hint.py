"""The round-27 type-syntax hint (docs/langid.md, *How a label is decided*): a text the content model is sure is
JavaScript skips the TypeScript parse (`LanguageClassifier.JAVASCRIPT_SURE_SHARE`) unless its code shows type syntax
(`classifier._TYPE_SYNTAX_HINT`, `LanguageClassifier.TYPE_SYNTAX_HINT`); then the parse decides. On a real file
(tests/fixtures/langid/eggjs_development_agent.ts, egg's development plugin; see PROVENANCE.md) and on hand-written
lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix.langid import LanguageClassifier
from codemix.langid.classifier import _TYPE_SYNTAX_HINT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"
AGENT = (FIXTURES / "eggjs_development_agent.ts").read_text(encoding="utf-8")


def typescript_share(text: str) -> float:
    probability_of = dict(LanguageClassifier().model.predict(text).ranked())
    return probability_of["typescript"] / (probability_of["typescript"] + probability_of["javascript"])


def test_a_typescript_file_the_model_is_sure_is_javascript_is_typescript_by_its_type_syntax() -> None:
    classifier = LanguageClassifier()
    assert 1.0 - typescript_share(AGENT) >= classifier.JAVASCRIPT_SURE_SHARE  # the model alone: JavaScript
    result = classifier.classify(AGENT)
    assert (result.language, result.evidence) == ("typescript", "content+typescript_syntax")
    # its first 20 lines, a window: the same
    window = "".join(AGENT.splitlines(keepends=True)[:20])
    assert LanguageClassifier().classify(window).language == "typescript"


def test_without_the_hint_the_model_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LanguageClassifier, "TYPE_SYNTAX_HINT", False)
    result = LanguageClassifier().classify(AGENT)
    assert (result.language, result.evidence) == ("javascript", "content")


def test_a_window_without_type_syntax_stays_with_the_model() -> None:
    # lines 13-32 of the same file, `didLoad`'s body: no type syntax in them, so no parse, and the model's JavaScript
    # stands (TypeScript written without its syntax is what the hint cannot see)
    window = "".join(AGENT.splitlines(keepends=True)[12:32])
    assert not _TYPE_SYNTAX_HINT.search(window)
    assert 1.0 - typescript_share(window) >= LanguageClassifier.JAVASCRIPT_SURE_SHARE
    result = LanguageClassifier().classify(window)
    assert (result.language, result.evidence) == ("javascript", "content")


@pytest.mark.parametrize("line", [
    "export default class AgentBoot implements ILifecycleBoot {",
    "  #agent: EggCore;",
    "export function routeRegex(regex: RegExp, location: Location) {",
    "import type { A } from 'b';",
    "interface Options {",
    "type Handler = (event: Event) => void;",
    "  private readonly cache = new Map();",
    "const limit: number = 10;",
    "  upload : XMLHttpRequestEventTarget = new XMLHttpRequestEventTarget();",
    "const code = (err as ExecError).code;",
    "const values = [1, 2] as const;",
    "graph.entity<osmWay>(member.id)",
    "const cache = new Map<string, number>();",
    "return element!.value;",
    "(<any>node).index = i;",
    "function next(callback: () => void) {",
])
def test_type_syntax_lines_match(line: str) -> None:
    assert _TYPE_SYNTAX_HINT.search(line)


@pytest.mark.parametrize("line", [
    "const options = { retries: 3, handler: onEvent };",
    "const value = ready ? first : second;",
    "function next(callback, delay) {",
    "import { readFile as read } from 'node:fs';",
    "if (a != b && !done) {",
    "case 'json': return parse(text);",
    "export default { key: (value) => value };",
    "return <div className=\"card\">{title}</div>;",
])
def test_javascript_lines_do_not(line: str) -> None:
    assert not _TYPE_SYNTAX_HINT.search(line)
