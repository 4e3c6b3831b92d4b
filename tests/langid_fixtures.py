"""Real code for the langid tests: HumanEval-X canonical programs from tests/fixtures/humaneval-x/ (Apache-2.0)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

HUMANEVAL_FILES = {
    "python": ("humaneval_python.jsonl.gz", ".py"),
    "java": ("humaneval_java.jsonl.gz", ".java"),
    "javascript": ("humaneval_js.jsonl.gz", ".js"),
    "go": ("humaneval_go.jsonl.gz", ".go"),
    "rust": ("humaneval_rust.jsonl.gz", ".rs"),
    "other": ("humaneval_cpp.jsonl.gz", ".cpp"),  # C++ is `other`
}


def humaneval_programs(fixtures_dir: Path, language: str, limit: int | None = None) -> list[str]:
    """`prompt + canonical_solution` (+ `test` for a complete file) of each problem."""
    filename, _extension = HUMANEVAL_FILES[language]
    with gzip.open(fixtures_dir / "humaneval-x" / filename, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    programs = [record["prompt"] + record["canonical_solution"] + "\n" + record["test"] for record in records]
    return programs[:limit] if limit else programs
