"""A build of HumanEval-X solutions with declared languages (`language_key`), no paths, `declared: trust`:
every problem is paired in every direction and no component holds a document of another language."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from codemix.cli import EXIT_OK, main
from codemix.schemas.shards import class_label_names
from pairing_support import HUMANEVAL_FILES, humaneval_program

# HumanEval-X's own language names (the prefix of its task ids), as a language column would hold them.
COLUMN_NAMES = {"python": "Python", "java": "Java", "js": "JavaScript", "go": "Go", "rust": "Rust", "cpp": "C++"}
PAIRED = ["python", "java", "javascript", "go", "rust"]  # HumanEval-X has no TypeScript or C#


def write_inputs(fixtures_dir: Path, folder: Path) -> dict[str, str]:
    """One JSONL file per language: task id, the language column, the program; no path. Returns id -> declared."""
    folder.mkdir(parents=True)
    declared = {}
    for stem in HUMANEVAL_FILES:
        with gzip.open(fixtures_dir / "humaneval-x" / f"humaneval_{stem}.jsonl.gz", "rt") as handle:
            records = [json.loads(line) for line in handle]
        with (folder / f"{stem}.jsonl").open("w") as out:
            for record in records:
                row = {"task_id": record["task_id"], "lang": COLUMN_NAMES[stem], "code": humaneval_program(record, stem)}
                out.write(json.dumps(row) + "\n")
                declared[f"humaneval:{record['task_id']}"] = COLUMN_NAMES[stem]
    return declared


def test_trusted_declarations_pair_every_problem_and_keep_components_pure(fixtures_dir, tmp_path):
    declared = write_inputs(fixtures_dir, tmp_path / "inputs")
    config = {
        "inputs": [{
            "type": "jsonl", "path": str(tmp_path / "inputs" / "*.jsonl"), "name": "humaneval", "text_key": "code",
            "id_key": "task_id", "language_key": "lang", "pair_key": "task_id",
            "pair_key_pattern": r"^[^/]+/(?P<key>\d+)$",
        }],
        "languages": PAIRED,
        "tokenizer": "default",
        "classify": {"declared": "trust"},
        "pairing": {"pivot": "python", "directions": "both", "format": "direct", "eval_split": True,
                    "max_tokens": 100_000},
        "mixture": {"strategy": "uniform"},
        "budget_tokens": None,
        # HumanEval has near-identical problems (56 and 61 differ only in their brackets): near dedup would drop
        # members, and this test is about declared labels pairing every problem
        "dedup": {"near": None},
        "output": {"path": str(tmp_path / "out")},
        "executor": {"type": "local", "tasks": 2, "workers": 1},
        "seed": 0,
    }
    config_path = tmp_path / "build.yaml"
    config_path.write_text(yaml.safe_dump(config))
    assert main(["build", str(config_path)]) == EXIT_OK

    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text())
    others = len(PAIRED) - 1
    assert manifest["components"]["paired"]["rows"] == 164 * 2 * others  # 164 x 8 training documents
    assert manifest["splits"]["pairs_eval"]["rows"] == 164 * others * (others - 1)  # 164 x 12 held-out rows

    components: Counter[str] = Counter()
    directions: Counter[tuple[str, str]] = Counter()
    for shard in manifest["splits"]["train"]["shards"]:
        table = pq.read_table(out / shard["file"], columns=["id", "component", "language", "src_lang", "tgt_lang"])
        names = class_label_names(table.schema, "language")  # `language` is a class id
        for row in table.to_pylist():
            row["language"] = names[row["language"]]
            if row["component"] == "paired":
                directions[(row["src_lang"], row["tgt_lang"])] += 1
                continue
            # a monolingual document is in the component of the language its input declared, and of no other
            assert row["component"] == row["language"]
            assert declared[row["id"]] == {"python": "Python", "java": "Java", "javascript": "JavaScript",
                                           "go": "Go", "rust": "Rust"}[row["component"]], row["id"]
            components[row["component"]] += 1
    assert components == {language: 164 for language in PAIRED}  # the C++ programs are `other`: dropped
    assert set(directions.values()) == {164} and len(directions) == 2 * others

    stats = json.loads((out / "stats.json").read_text())
    assert stats["dropped"].get("other_language") == 164
