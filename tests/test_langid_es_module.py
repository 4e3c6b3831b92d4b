"""A text whose code imports or re-exports an ES module is JavaScript or TypeScript where the model is not sure of
another language (docs/langid.md, *How a label is decided*; `classifier._ES_MODULE_IMPORT`). On a real file
(tests/fixtures/langid/flv_logger.js, flv.js's logger, see PROVENANCE.md) and on hand-written lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix.langid import LanguageClassifier
from codemix.langid.classifier import _ES_MODULE_IMPORT
from codemix.langid.rules import path_hint

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"


def classifier(*, es_module_import: bool) -> LanguageClassifier:
    result = LanguageClassifier()
    result.ES_MODULE_IMPORT = es_module_import
    return result


def test_a_licence_header_over_an_import_is_a_script_and_without_the_rule_it_is_not() -> None:
    text = (FIXTURES / "flv_logger.js").read_text(encoding="utf-8")
    window = "".join(text.splitlines(keepends=True)[:20])  # the header, a blank line and `import EventEmitter ...`
    assert classifier(es_module_import=False).classify(window).language == "java"
    result = classifier(es_module_import=True).classify(window)
    assert result.language == "javascript"
    assert result.evidence.startswith("content+es_module+")
    assert result.confidence >= LanguageClassifier.NAMED_FILE_CONFIDENCE
    # the whole file, whose code the model reads, is JavaScript either way, and the rule is not what decides it
    whole = classifier(es_module_import=True).classify(text)
    assert whole.language == "javascript" and "es_module" not in whole.evidence


@pytest.mark.parametrize("line", [
    'import EventEmitter from "events";',
    "import * as fastFile from 'fastfile';",
    'import { a, b as c } from "./module.js";',
    'import {\n    first,\n    second,\n} from "../lib";',
    'import React, { useState } from "react"',
    'import type { Options } from "./options";',
    'export * from "./curves.js";',
    'export * as intersection from "./intersection.mjs";',
    'export { default as fullProve } from "./groth16_fullprove.js";',
])
def test_es_module_imports_and_re_exports_match(line: str) -> None:
    assert _ES_MODULE_IMPORT.search(f"// a module\n{line}\n\nconst x = 1;\n")


@pytest.mark.parametrize("line", [
    'import "fmt"',  # Go (and Protocol Buffers, Dart: a bare specifier)
    "import 'package:flutter/material.dart';",  # Dart
    'import {Ownable} from "./access/Ownable.sol";',  # Solidity writes the same form, of .sol files
    "from os import path",  # Python
    "import java.util.List;",  # Java, Kotlin, Scala
    'const x = require("x");',  # CommonJS: the script decision reads it, this rule does not
    'print("import a from \'b\'")',  # not on a line of its own
])
def test_other_imports_do_not_match(line: str) -> None:
    assert not _ES_MODULE_IMPORT.search(f"{line}\n")


def test_an_import_inside_a_comment_is_not_code() -> None:
    # the fixture's first 20 lines with the import line inside a block comment of its own (no `*` before it, so the
    # line alone looks like an import): nothing but comments, which the rule does not read
    lines = (FIXTURES / "flv_logger.js").read_text(encoding="utf-8").splitlines(keepends=True)[:20]
    commented = "".join("/*\n" + line + "*/\n" if line.startswith("import ") else line for line in lines)
    assert _ES_MODULE_IMPORT.search(commented)
    result = LanguageClassifier().classify(commented)
    assert "es_module" not in result.evidence
    assert result.language == classifier(es_module_import=False).classify(commented).language


COMPONENT_WINDOW = """    </div>
</template>

<script lang="ts">
import { defineComponent } from 'vue'
import BPagination from '../pagination/Pagination.vue'

export default defineComponent({
    name: 'BTablePagination',
})
"""

MARKDOWN_WINDOW = """## Usage

```js
import { compress } from 'image-compressor'

const result = await compress(uri)
```
"""


@pytest.mark.parametrize("text", [COMPONENT_WINDOW, MARKDOWN_WINDOW])
def test_a_component_or_a_document_that_shows_imports_is_left_to_the_model(text: str) -> None:
    # decided on a ranking that puts `other` on top below the verify threshold, whatever the model says of these texts
    clf = LanguageClassifier()
    ranked = [("other", 0.6), ("typescript", 0.3), ("javascript", 0.1)]
    decide = clf._module_import_decision
    hint = path_hint(None, text)
    assert decide(text, hint, ranked, "content", verify_below=0.9, snippet=True) is None
    # the same code without its markup is a script
    code = "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith(("<", "</", "```")))
    decided = decide(code, hint, ranked, "content", verify_below=0.9, snippet=True)
    assert decided is not None and decided.language in ("javascript", "typescript")
    assert decided.evidence.startswith("content+es_module+")
    # a model sure of `other` is left alone too
    assert decide(code, hint, [("other", 0.95), ("typescript", 0.05)], "content", verify_below=0.9, snippet=True) is None


def test_a_ranking_without_weight_on_either_script_is_left_to_the_model() -> None:
    # the script decision reads the TypeScript share of the pair: with no weight on either (float underflow) the rule
    # stays silent instead of dividing by zero
    text = 'import x from "y";\nfoo();\n'
    ranked = [("java", 0.6), ("other", 0.4), ("javascript", 0.0), ("typescript", 0.0)]
    decide = LanguageClassifier()._module_import_decision
    assert decide(text, path_hint(None, text), ranked, "content", verify_below=0.9, snippet=True) is None
    some_weight = [("java", 0.6), ("other", 0.3), ("typescript", 0.07), ("javascript", 0.03)]
    assert decide(text, path_hint(None, text), some_weight, "content", verify_below=0.9, snippet=True) is not None
