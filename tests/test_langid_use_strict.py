"""A `'use strict'` directive line makes a script JavaScript (docs/langid.md, *How a label is decided*, the script
decision; `classifier._USE_STRICT`). On a real file (tests/fixtures/langid/abort_hooks.js, Node.js's test-runner
fixture, see PROVENANCE.md) and on hand-written text in the style of real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix.langid import LanguageClassifier
from codemix.langid.classifier import _USE_STRICT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"

# The start of a file whose licence header fills most of a 20-line window: the directive is all the code there is.
HEADER_THEN_DIRECTIVE = """// Licensed to the Warehouse Project Authors under one or more contributor
// license agreements. See the NOTICE file distributed with this work for
// additional information regarding copyright ownership. The authors license
// this file to you under the Apache License, Version 2.0 (the "License"); you
// may not use this file except in compliance with the License. You may obtain
// a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
// WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
// License for the specific language governing permissions and limitations
// under the License.

'use strict'

/**
 * Counts the items of a warehouse.
"""


def classifier(*, use_strict: bool) -> LanguageClassifier:
    result = LanguageClassifier()
    result.USE_STRICT = use_strict
    result.COMMONJS = False  # the fixture's `require` line would make it JavaScript too (test_langid_commonjs.py)
    return result


def test_a_real_test_file_the_model_reads_as_typescript_is_javascript_by_its_directive() -> None:
    text = (FIXTURES / "abort_hooks.js").read_text(encoding="utf-8")
    window = "".join(text.splitlines(keepends=True)[:20])
    for piece in (text, window):  # the whole file (which the model is sure of) and its first 20 lines
        assert classifier(use_strict=False).classify(piece).language == "typescript"
        result = classifier(use_strict=True).classify(piece)
        assert (result.language, result.evidence) == ("javascript", "content+use_strict")


def test_a_licence_header_then_the_directive_is_javascript() -> None:
    result = LanguageClassifier().classify(HEADER_THEN_DIRECTIVE)
    assert (result.language, result.evidence) == ("javascript", "content+use_strict")
    assert result.confidence == LanguageClassifier.NAMED_FILE_CONFIDENCE


def test_typescript_syntax_decides_before_the_directive() -> None:
    text = "'use strict';\nlet count: number = 0;\nexport function add(step: number): number {\n  count += step;\n  return count;\n}\n"
    result = LanguageClassifier().classify(text)
    assert (result.language, result.evidence) == ("typescript", "content+typescript_syntax")


@pytest.mark.parametrize("line", ["'use strict'", '"use strict";', "  'use strict';  "])
def test_the_directive_is_a_line_of_its_own(line: str) -> None:
    assert _USE_STRICT.search(f"// header\n{line}\nconst a = 1\n")


@pytest.mark.parametrize(
    "text",
    [
        "const mode = 'use strict';\n",  # a string, not a directive
        " * 'use strict' is implied in modules\n",  # a doc comment's line
        "'use strict' + suffix\n",
        "'use strict\"\n",  # mismatched quotes
    ],
)
def test_strings_and_comments_that_mention_it_are_not_the_directive(text: str) -> None:
    assert _USE_STRICT.search(text) is None


def test_a_path_decides_before_the_directive() -> None:
    # the path's extension names the language; the directive does not overrule it
    result = LanguageClassifier().classify(HEADER_THEN_DIRECTIVE.encode(), path="src/count.ts")
    assert (result.language, result.evidence.split(";")[0]) == ("typescript", "extension+parse")
