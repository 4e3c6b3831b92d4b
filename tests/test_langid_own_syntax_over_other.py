"""Syntax only one language writes, in a clean parse, overrules a weak `other` (`OWN_SYNTAX_OVER_OTHER`).

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
    ],
)
def test_a_weak_other_stays_without_syntax_of_its_own(language: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    classifier = LanguageClassifier()
    weak_other_over(classifier, language, monkeypatch)
    assert classifier.classify(text).language == OTHER
