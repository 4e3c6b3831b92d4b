"""A window cut inside a block comment (a licence header, a doc comment): read with the comment closed
(`verify.close_block_comments`, docs/langid.md step 7, *Snippets*). Hand-written text in the style of real files."""

from __future__ import annotations

from codemix.langid import LanguageClassifier
from codemix.langid.verify import close_block_comments, parse_check, snippet_parse_check

# The first 20 lines of a file whose licence header runs longer: the window ends inside it.
HEADER_START = """/*
 * Copyright (C) 2014 The Warehouse Project Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
"""
# A window from the middle of a class: a doc comment's end, then code.
DOC_COMMENT_END = """     * @param warehouse the warehouse to count
     * @return the count of every item it holds
     */
    public Map<String, Integer> counts(String warehouse) {
        Map<String, Integer> counts = new HashMap<>();
        for (Item item : stock.get(warehouse)) {
            counts.merge(item.name(), 1, Integer::sum);
        }
        return counts;
    }
"""


def test_a_window_cut_inside_a_block_comment_parses_once_the_comment_is_closed() -> None:
    for text in (HEADER_START, DOC_COMMENT_END):
        data = text.encode()
        assert not parse_check(data, "java").clean
        assert snippet_parse_check(data, "java").clean
    assert close_block_comments(HEADER_START, "java").endswith("\n*/\n")
    assert close_block_comments(DOC_COMMENT_END, "java").startswith("/*\n")


def test_only_delimiters_where_a_comment_puts_them_count() -> None:
    # balanced comments: nothing to close
    assert close_block_comments("/* a */\nint x = 1;\n", "java") is None
    # a glob in a string opens no comment: the opener does not start a line
    assert close_block_comments('const files = glob("src/**/*.ts");\nrun(files);\n', "typescript") is None
    # a closer followed by code on its line is not the end of a comment's own lines
    assert close_block_comments("x */ y;\n", "java") is None
    # Python has no block comments (its long strings are `close_long_strings`'s)
    assert close_block_comments("/*\n", "python") is None


def test_a_file_prefix_is_not_read_with_a_comment_closed() -> None:
    # a whole file's prefix cannot begin inside a comment; closing one it leaves open would turn the rest into one
    data = HEADER_START.encode()
    assert not snippet_parse_check(data, "java", snippet=False).clean


def test_the_closed_reading_lets_the_model_decide_a_close_call() -> None:
    classifier = LanguageClassifier()
    data = HEADER_START.encode()
    # a licence header's ranking after the `other` prior: Java ahead, but not sure
    candidates = [("java", 0.55), ("other", 0.45)]
    assert classifier._close_call(data, candidates, snippet=True)[0] == "java"
    # and when the model puts `other` ahead, the clean reading does not overrule it
    assert classifier._close_call(data, [("other", 0.55), ("java", 0.45)], snippet=True)[0] == "other"


def test_a_comment_only_snippet_reads_its_closed_comment_first_with_the_same_check(monkeypatch) -> None:
    """`comment_only`: the grammars' error recovery over a licence's prose is skipped, the check is the one the full
    search finds (for a grammar the closed comment does not suit, the full search runs)."""
    from codemix.langid import verify

    parses: list[str] = []
    real_parse_within = verify.parse_within

    def counting_parse_within(grammar, data, *args, **kwargs):
        parses.append(grammar)
        return real_parse_within(grammar, data, *args, **kwargs)

    monkeypatch.setattr(verify, "parse_within", counting_parse_within)
    data = HEADER_START.encode()
    for language in ("java", "javascript", "csharp", "go", "rust", "python"):
        parses.clear()
        searched = snippet_parse_check(data, language)
        searched_parses = len(parses)
        parses.clear()
        assert snippet_parse_check(data, language, comment_only=True) == searched
        if verify.close_block_comments(HEADER_START, language) is not None:  # a `/* */` language: one parse
            assert searched_parses > 1 and parses == [language]
        else:  # Python: no block comment to close, the same search
            assert len(parses) == searched_parses


def test_the_close_call_of_a_comment_only_window_reads_it_comment_first(monkeypatch) -> None:
    from codemix.langid import classifier as classifier_module

    seen: list[bool] = []
    real_check = classifier_module.snippet_parse_check

    def recording_check(data, language, *, snippet=True, comment_only=False):
        seen.append(comment_only)
        return real_check(data, language, snippet=snippet, comment_only=comment_only)

    monkeypatch.setattr(classifier_module, "snippet_parse_check", recording_check)
    classifier = LanguageClassifier()
    assert classifier._close_call(HEADER_START.encode(), [("java", 0.55), ("other", 0.45)], snippet=True)[0] == "java"
    assert classifier._close_call(DOC_COMMENT_END.encode(), [("java", 0.55), ("other", 0.45)], snippet=True)[0] == "java"
    assert seen == [True, False]  # the header holds no code; the doc comment's end is followed by a method
