"""The pairing stage on HumanEval-X (real parallel programs), read from tests/fixtures/humaneval-x/."""

from collections import Counter
from pathlib import Path

import pytest

from codemix.pairing import pair_id_of
from codemix.stages.pair import BucketPairCandidates, GroupPairs
from codemix.schemas.config import PairingConfig
from codemix.tokens import load_tokenizer
from pairing_support import humaneval_doc_rows, read_folder, write_docs

LANGUAGES = ["python", "java", "javascript", "go", "rust"]  # HumanEval-X has no TypeScript or C#; C++ is no target

STRLEN_PYTHON = (
    "def strlen(string: str) -> int:\n"
    '    """ Return length of given string\n'
    "    >>> strlen('')\n"
    "    0\n"
    "    >>> strlen('abc')\n"
    "    3\n"
    '    """\n'
    "    return len(string)"
)
STRLEN_GO = (
    "// Return length of given string\n"
    "// >>> Strlen('')\n"
    "// 0\n"
    "// >>> Strlen('abc')\n"
    "// 3\n"
    "func Strlen(str string) int {\n"
    "    return len(str)\n"
    "}"
)


@pytest.fixture(scope="module")
def humaneval_docs(fixtures_dir, tmp_path_factory):
    rows = humaneval_doc_rows(fixtures_dir)
    folder = write_docs(rows, tmp_path_factory.mktemp("humaneval") / "docs", files=3)
    return rows, folder, load_tokenizer("default")


def run_pairing(docs_dir: Path, work: Path, config: PairingConfig, counter, *, tasks: int = 1):
    bucket_step = BucketPairCandidates(docs_dir=docs_dir, buckets_dir=work / "buckets", config=config)
    group_step = GroupPairs(buckets_dir=work / "buckets", pairs_dir=work / "pairs", config=config, tokenizer="default")
    for rank in range(tasks):
        list(bucket_step.run(None, rank, tasks))
    for rank in range(tasks):
        list(group_step.run(None, rank, tasks))
    return read_folder(work / "pairs" / "train"), read_folder(work / "pairs" / "eval"), group_step.stats


@pytest.fixture(scope="module")
def direct_run(humaneval_docs, tmp_path_factory):
    rows, docs, counter = humaneval_docs
    config = PairingConfig(languages=LANGUAGES, num_buckets=8, max_tokens=100_000)
    return run_pairing(docs, tmp_path_factory.mktemp("direct"), config, counter, tasks=2)


def test_every_complete_problem_is_paired_in_every_direction(humaneval_docs, direct_run):
    rows, _, _ = humaneval_docs
    train, evaluation, stats = direct_run
    languages_of = {}
    for row in rows:
        languages_of.setdefault(row["pair_key"], set()).add(row["language"])
    complete = {key for key, langs in languages_of.items() if set(LANGUAGES) <= langs}
    assert len(complete) == 164  # every HumanEval-X problem has all five target languages

    train_directions = Counter(zip(train.column("pair_key").to_pylist(), train.column("language").to_pylist()))
    expected_train = {(key, f"{a}->{b}") for key in complete for a, b in
                      [("python", x) for x in LANGUAGES[1:]] + [(x, "python") for x in LANGUAGES[1:]]}
    assert set(train_directions) == expected_train and set(train_directions.values()) == {1}
    assert train.num_rows == 164 * 8

    eval_directions = Counter(zip(evaluation.column("pair_key").to_pylist(), evaluation.column("src_lang").to_pylist(),
                                  evaluation.column("tgt_lang").to_pylist()))
    expected_eval = {(key, a, b) for key in complete for a in LANGUAGES[1:] for b in LANGUAGES[1:] if a != b}
    assert set(eval_directions) == expected_eval and set(eval_directions.values()) == {1}
    assert evaluation.num_rows == 164 * 12
    assert "python" not in set(evaluation.column("src_lang").to_pylist()) | set(evaluation.column("tgt_lang").to_pylist())

    stat_values = {name: stat.total for name, stat in stats.stats.items()}
    assert stat_values["groups"] == 164 and stat_values["groups_paired"] == 164
    assert stat_values["docs"] == 164 * 8 and stat_values["docs_python->rust"] == 164
    assert stat_values["tokens"] == sum(train.column("token_count").to_pylist())
    assert stat_values["eval_pairs"] == 164 * 12
    assert not [name for name in stat_values if name.startswith("dropped_")]


def test_training_rows_carry_their_pair_metadata(direct_run, humaneval_docs):
    train, _, _ = direct_run
    _, _, counter = humaneval_docs
    row = next(r for r in train.to_pylist() if r["pair_key"] == "23" and r["language"] == "python->go")
    assert row["id"] == f"{pair_id_of('23')}/python->go" and row["pair_id"] == pair_id_of("23")
    assert (row["src_lang"], row["tgt_lang"], row["format"], row["source"]) == ("python", "go", "direct", "paired")
    assert (row["src_id"], row["tgt_id"]) == ("humaneval-x/Python/23", "humaneval-x/Go/23")
    # The exact direct text: source code, one blank line, target code, a final newline.
    assert row["text"] == STRLEN_PYTHON + "\n\n" + STRLEN_GO + "\n"
    assert row["bytes"] == len(row["text"].encode())
    assert row["token_count"] == counter.count([row["text"]])[0] + 1  # one end-of-document token
    assert len(set(train.column("id").to_pylist())) == train.num_rows


def test_prompt_format_renders_instruction_and_fences(humaneval_docs, tmp_path):
    rows, _, counter = humaneval_docs
    subset = [r for r in rows if int(r["pair_key"]) < 30]
    docs = write_docs(subset, tmp_path / "docs", files=2)
    config = PairingConfig(languages=LANGUAGES, num_buckets=4, format="prompt", max_tokens=100_000)
    train, evaluation, _ = run_pairing(docs, tmp_path / "work", config, counter)
    assert train.num_rows == 30 * 8 and evaluation.num_rows == 30 * 12
    by_direction = {(r["pair_key"], r["language"]): r for r in train.to_pylist()}
    assert by_direction[("23", "go->python")]["text"] == (
        "Translate the following Go program to Python.\n\n"
        "Go:\n```go\n" + STRLEN_GO + "\n```\n\n"
        "Python:\n```python\n" + STRLEN_PYTHON + "\n```\n"
    )
    assert {r["format"] for r in train.to_pylist()} == {"prompt"}
    held_out = next(r for r in evaluation.to_pylist() if r["pair_key"] == "23" and r["src_lang"] == "go"
                    and r["tgt_lang"] == "java")
    assert held_out["prompt_text"] == (
        "Translate the following Go program to Java.\n\nGo:\n```go\n" + STRLEN_GO + "\n```\n\nJava:\n```java\n"
    )
    assert held_out["source_text"] == STRLEN_GO
    assert held_out["target_text"].startswith("import java.util.*;") and held_out["target_text"].endswith("}")
    assert held_out["src_tokens"] == counter.count([STRLEN_GO])[0]
    full_text = held_out["prompt_text"] + held_out["target_text"] + "\n```\n"
    assert held_out["token_count"] == counter.count([full_text])[0] + 1
    assert (held_out["src_id"], held_out["tgt_id"]) == ("humaneval-x/Go/23", "humaneval-x/Java/23")
