"""The language registry: every per-language table derives from it, and an eighth language needs only an entry.

The eighth language here is C, with the official tree-sitter grammar wheel (a test dependency): registered in a
test, it is classified by path and confirmed by its grammar, named in inputs, validated in configs, paired with
Python (display name, fence, comment syntax, split points) and planned as a component of a real build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from codemix import TARGET_LANGUAGES, languages
from codemix.languages import GrammarRef, LanguageSpec
from codemix.schemas.shards import LANGUAGE_LABELS, class_label_names, language_labels
from codemix.stream import CodeMixStream

REPO = Path(__file__).resolve().parent.parent
RING_BUFFER_C = REPO / "examples" / "corpus" / "misc" / "c" / "ring_buffer.c"

C = LanguageSpec(
    name="c",
    display_name="C",
    extensions=(".c",),
    grammar=GrammarRef("tree_sitter_c"),
    line_comment="//",
    fence="c",
    aliases=("ansi-c", "c11"),
    interpreters=("tcc",),
    definition_node_types=frozenset({"function_definition", "struct_specifier"}),
)

FIZZBUZZ_C = """#include <stdio.h>

/* FizzBuzz up to n. */
static void fizzbuzz(int n) {
    for (int i = 1; i <= n; i++) {
        if (i % 15 == 0) puts("FizzBuzz");
        else if (i % 3 == 0) puts("Fizz");
        else if (i % 5 == 0) puts("Buzz");
        else printf("%d\\n", i);
    }
}

static int square(int x) {
    return x * x;
}

