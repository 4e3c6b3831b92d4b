"""JavaScript against TypeScript without TypeScript syntax: untyped parameters of declared functions
(`verify.parameter_types`, `LanguageClassifier.UNTYPED_PARAMETERS_MIN`, docs/langid.md step 7), and snippets read
at their best (a method cut out of its class). Hand-written code in the style of real projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix.langid import LanguageClassifier
from codemix.grammars import get_parser
from codemix.langid.verify import ParameterTypes, parameter_types, typescript_check

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"

# Every kind of function that noImplicitAny TypeScript must annotate, and every kind it need not.
MIXED = b"""export function formatPrice(amount, currency = 'EUR') {
  return new Intl.NumberFormat('de-DE', { style: 'currency', currency }).format(amount);
}
function* range(start, end) { for (let i = start; i < end; i++) yield i; }
const groupBy = (items, key) => items.reduce((groups, item) => groups, {});
const first = list => list[0];
const handler = async function (event) { return event.body; };
class Store {
  state = {};
  update = (patch) => Object.assign(this.state, patch);
  select(path) { return path.split('.').reduce((node, key) => node && node[key], this.state); }
  reset() { this.state = {}; }
}
export default function (options) { return new Store(options); }
app.get('/health', (req, res) => res.send('ok'));
items.forEach(function (item) { console.log(item); });
const routes = { index(req) { return req.url; }, show: function (req) { return req.params.id; } };
module.exports.parse = function (text) { return JSON.parse(text); };
function withDefaults({ retries = 3, timeout = 1000 } = {}) { return { retries, timeout }; }
"""

# A class a model trained on modern TypeScript reads as TypeScript (its share of the pair is above one half):
# ES module, class syntax, `??`, arrow callbacks. Its methods' parameters have no types: JavaScript.
EVENT_BUS = """export class EventBus {
  constructor() {
    this.listeners = new Map();
  }

  on(event, listener) {
    const listeners = this.listeners.get(event) ?? [];
    listeners.push(listener);
    this.listeners.set(event, listeners);
    return () => this.off(event, listener);
  }

  off(event, listener) {
    const listeners = this.listeners.get(event);
    if (!listeners) return;
    this.listeners.set(event, listeners.filter((l) => l !== listener));
  }
}
"""

# Methods cut out of their classes, as a snippet is: at the top level `render(a, b) {` parses as a call
# followed by a block (with errors); inside `class Snippet { }` it is a method.
JAVASCRIPT_METHOD = """render(writer, model) {
  if (model && model.fitToPage) {
    writer.leafNode(this.tag, {
      fitToPage: model.fitToPage ? '1' : undefined,
    });
    return true;
  }
  return false;
}
"""
TYPESCRIPT_SETTER = """/**
 * Set the orientation of the panel layout.
 */
set orientation(value: Orientation) {
  if (this._orientation === value) {
    return;
  }
  this._orientation = value;
  this.update();
}
"""


def test_parameter_types_counts_the_functions_typescript_must_annotate() -> None:
    tree = get_parser("typescript").parse(MIXED)
    counted = parameter_types(tree, "typescript", limit=100)
    # formatPrice, range, groupBy, first, handler, update, select, the default export: 8; not the callbacks
    # (`(groups, item) =>`, `(node, key) =>`, `(req, res) =>`, `function (item)`), the object literal's
    # methods, the assignment to module.exports, `reset()` (no parameter) or withDefaults (a default value)
    assert counted.implicit == 8
    assert counted.annotated == 0
    typed = b"export function formatPrice(amount: number, currency = 'EUR') { return amount; }\n"
    assert parameter_types(get_parser("typescript").parse(typed), "typescript").annotated == 1


def test_parameter_types_are_counted_only_where_no_typescript_syntax_is_found() -> None:
    assert typescript_check(MIXED).parameters.implicit == 3  # capped at `limit`
    typed = MIXED + b"interface Options { retries: number }\n"
    assert typescript_check(typed).parameters is None


def test_untyped_parameters_make_a_script_the_model_reads_as_typescript_javascript(monkeypatch: pytest.MonkeyPatch) -> None:
    """The round-5 model read EVENT_BUS as TypeScript by its style (ES module, class, `??`); the round-6 model reads
    it as JavaScript by itself, so its models are made to rank it as they rank a real TypeScript file."""
    classifier, without_rule = LanguageClassifier(), LanguageClassifier()
    without_rule.UNTYPED_PARAMETERS_MIN = 10**9
    typescript = classifier.model.predict((FIXTURES / "typed.ts").read_text(encoding="utf-8"))
    probability = dict(typescript.ranked())
    assert probability["typescript"] / (probability["typescript"] + probability["javascript"]) > 0.5
    for each in (classifier, without_rule):
        monkeypatch.setattr(each.model, "predict_batch", lambda texts: [typescript] * len(texts))
    result = classifier.classify(EVENT_BUS)
    assert (result.language, result.evidence) == ("javascript", "content+untyped_parameters")
    assert without_rule.classify(EVENT_BUS).language == "typescript"


def test_typescript_without_typescript_syntax_and_only_callbacks_is_not_turned_javascript() -> None:
    # Express handlers and an options object: every function is contextually typed, so strict TypeScript
    # writes them like this too, and the rule has nothing to say.
    text = b"""import express from 'express';
