"""The two calibrated thresholds of docs/langid.md, on real programs (HumanEval-X's Go and C++, a build config):
`OTHER_PRIOR` multiplies the odds of `other` for path-less text, and `TYPESCRIPT_STYLE_SHARE` decides a script
without TypeScript-only syntax by the model's TypeScript share of the JavaScript/TypeScript pair."""

from __future__ import annotations

from pathlib import Path

import pytest
from langid_fixtures import humaneval_programs

from codemix import OTHER
from codemix.langid import LanguageClassifier


@pytest.fixture(scope="module")
def classifier() -> LanguageClassifier:
    return LanguageClassifier()


def typescript_share(classifier: LanguageClassifier, text: str) -> float:
    probability = dict(classifier.model.predict(text).ranked())
    return probability.get("typescript", 0.0) / (probability.get("typescript", 0.0) + probability.get("javascript", 0.0))


def test_the_shipped_thresholds_are_the_ones_the_docs_give() -> None:
    assert LanguageClassifier.OTHER_PRIOR == 2.5
    assert LanguageClassifier.TYPESCRIPT_STYLE_SHARE == 0.6


def test_other_prior_multiplies_the_odds_of_other_and_renormalises(classifier: LanguageClassifier,
                                                                    fixtures_dir: Path) -> None:
    for text in humaneval_programs(fixtures_dir, "other", limit=3) + humaneval_programs(fixtures_dir, "go", limit=3):
        prediction = classifier.model.predict(text)
        p_other = sum(p for label, p in prediction.ranked() if label == OTHER or label.startswith(f"{OTHER}:"))
        ranking = dict(classifier._allowed_ranking(prediction, ()))
        prior = classifier.OTHER_PRIOR
        assert prior != 1.0
        assert ranking[OTHER] == pytest.approx(prior * p_other / (prior * p_other + 1.0 - p_other))
        plain = LanguageClassifier()
        plain.OTHER_PRIOR = 1.0
        assert dict(plain._allowed_ranking(prediction, ()))[OTHER] == pytest.approx(p_other)


def test_a_script_without_typescript_syntax_is_typescript_from_the_style_share_up(classifier: LanguageClassifier) -> None:
    # A build config (hand-written in the style of real ones) that neither TypeScript syntax nor an untyped declared
    # function places: the model's TypeScript share of the pair decides (the model is unsure of it: 0.2-0.8).
    text = """import { defineConfig } from 'vitest/config';
import { resolve } from 'path';

export default defineConfig({
  resolve: {
    alias: {
      '@': resolve(__dirname, './src'),
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/setupTests.ts'],
    coverage: { reporter: ['text', 'html'] },
  },
});
"""
    share = typescript_share(classifier, text)
    assert 0.2 < share < 0.8
    for threshold, expected in ((share - 0.01, "typescript"), (share + 0.01, "javascript")):
        tuned = LanguageClassifier()
        tuned.TYPESCRIPT_STYLE_SHARE = threshold
        result = tuned.classify(text)
        assert (result.language, result.evidence) == (expected, "content+no_typescript_syntax")