int main(void) {
    fizzbuzz(15);
    printf("%d\\n", square(7));
    return 0;
}
"""

FIZZBUZZ_PY = '''"""FizzBuzz up to n."""


def fizzbuzz(n):
    for i in range(1, n + 1):
        if i % 15 == 0:
            print("FizzBuzz")
        elif i % 3 == 0:
            print("Fizz")
        elif i % 5 == 0:
            print("Buzz")
        else:
            print(i)


def square(x):
    return x * x


def main():
    fizzbuzz(15)
    print(square(7))


if __name__ == "__main__":
    main()
'''


@pytest.fixture()
def c_registered():
    pytest.importorskip("tree_sitter_c", reason="the C grammar wheel is a test dependency: pip install -e '.[test]'")
    with languages.registered(C):
        yield C


def test_builtin_registry_is_the_papers_seven_in_order():
    assert languages.names() == TARGET_LANGUAGES == (
        "python", "java", "javascript", "typescript", "csharp", "go", "rust")
    for name in TARGET_LANGUAGES:
        spec = languages.get(name)
        assert spec.extensions and spec.line_comment and spec.fence and spec.display_name
        assert spec.definition_node_types, f"{name}: pairs of it could never be split"
        assert languages.language_of_name(spec.display_name) == name


def test_every_derived_table_covers_every_registered_language(c_registered):
    from codemix.grammars import get_parser
    from codemix.langid.rules import path_hint
    from codemix.pairing.render import PairRenderer

    renderer = PairRenderer(template="{src_lang_name} {src_fence}\n{src_code}\n{tgt_lang_name} {tgt_fence}\n{tgt_code}",
                            format_name="prompt")
    for name in languages.names():
        spec = languages.get(name)
        assert get_parser(name) is not None
        for extension in spec.extensions:
            assert path_hint(f"src/x{extension}", "").language in (name, None), (name, extension)
        assert languages.language_of_name(name.upper()) == name
        text = renderer.render(src_lang=name, tgt_lang="python", src_code="a", tgt_code="b").text
        assert text.startswith(f"{spec.display_name} {spec.fence}\n")
    assert languages.interpreter_languages()["tcc"] == "c"
    # an interpreter several languages claim leaves the choice to the content
    assert languages.interpreter_languages()["deno"] == ("javascript", "typescript")


def test_registering_a_clashing_language_is_refused():
    with pytest.raises(ValueError, match="already belong to python"):
        languages.register(LanguageSpec(name="snake", display_name="Snake", extensions=(".py",),
                                        grammar=GrammarRef("tree_sitter_python"), line_comment="#", fence="snake"))
    with pytest.raises(ValueError, match="reserved"):
        LanguageSpec(name="other", display_name="Other", extensions=(), grammar=GrammarRef("x"), line_comment="#",
                     fence="x")
    assert "snake" not in languages.names()


def test_an_eighth_language_is_classified_and_validated(c_registered, tmp_path):
    from codemix.langid import LanguageClassifier
    from codemix.schemas.config import ConfigError, validate_config
    from codemix.stages.read import normalize_language_name

    classifier = LanguageClassifier(languages=["python", "c"])
    result = classifier.classify(RING_BUFFER_C.read_bytes(), path="ring_buffer.c")
    assert (result.language, result.evidence) == ("c", "extension+parse")
    assert classifier.classify(b"#!/usr/bin/tcc -run\nint main(void) { return 0; }\n").language == "c"
    assert normalize_language_name("C11") == "c" and normalize_language_name("C++") == "other:c++"
    raw = {"inputs": [{"type": "directory", "path": str(tmp_path)}], "languages": ["python", "c"],
           "pairing": {"pivot": "python", "held_out_directions": ["c->python"]}, "output": {"path": str(tmp_path)}}
    assert validate_config(raw, source="b.yaml", base_dir=tmp_path).languages == ["python", "c"]
    with pytest.raises(ConfigError, match="unknown language 'cobol'"):
        validate_config({**raw, "languages": ["python", "cobol"]}, source="b.yaml", base_dir=tmp_path)


def test_an_eighth_language_is_split_at_its_definitions(c_registered):
    from codemix.pairing.split import split_program

    program = split_program(FIZZBUZZ_C, "c")
    assert program is not None and program.names == ("fizzbuzz", "square", "main")
    assert program.head.startswith("#include <stdio.h>") and program.units[0].startswith("/* FizzBuzz")


def test_an_eighth_language_reaches_pairing_and_planning_in_a_real_build(c_registered, tmp_path):
    from codemix.cli import EXIT_OK, main

    corpus = tmp_path / "corpus"
    for task, (py, c) in {"fizzbuzz": (FIZZBUZZ_PY, FIZZBUZZ_C),
                          "ring": ("print('ring')\n", RING_BUFFER_C.read_text())}.items():
        (corpus / task).mkdir(parents=True)
        (corpus / task / "main.py").write_text(py)
        (corpus / task / "main.c").write_text(c)
    config = {
        "inputs": [{"type": "directory", "path": str(corpus), "name": "c8", "pair_key_from": "parent_dir"}],
        "languages": ["python", "c"],
        "pairing": {"pivot": "python", "format": "prompt",
                    "templates": {"prompt": "{src_lang_name}:\n```{src_fence}\n{src_code}\n```\n"
                                            "{tgt_lang_name}:\n```{tgt_fence}\n{tgt_code}\n```\n"}},
        "mixture": {"strategy": "uniform"},
        "budget_tokens": 4000,
        "output": {"path": str(tmp_path / "out")},
        # one task, one worker: the executor runs in this process, where C is registered
        "executor": {"type": "local", "tasks": 1, "workers": 1},
    }
    path = tmp_path / "c8.yaml"
    path.write_text(yaml.safe_dump(config))
    assert main(["build", str(path)]) == EXIT_OK
    plan = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert set(plan["components"]) == {"python", "c", "paired"}
    assert plan["components"]["c"]["unique_tokens"] > 0 and plan["components"]["c"]["planned_tokens"] > 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    table = pq.read_table(tmp_path / "out" / manifest["splits"]["train"]["shards"][0]["file"])
    # `language` is a class id; the shard's features name the classes: the built-in labels, then C's appended
    names = class_label_names(table.schema, "language")
    assert names == list(language_labels([*TARGET_LANGUAGES, "c"])) and names[len(LANGUAGE_LABELS)] == "c"
    assert tuple(names[: len(LANGUAGE_LABELS)]) == LANGUAGE_LABELS
    rows = [{**row, "language": names[row["language"]]} for row in table.to_pylist()]
    streamed = {row["id"]: row["language"] for row in CodeMixStream(str(tmp_path / "out"), columns=["id", "language"])}
    assert all(streamed[row["id"]] == row["language"] for row in rows)
    paired = [row for row in rows if row["component"] == "paired"]
    assert {(row["src_lang"], row["tgt_lang"]) for row in paired} <= {("python", "c"), ("c", "python")}
    assert paired, "no paired document made it into the budget"
    for row in paired:
        assert "```c\n" in row["text"] and "C:\n" in row["text"] and "Python:\n" in row["text"]
    c_rows = [row for row in rows if row["component"] == "c"]
    assert c_rows and all(row["language"] == "c" and row["path"].endswith(".c") for row in c_rows)