import { router } from './routes';

const app = express();
app.use(express.json());
app.use('/api', router);
app.get('/health', (req, res) => res.json({ status: 'ok' }));
app.listen(3000, () => console.log('listening'));
"""
    check = typescript_check(text)
    assert check.typescript_only_nodes == 0 and check.parameters.implicit == 0


@pytest.mark.parametrize(("text", "typescript_only", "bare_methods"), [(JAVASCRIPT_METHOD, 0, 1), (TYPESCRIPT_SETTER, 1, None)])
def test_a_method_snippet_is_read_inside_a_class(text: str, typescript_only: int, bare_methods: int | None) -> None:
    as_it_is = typescript_check(text.encode())
    assert not as_it_is.parse.clean  # a MISSING `;` after the call, or an ERROR node
    assert as_it_is.typescript_only_nodes == 0 and as_it_is.parameters == ParameterTypes(implicit=0, annotated=0)
    snippet = typescript_check(text.encode(), snippet=True)
    assert snippet.parse.clean
    assert min(snippet.typescript_only_nodes, 1) == typescript_only
    assert (snippet.parameters.bare_methods if snippet.parameters else None) == bare_methods


def test_a_bare_method_that_ends_with_a_comma_is_an_object_literal_member_and_not_counted() -> None:
    # cut out of `defineStore({ ... })` or `Effect.match({ ... })`: its context types its parameters
    member = JAVASCRIPT_METHOD.rstrip() + ",\n"
    assert typescript_check(member.encode(), snippet=True).parameters == ParameterTypes(implicit=0, annotated=0)
    # a function declared inside it still counts
    nested = member.replace("  return false;", "  const pick = (node, key) => node[key];\n  return false;")
    assert typescript_check(nested.encode(), snippet=True).parameters == ParameterTypes(implicit=1, annotated=0)


@pytest.mark.parametrize(("text", "language", "evidence"), [
    (JAVASCRIPT_METHOD, "javascript", "untyped_parameters"),
    (TYPESCRIPT_SETTER, "typescript", "typescript_syntax"),
])
def test_method_snippets_are_decided_by_their_parameters(text: str, language: str, evidence: str) -> None:
    classifier = LanguageClassifier()
    classifier.JAVASCRIPT_SURE_SHARE = 1.01  # always look at the syntax
    result = classifier.classify(text)
    assert result.language == language and result.evidence.endswith(evidence), result


@pytest.mark.parametrize("line", [
    b'import type { Request, Response } from "express";\n',
    b'export type { Options } from "./options";\n',
    b'import { type Plugin, definePlugin } from "./plugin";\n',
    b"class Cache {\n  readonly entries = new Map();\n}\n",
])
def test_typescript_only_keywords_are_typescript_syntax(line: bytes) -> None:
    assert typescript_check(line).typescript_only_nodes == 1


def test_javascript_names_that_are_typescript_keywords_are_not() -> None:
    text = b'import type from "./type";\nimport { type as kind, other } from "./kinds";\nconst readonly = true;\nexport { type, readonly };\n'
    assert typescript_check(text).typescript_only_nodes == 0


def test_untyped_parameters_contradict_a_model_sure_of_typescript_in_a_snippet() -> None:
    # no share of TypeScript skips a snippet's parse (round 5 skipped it from 0.9): the rule speaks whatever the model
    # says; a whole file the model is that sure of is not parsed (on the dev sets that changed nothing)
    classifier = LanguageClassifier()
    ranked = [("typescript", 0.97), ("javascript", 0.02), ("other", 0.01)]
    result = classifier._script_decision(EVENT_BUS, ranked, "content", snippet=True)
    assert (result.language, result.evidence) == ("javascript", "content+untyped_parameters")
    typed = EVENT_BUS.replace("on(event, listener)", "on(event: string, listener: () => void)")
    assert classifier._script_decision(typed, ranked, "content", snippet=True).language == "typescript"
    assert classifier._script_decision(EVENT_BUS, ranked, "content").evidence == "content"


# The end of a Vue 2 component's options (Vuetify style), cut as a 20-line window is: inside the props object.
COMPONENT_TAIL = """      type: String,
      default: '$checkboxOn',
    },
    size: {
      type: Number,
      default: 24,
    },
  },

  computed: {
    classes(): object {
      return {
        'v-icon--dense': this.dense,
        'v-icon--disabled': this.disabled,
      }
    },
  },
})
"""


def test_a_window_cut_inside_an_object_literal_is_read_as_the_value_that_holds_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Statement blocks (`balance_blocks`) read `key: value,` as errors; the window opened as a value (`_ = (`, `{`,
    `_: {`, ...) parses cleanly, and its TypeScript syntax (a method's return type) is then seen."""
    from codemix.langid import verify
    from codemix.langid.verify import balance_script_brackets

    held = balance_script_brackets(COMPONENT_TAIL)
    assert held == "_ = (\n{\n_: {\n_: {\n" + COMPONENT_TAIL
    assert not get_parser("typescript").parse(held.encode()).root_node.has_error
    assert balance_script_brackets("const a = [1, { b: '}' }]; // ) ]\n") is None  # strings and comments hold none
    assert balance_script_brackets("f(a, {\n  b: 1,\n") == "f(a, {\n  b: 1,\n})\n"
    check = typescript_check(COMPONENT_TAIL.encode(), snippet=True)
    assert check.parse.clean and check.typescript_only_nodes == 1
    # the same window in JavaScript: read cleanly, and nothing of TypeScript found in it
    javascript = COMPONENT_TAIL.replace("classes(): object {", "classes() {")
    read = typescript_check(javascript.encode(), snippet=True)
    assert read.parse.clean and read.typescript_only_nodes == 0
    # an object literal's method cut with the comma after it: read as the members of an object
    method = "render (h): VNode {\n  return h('span', { staticClass: 'v-badge' }, [getSlot(this)])\n},\n"
    assert balance_script_brackets(method) == "_ = {\n" + method + "}\n"
    assert typescript_check(method.encode(), snippet=True).typescript_only_nodes == 1
    monkeypatch.setattr(verify, "SCRIPT_VALUE_READING", False)
    assert typescript_check(method.encode(), snippet=True).typescript_only_nodes == 0
    unread = typescript_check(COMPONENT_TAIL.encode(), snippet=True)
    assert not unread.parse.clean and unread.typescript_only_nodes == 0


