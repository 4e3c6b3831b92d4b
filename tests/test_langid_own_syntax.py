"""Grammar evidence that holds on code the classifier was never tuned on: C#'s and Java's own syntax, blocks
balanced in a piece cut out of a file, and JSON documents.

On real files (tests/fixtures/langid, see PROVENANCE.md) and HumanEval-X's Java programs
(tests/fixtures/humaneval-x). The decisions are exercised on the rankings a content model may give, so they test
the rules, not one trained model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codemix import languages
from codemix.langid import LanguageClassifier
from codemix.langid.classifier import OWN_SYNTAX_PAIRS, is_json_document
from codemix.langid.rules import PathHint
from codemix.langid.verify import balance_blocks, own_syntax_check, parse_check, snippet_parse_check
from langid_fixtures import humaneval_programs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "langid"
NO_PATH = PathHint(None, "")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_csharp_own_syntax_is_found_in_real_csharp_and_not_by_the_java_grammar() -> None:
    for text, snippet in ((fixture("UnityWebRequestException.cs"), False), (fixture("get_table.cs.snippet"), True)):
        data = text.encode("utf-8")
        assert own_syntax_check(data, "csharp", snippet=snippet).own_nodes > 0
        assert own_syntax_check(data, "java", snippet=snippet).own_nodes == 0


def test_java_own_syntax_decides_real_java_against_a_model_that_ranks_csharp_first(fixtures_dir: Path) -> None:
    programs = humaneval_programs(fixtures_dir, "java")
    assert len(programs) == 164
    classifier = LanguageClassifier()
    for program in programs:
        assert own_syntax_check(program.encode("utf-8"), "java").own_nodes > 0, program[:80]  # `import java.util.*;`
        result = classifier._from_content(program, NO_PATH, [("csharp", 0.7), ("java", 0.25), ("other", 0.05)])
        assert (result.language, result.evidence) == ("java", "content+java_syntax"), program[:80]


def test_csharp_nodes_the_csharp_grammar_finds_in_java_do_not_count_where_java_parses_better() -> None:
    # guava's `repeat` names a parameter `string`: the C# grammar reads a predefined type there, and stumbles
    data = fixture("repeat.java.snippet").encode("utf-8")
    as_csharp, as_java = own_syntax_check(data, "csharp", snippet=True), own_syntax_check(data, "java", snippet=True)
    assert as_csharp.own_nodes > 0 and as_java.parse.problems < as_csharp.parse.problems
    result = LanguageClassifier()._from_content(data.decode("utf-8"), NO_PATH, [("csharp", 0.6), ("java", 0.35), ("other", 0.05)])
    assert result.evidence != "content+csharp_syntax"


@pytest.mark.parametrize("model_top", ["java", "csharp"])
def test_own_syntax_decides_csharp_against_java_whatever_the_model_ranks_first(model_top: str) -> None:
    classifier = LanguageClassifier()
    rival = "csharp" if model_top == "java" else "java"
    ranked = [(model_top, 0.7), (rival, 0.25), ("other", 0.05)]
    result = classifier._from_content(fixture("UnityWebRequestException.cs"), NO_PATH, ranked)
    assert (result.language, result.evidence) == ("csharp", "content+csharp_syntax")


def test_own_syntax_is_not_consulted_below_the_rival_floor_or_outside_the_pair() -> None:
    classifier = LanguageClassifier()
    text = fixture("UnityWebRequestException.cs")
    below = [("java", 0.995), ("csharp", classifier.OWN_SYNTAX_RIVAL_MIN / 2), ("other", 0.005 - classifier.OWN_SYNTAX_RIVAL_MIN / 2)]
    assert classifier._from_content(text, NO_PATH, below).language == "java"
    assert ("csharp", "java") in OWN_SYNTAX_PAIRS
    only_java = LanguageClassifier(languages=("java", "python"))
    result = only_java._from_content(text, NO_PATH, [("java", 0.7), ("other", 0.3)])
    assert "_syntax" not in result.evidence


def test_a_window_cut_out_of_a_file_parses_once_its_blocks_are_balanced() -> None:
    lines = fixture("UnityWebRequestException.cs").splitlines(keepends=True)
    window = "".join(lines[45:60])  # inside `Message { get { if ... ` of the class: closes nothing, opens four
    assert window.count("{") > window.count("}")
    balanced = balance_blocks(window, languages.get("csharp").block_delimiters)
    assert balanced.startswith(window) and balanced.count("{") == balanced.count("}")
    assert not parse_check(window.encode("utf-8"), "csharp").clean
    assert snippet_parse_check(window.encode("utf-8"), "csharp").clean
    # a text whose blocks are balanced is read as it is
    assert balance_blocks("f() { g(); }\n", ("{", "}")) == "f() { g(); }\n"
    assert balance_blocks("} x {", ("{", "}")) == "{\n} x {\n}\n"


def test_a_json_document_is_other_and_a_program_with_a_dict_literal_is_not() -> None:
    document = fixture("unitask_package.json")
    assert is_json_document(document)
    assert parse_check(document.encode("utf-8"), "python").clean  # why the grammar cannot tell
    classifier = LanguageClassifier()
    result = classifier._from_content(document, NO_PATH, [("python", 0.6), ("other", 0.4)])
    assert (result.language, result.evidence) == ("other", "content+json_document")
    assert not is_json_document('config = {"a": 1}\nprint(config)\n')
    assert not is_json_document("[1, 2,\n")


# Grammatica's C# (a parser generator ported from Java): Javadoc over a C# method.
JAVADOC_OVER_CSHARP = '''/**
 * Creates a new parser for the input string. The parser is
 * created with the default tokenizer settings, so tokens that
 * are not matched by any pattern are reported as errors.
 *
 * @param input          the input to parse
 *
 * @return the parser created, or null on failure
 *
 * @throws ParserCreationException if the grammar was invalid
 */
private Parser CreateParser(string input) {
    Parser  parser = null;

    parser = new Parser(new StringReader(input));
    return parser;
}
'''


def test_own_syntax_is_consulted_when_the_rival_shows_in_the_code_under_long_comments() -> None:
    """Comments in the other language's doc style can push the rival below OWN_SYNTAX_RIVAL_MIN; in a text at least
    OWN_SYNTAX_COMMENT_SHARE comments, the model's reading of the code alone gates the own-syntax search instead."""
    classifier = LanguageClassifier()
    ranked = classifier.model.predict(JAVADOC_OVER_CSHARP).ranked()
    assert ranked[0][0] == "java" and dict(ranked)["csharp"] < classifier.OWN_SYNTAX_RIVAL_MIN
    result = classifier.classify(JAVADOC_OVER_CSHARP)
    assert (result.language, result.evidence) == ("csharp", "content+csharp_syntax")
    classifier.OWN_SYNTAX_COMMENT_SHARE = 1.01  # never: the model alone
    assert classifier.classify(JAVADOC_OVER_CSHARP).language == "java"
