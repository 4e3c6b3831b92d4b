"""Splitting over-long pairs at matching top-level definitions (HumanEval-X problem 10: two functions each)."""

import pytest

from codemix.grammars import check_parse
from codemix.pairing import pair_id_of
from codemix.stages.pair import BucketPairCandidates, GroupPairs
from codemix.pairing.render import PairRenderer
from codemix.pairing.split import split_program
from codemix.schemas.config import PairingConfig
from codemix.tokens import load_tokenizer
from pairing_support import humaneval_doc_rows, humaneval_program, read_folder, read_humaneval, write_docs


@pytest.fixture(scope="module")
def problem_10(fixtures_dir, tmp_path_factory):
    rows = [r for r in humaneval_doc_rows(fixtures_dir) if r["pair_key"] == "10" and r["language"] in ("python", "java")]
    return rows, load_tokenizer("default")


def test_programs_split_into_head_units_and_tail(fixtures_dir):
    records = read_humaneval(fixtures_dir)
    java = split_program(humaneval_program(records["java"][10], "java"), "java")
    assert java.names == ("ispalindrome", "makepalindrome")
    assert java.head == "import java.util.*;\nimport java.lang.*;\n\nclass Solution {\n" and java.tail == "}"
    assert java.units[0].startswith("    /**\n    Test if given string is a palindrome")  # its doc comment
    assert java.head + "".join(java.units) + java.tail == humaneval_program(records["java"][10], "java")
    go = split_program(humaneval_program(records["go"][10], "go"), "go")
    assert go.names == java.names and go.head.lstrip().startswith("import (")
    assert split_program("x = 1\nprint(x)\n", "python") is None  # nothing to split at


def run(tmp_path, rows, counter, **fields):
    config = PairingConfig(languages=["python", "java"], num_buckets=2, **fields)
    docs = write_docs(rows, tmp_path / "docs", files=1)
    buckets = BucketPairCandidates(docs_dir=docs, buckets_dir=tmp_path / "buckets", config=config)
    groups = GroupPairs(buckets_dir=tmp_path / "buckets", pairs_dir=tmp_path / "pairs", config=config,
                        tokenizer="default")
    list(buckets.run(None, 0, 1))
    list(groups.run(None, 0, 1))
    return read_folder(tmp_path / "pairs" / "train").to_pylist(), {k: v.total for k, v in groups.stats.stats.items()}


def test_over_long_pair_splits_into_matching_parts(tmp_path, problem_10):
    rows, counter = problem_10
    python, java = (next(r["text"] for r in rows if r["language"] == lang) for lang in ("python", "java"))
    renderer = PairRenderer(template=PairingConfig().templates.direct, format_name="direct")
    whole = counter.count([renderer.render(src_lang="java", tgt_lang="python", src_code=java, tgt_code=python).text])[0]
    max_tokens = whole - 20  # too long whole; each function pair with its head is far shorter

    train, stats = run(tmp_path / "off", rows, counter, max_tokens=max_tokens)
    assert train == [] and stats["dropped_too_long"] == 1

    train, stats = run(tmp_path / "on", rows, counter, max_tokens=max_tokens, split_long_pairs=True)
    assert stats["pairs_split"] == 1 and "dropped_too_long" not in stats
    assert sorted((r["language"], r["part"]) for r in train) == [
        ("java->python", 0), ("java->python", 1), ("python->java", 0), ("python->java", 1)]
    assert {r["id"] for r in train} == {f"{pair_id_of('10')}/{d}#{p}" for d in ("java->python", "python->java")
                                        for p in (0, 1)}
    for row in train:
        assert row["token_count"] <= max_tokens
        assert row["token_count"] == counter.count([row["text"]])[0] + 1
    first, second = (next(r for r in train if r["language"] == "python->java" and r["part"] == p) for p in (0, 1))
    # each part keeps the imports and the class around its method, and parses on both sides
    for row, python_name, java_name in ((first, "def is_palindrome", "boolean isPalindrome"),
                                        (second, "def make_palindrome", "String makePalindrome")):
        python_part, java_part = row["text"].split("\n\nimport java.util.*;")
        java_part = "import java.util.*;" + java_part
        assert python_name in python_part and java_name in java_part
        assert check_parse(python_part, "python").clean and check_parse(java_part, "java").clean
        assert java_part.rstrip().endswith("}") and "class Solution {" in java_part
    assert "make_palindrome" not in first["text"] and "is_palindrome(string: str)" not in second["text"]


def test_a_pair_whose_units_do_not_match_is_not_split(tmp_path, problem_10):
    rows, counter = problem_10
    renamed = [dict(r, text=r["text"].replace("makePalindrome", "shortestPalindrome")) if r["language"] == "java"
               else r for r in rows]
    _, stats = run(tmp_path, renamed, counter, max_tokens=200, split_long_pairs=True)
    assert stats["dropped_too_long"] == 1 and "pairs_split" not in stats


def test_every_demo_program_splits_into_parts_that_parse():
    from test_pairing_demo import CORPUS, FILE_LANGUAGES

    programs = 0
    for task in sorted(CORPUS.iterdir()):
        for name, language in FILE_LANGUAGES.items():
            text = (task / name).read_text(encoding="utf-8")
            program = split_program(text, language)
            assert program is not None, (task.name, language)
            assert program.head + "".join(program.units) + program.tail == text
            for index in range(len(program.units)):
                part = program.part(index, index + 1)
                assert check_parse(part, language).clean, (task.name, language, program.names[index])
            programs += 1
    assert programs == 24 * 7