MIXIN = """import Vue from 'vue'
import { createRange } from './helpers'

export default Vue.extend({
  name: 'transitionable',

  props: {
    mode: String,
    origin: String,
    transition: String,
  },

  computed: {
    range () {
      return createRange(this.origin.length)
    },
  },
})
"""


def test_a_reference_to_a_typescript_module_decides_a_script_without_typescript_syntax() -> None:
    """Without TypeScript syntax or untyped parameters, an import of a `.ts` module or a `/// <reference>` directive
    makes the script TypeScript (train counts in `classifier._TYPESCRIPT_REFERENCE`); without one, the style does."""
    classifier = LanguageClassifier()
    plain = classifier.classify(MIXIN)
    assert plain.language == "javascript" and plain.evidence == "content+no_typescript_syntax"
    for referenced in (MIXIN.replace("'./helpers'", "'./helpers.ts'"),
                       '/// <reference types="vuetify" />\n' + MIXIN,
                       MIXIN + "export * from './helpers.mts'\n"):
        result = classifier.classify(referenced)
        assert result.language == "typescript" and result.evidence == "content+typescript_reference", referenced
    # a `.ts` in a string that is not a module specifier, or a `.js` module, is no reference
    for unreferenced in (MIXIN.replace("'transitionable'", "'transitionable.ts'"),
                         MIXIN.replace("'./helpers'", "'./helpers.js'")):
        assert classifier.classify(unreferenced).evidence != "content+typescript_reference"


# An index module of re-exports (as a geometry library's `index.mjs` is): no TypeScript syntax, no functions.
REEXPORTS = """// Geometry library.
// -----------------

export * from './bezier';
export * from './curve';
export * from './ellipse';
export * from './line';
export * from './polyline';
export * from './rect';

export * as intersection from './intersection';
"""


def test_a_reference_to_a_mjs_or_cjs_module_makes_a_script_without_typescript_syntax_javascript() -> None:
    """Round 13: without TypeScript syntax, untyped parameters or a TypeScript module reference, an import of a `.mjs`
    or `.cjs` module makes the script JavaScript (train counts in `classifier._JAVASCRIPT_REFERENCE`); a `.js` module
    does not (TypeScript imports name the JavaScript they compile to), and a `.ts` reference wins over it."""
    classifier = LanguageClassifier()
    plain = classifier.classify(REEXPORTS)
    assert plain.language == "typescript" and plain.evidence == "content+no_typescript_syntax"
    for extension in ("mjs", "cjs"):
        referenced = REEXPORTS.replace("';", f".{extension}';")
        result = classifier.classify(referenced)
        assert result.language == "javascript" and result.evidence == "content+javascript_reference", referenced
    assert classifier.classify(REEXPORTS.replace("';", ".js';")).evidence != "content+javascript_reference"
    both = REEXPORTS.replace("'./bezier'", "'./bezier.mjs'").replace("'./curve'", "'./curve.ts'")
    assert classifier.classify(both).evidence == "content+typescript_reference"
    classifier.JAVASCRIPT_REFERENCE = False
    assert classifier.classify(REEXPORTS.replace("';", ".mjs';")).language == "typescript"
