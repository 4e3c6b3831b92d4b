"""Pairing whole programs on real multi-file collections: Exercism reference solutions (tests/fixtures/
exercism-multifile, a copy of ../shared/fixtures/exercism-multifile, MIT), built end to end with `codemix build`.

Every paired document must hold every code file of both programs, in program order, under path comments, and
nothing else; the expected files of every member are written out here by hand."""

import contextlib
import io
import json
from itertools import permutations
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from codemix.cli import EXIT_OK, main
from codemix.pairing import pair_id_of
from codemix.tokens import load_tokenizer

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "exercism-multifile"
LANGUAGES = ["python", "java", "javascript", "typescript", "csharp", "go", "rust"]

# exercise -> language -> the program's files in the order the paired document shows them. Java programs of two
# files have no main method and no entry file name, so their files are in path order; the Rust folders' Cargo
# manifests (`Cargo-example.toml`) are no code and belong to no program.
EXPECTED_MEMBERS = {
    "alphametics": {"python": ["example.py"], "java": ["Alphametics.java"], "javascript": ["proof.ci.js"],
                    "typescript": ["proof.ci.ts"], "csharp": ["Example.cs"], "go": ["example.go"],
                    "rust": ["example.rs"]},
    "bowling": {"python": ["example.py"], "java": ["BowlingGame.java", "Frame.java"], "javascript": ["proof.ci.js"],
                "typescript": ["proof.ci.ts"], "csharp": ["Example.cs"], "go": ["example.go"],
                "rust": ["example.rs"]},
    "grep": {"python": ["example.py"], "java": ["GrepTool.java"], "javascript": ["proof.ci.js"],
             "csharp": ["Example.cs"], "go": ["example.go"], "rust": ["example.rs"]},
    "hangman": {"python": ["example.py"], "java": ["Hangman.java", "Output.java"], "csharp": ["Example.cs"],
                "go": ["example.go"]},
    "ocr-numbers": {"python": ["example.py"], "java": ["Digit.java", "OpticalCharacterReader.java"],
                    "javascript": ["proof.ci.js"], "typescript": ["proof.ci.ts"], "csharp": ["Example.cs"],
                    "go": ["example.go"], "rust": ["example.rs"]},
    "pig-latin": {"python": ["example.py"], "java": ["PigLatinTranslator.java"], "javascript": ["proof.ci.js"],
                  "typescript": ["proof.ci.ts"], "csharp": ["Example.cs"], "go": ["example.go"],
                  "rust": ["example.rs"]},
    "queen-attack": {"python": ["example.py"], "java": ["Queen.java", "QueenAttackCalculator.java"],
                     "javascript": ["proof.ci.js"], "typescript": ["proof.ci.ts"], "csharp": ["Example.cs"],
                     "go": ["example.go"], "rust": ["example.rs"]},
    "rest-api": {"python": ["example.py"], "java": ["RestApi.java", "User.java"], "javascript": ["proof.ci.js"],
                 "csharp": ["Example.cs"], "go": ["example.go"]},
}
COMMENT = {"python": "#", "java": "//", "javascript": "//", "typescript": "//", "csharp": "//", "go": "//",
           "rust": "//"}


def fixture_files() -> dict[tuple[str, str], str]:
    """(exercise, file name) -> content."""
    files = {}
    for line in (FIXTURE / "exercises.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        files[(record["exercise"], record["path"].rsplit("/", 1)[-1])] = record["content"]
    return files


def code_as_paired(text: str) -> str:
    """A file's code from its first non-blank line to its last non-blank character."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


def expected_program(files: dict, exercise: str, language: str) -> str:
    names = EXPECTED_MEMBERS[exercise][language]
    if len(names) == 1:
        return code_as_paired(files[(exercise, names[0])])
    return "\n\n".join(f"{COMMENT[language]} {name}\n{code_as_paired(files[(exercise, name)])}" for name in names)


@pytest.fixture(scope="module")
def exercism_build(tmp_path_factory) -> tuple[Path, str]:
    """The build's output folder and the summary `codemix build` printed."""
    tmp = tmp_path_factory.mktemp("exercism")
    config = {
        "inputs": [{"type": "jsonl", "path": str(FIXTURE / "exercises.jsonl"), "name": "exercism",
                    "text_key": "content", "path_key": "path", "language_key": "language", "pair_key": "exercise"}],
        "pairing": {"pivot": "python", "directions": "both", "format": "direct", "num_buckets": 4},
        "output": {"path": str(tmp / "out")},
        "executor": {"type": "local", "tasks": 2, "workers": 1},
    }
    path = tmp / "exercism.yaml"
    path.write_text(yaml.safe_dump(config))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["build", str(path)]) == EXIT_OK
    return tmp / "out", printed.getvalue()


def expected_directions() -> tuple[set, set]:
    """(exercise, src, tgt) of the training and of the held-out documents: every ordered pair of two languages
    an exercise has, pivot directions in training."""
    train, evaluation = set(), set()
    for exercise, members in EXPECTED_MEMBERS.items():
        for src, tgt in permutations(members, 2):
            (train if "python" in (src, tgt) else evaluation).add((exercise, src, tgt))
    return train, evaluation


