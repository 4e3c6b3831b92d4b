"""Syntax only one language writes, in a clean parse, overrules a weak `other` (`OWN_SYNTAX_OVER_OTHER`), and a clean
parse of the code under a licence header backs an unsure second look (`CODE_WITHOUT_COMMENTS_PARSED_MIN`).

The model's ranking is fixed here (a weak `other`, 0.55 against 0.45 for one language, before `OTHER_PRIOR`): the
shipped model reads these short texts one way or the other depending on its training, and the rule is about what
the grammar adds once the model has left `other` on top of a close call."""

from __future__ import annotations

import numpy as np
import pytest

from codemix import OTHER
from codemix.langid import LanguageClassifier
from codemix.langid.model import ContentPrediction


def weak_other_over(classifier: LanguageClassifier, language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    labels = classifier.model.predict("x = 1\n").labels
    probabilities = np.zeros(len(labels))
    probabilities[labels.index(OTHER)] = 0.55
    probabilities[labels.index(language)] = 0.45
    prediction = ContentPrediction(labels, probabilities, known_features=10)
    monkeypatch.setattr(classifier.model, "predict_batch", lambda texts: [prediction] * len(texts))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a file of nothing but its package line and an import (Java's `package-info`-like stubs)
        ("java", "package org.acme.util;\n\nimport java.util.List;\n"),
        ("csharp", "using System;\n\nnamespace Acme.Util\n{\n}\n"),
        # generated TypeScript that is one enum (FlatBuffers writes a file per enum)
        ("typescript", "// automatically generated, do not modify\n\nexport enum DateUnit {\n  DAY = 0,\n  MILLISECOND = 1\n}\n"),
        # round 21: Python's, Go's and Rust's own syntax
        ("python", "import os\n\n\ndef main():\n    print(os.getcwd())\n"),
        ("go", "type Unit int\n\nfunc (u Unit) String() string {\n\treturn \"unit\"\n}\n"),
        ("rust", "use std::fmt;\n\nimpl fmt::Display for Unit {\n    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {\n"
                 "        write!(f, \"unit\")\n    }\n}\n"),
    ],
)
def test_own_syntax_in_a_clean_parse_takes_a_piece_from_a_weak_other(language: str, text: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    classifier = LanguageClassifier()
    weak_other_over(classifier, language, monkeypatch)
    result = classifier.classify(text)
    assert (result.language, result.evidence) == (language, f"content+parse+{language}_syntax")
    without = LanguageClassifier()
    without.OWN_SYNTAX_OVER_OTHER = False
    weak_other_over(without, language, monkeypatch)
    assert without.classify(text).language == OTHER


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("java", "count = count + 1;\n"),  # parses cleanly, but every C-family language writes it
        ("java", "import os\nprint(os.name)\n"),  # an import, in a parse with errors
        ("typescript", "const unit = 'day';\nexport default unit;\n"),  # JavaScript as much as TypeScript
        ("python", "name: codemix\nversion: 1\n"),  # YAML that Python's grammar reads as annotated names
        ("go", "package org\n\nimport scala.util.Try\n"),  # Scala's package line is Go's too; its import is not
        ("go", "func greet() {\n}\n"),  # Swift writes a `func` as Go does: not Go's own
        ("rust", "x = f(y);\n"),  # no syntax of Rust's own
    ],
)
def test_a_weak_other_stays_without_syntax_of_its_own(language: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    classifier = LanguageClassifier()
    weak_other_over(classifier, language, monkeypatch)
    assert classifier.classify(text).language == OTHER


APACHE_HEADER = "".join(f"# {line}\n" if line else "#\n" for line in (
    "Licensed to the Apache Software Foundation (ASF) under one or more",
    "contributor license agreements.  See the NOTICE file distributed with",
    "this work for additional information regarding copyright ownership.",
    "The ASF licenses this file to You under the Apache License, Version 2.0",
    '(the "License"); you may not use this file except in compliance with',
    "the License.  You may obtain a copy of the License at",
    "",
    "    http://www.apache.org/licenses/LICENSE-2.0",
    "",
    "Unless required by applicable law or agreed to in writing, software",
    'distributed under the License is distributed on an "AS IS" BASIS,',
    "WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.",
    "See the License for the specific language governing permissions and",
    "limitations under the License.",
)) + "\n"


def header_then_unsure(classifier: LanguageClassifier, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model reads the whole text (a licence header over a few lines of code) as `other`, and the code left
    without the comments as Python at 0.75 (0.55 after OTHER_PRIOR): below CODE_WITHOUT_COMMENTS_MIN, above
    CODE_WITHOUT_COMMENTS_PARSED_MIN."""
    labels = classifier.model.predict("x = 1\n").labels

    def prediction(shares: dict[str, float]) -> ContentPrediction:
        probabilities = np.zeros(len(labels))
        for label, share in shares.items():
            probabilities[labels.index(label)] = share
        return ContentPrediction(labels, probabilities, known_features=10)

    def predict_batch(texts: list[str]) -> list[ContentPrediction]:
        return [prediction({OTHER: 0.95, "python": 0.05}) if "Licensed" in text else prediction({"python": 0.75, OTHER: 0.25})
                for text in texts]

    monkeypatch.setattr(classifier.model, "predict_batch", predict_batch)


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("import sys\nimport re\n\nlink = re.compile('<a.*?>(.*?)</a>', re.IGNORECASE)\n", "python"),  # parses: Python
        ("export PATH=/usr/local/bin:$PATH\nset -e\ncd \"$(dirname \"$0\")\"\n", OTHER),  # shell: no clean Python parse
    ],
)
def test_a_second_look_takes_an_unsure_language_whose_grammar_parses_the_code(code: str, language: str,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    classifier = LanguageClassifier()
    header_then_unsure(classifier, monkeypatch)
    result = classifier.classify(APACHE_HEADER + code)
    assert result.language == language
    if language != OTHER:
        assert result.evidence.startswith("content+without_comments")
    model_only = LanguageClassifier()
    model_only.CODE_WITHOUT_COMMENTS_PARSED_MIN = 1.01  # the model's 0.55 alone does not reach CODE_WITHOUT_COMMENTS_MIN
    header_then_unsure(model_only, monkeypatch)
    assert model_only.classify(APACHE_HEADER + code).language == OTHER