def test_every_paired_document_holds_both_whole_programs(exercism_build):
    out, _ = exercism_build
    files = fixture_files()
    expected_train, expected_eval = expected_directions()
    exercise_of = {pair_id_of(exercise): exercise for exercise in EXPECTED_MEMBERS}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["pairing"]["members"] == "program"  # the default, recorded

    made_train = []
    for shard in manifest["splits"]["train"]["shards"]:
        for row in pq.read_table(out / shard["file"]).to_pylist():
            if row["component"] != "paired":
                continue
            exercise = exercise_of[row["pair_id"]]
            assert row["text"] == (expected_program(files, exercise, row["src_lang"]) + "\n\n"
                                   + expected_program(files, exercise, row["tgt_lang"]) + "\n"), row["id"]
            made_train.append((exercise, row["src_lang"], row["tgt_lang"]))
    assert sorted(made_train) == sorted(expected_train) and len(made_train) == 84

    made_eval = []
    for row in pq.read_table(out / "pairs_eval" / "pairs_eval-00000-of-00001.parquet").to_pylist():
        exercise = row["pair_key"]
        assert row["source_text"] == expected_program(files, exercise, row["src_lang"])
        assert row["target_text"] == expected_program(files, exercise, row["tgt_lang"])
        assert row["prompt_text"] == row["source_text"] + "\n\n"
        made_eval.append((exercise, row["src_lang"], row["tgt_lang"]))
    assert sorted(made_eval) == sorted(expected_eval) and len(made_eval) == 188


def test_manifests_are_not_pairing_drops_and_go_where_the_monolingual_build_sends_them(exercism_build):
    out, _ = exercism_build
    stats = json.loads((out / "stats.json").read_text())
    # the three Cargo-example.toml files: not code, so the classifier's `other` and the ingest's drop
    assert stats["dropped"] == {"other_language": 3}
    rejected = [json.loads(line) for path in sorted(out.glob("work/*/rejected/*.jsonl"))
                for line in path.read_text().splitlines()]
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in rejected) == ["Cargo-example.toml"] * 3
    group_stats = {name: value["total"] for step in stats["stages"]["pair-group"]
                   for name, value in step["stats"].items() if isinstance(value, dict)}
    assert group_stats["groups"] == group_stats["groups_paired"] == 8
    assert not [name for name in group_stats if "dropped" in name or name == "members_unused"], group_stats
    # every file of every program is a used member, each once
    java_files = sum(len(m["java"]) for m in EXPECTED_MEMBERS.values())
    assert java_files == 13 and stats["kept"]["java"]["docs"] == 13


def test_pair_quality_in_stats_card_and_printed_summary(exercism_build):
    out, printed = exercism_build
    pairing = json.loads((out / "stats.json").read_text())["pairing"]
    expected_train, expected_eval = expected_directions()
    directions = pairing["directions"]
    assert list(directions)[:2] == ["python->java", "java->python"] and len(directions) == 12 + 30
    for name, direction in directions.items():
        src, tgt = name.split("->")
        expected = {e for e, s, t in expected_train | expected_eval if (s, t) == (src, tgt)}
        assert direction["pairs"] == direction["documents"] == len(expected), name
        assert direction["split"] == ("train" if "python" in (src, tgt) else "eval")
        assert direction["dropped"] == {}
        assert direction["median_tokens"] <= direction["p95_tokens"]
    # the share of pairs whose programs differ by more than 4x, from the programs' own token counts
    counter = load_tokenizer("default")
    files = fixture_files()
    code_tokens = {(e, lang): counter.count([expected_program(files, e, lang)])[0]
                   for e, members in EXPECTED_MEMBERS.items() for lang in members}
    for name, direction in directions.items():
        src, tgt = name.split("->")
        pairs = [e for e, members in EXPECTED_MEMBERS.items() if src in members and tgt in members]
        apart = [e for e in pairs if max(code_tokens[e, src], code_tokens[e, tgt])
                 > 4 * min(code_tokens[e, src], code_tokens[e, tgt])]
        assert direction["share_size_ratio_over_limit"] == pytest.approx(len(apart) / len(pairs)), name
    assert any(d["share_size_ratio_over_limit"] > 0 for d in directions.values())
    worst = pairing["worst_pairs"]
    order = LANGUAGES.index
    every_pair = sorted(
        (-round(max(code_tokens[e, a], code_tokens[e, b]) / min(code_tokens[e, a], code_tokens[e, b]), 3), e, a, b)
        for e, members in EXPECTED_MEMBERS.items() for a in members for b in members if order(a) < order(b))
    assert [(-w["ratio"], w["pair_key"], *w["languages"]) for w in worst] == every_pair[:10]
    assert (worst[0]["pair_key"], worst[0]["languages"], worst[0]["tokens"]) == ("alphametics", ["python", "rust"],
                                                                                  [2157, 362])  # as docs/pairing.md says
    for entry in worst:
        a, b = entry["languages"]
        assert entry["tokens"] == [code_tokens[entry["pair_key"], a], code_tokens[entry["pair_key"], b]]
        assert entry["ratio"] == pytest.approx(max(entry["tokens"]) / min(entry["tokens"]), abs=1e-3)
        assert [len(files) for files in entry["files"]] == [len(EXPECTED_MEMBERS[entry["pair_key"]][lang])
                                                            for lang in (a, b)]
    card = (out / "README.md").read_text()
    assert "## Pair quality" in card and "| python->java | train | 8 | 8 |" in card
    assert f"| {worst[0]['pair_key']} | {' / '.join(worst[0]['languages'])} |" in card
    assert "\npair quality\n" in printed and "\npairs whose sides differ most in size" in printed
    lines = printed.splitlines()
    for entry in worst:
        assert any(line.startswith(entry["pair_key"]) and " / ".join(entry["languages"]) in line
                   and f"{entry['ratio']:.2f}" in line for line in lines), entry
    assert any(line.startswith("python->java ") and " 8 " in line for line in lines)
