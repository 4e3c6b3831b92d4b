"""Small real builds for the tests of the command line and the output folder: a corpus of distinct programs in
three languages, a config over it, and `codemix` run in a subprocess (its own process tree, umask, console)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from ingest_helpers import FIZZBUZZ_JAVA, FIZZBUZZ_PY, HELLO_GO, write

REPO = Path(__file__).resolve().parent.parent


def small_corpus(root: Path, files: int = 60) -> Path:
    """Real programs in three languages, each file distinct (no exact duplicates)."""
    for i in range(files):
        write(root / f"py/p{i}.py", FIZZBUZZ_PY.replace("fizzbuzz", f"fizzbuzz_{i}"))
        write(root / f"java/J{i}.java", FIZZBUZZ_JAVA.replace("class Main", f"class Main{i}"))
        write(root / f"go/g{i}.go", HELLO_GO.replace("hello, world", f"hello, world {i}"))
    return root


def config_file(folder: Path, *, output: Path, max_shard_tokens: int | None = None) -> Path:
    """`folder/build.yaml` over `small_corpus(folder / "corpus")`, 2 tasks on 2 workers."""
    shard_limit = {} if max_shard_tokens is None else {"max_shard_tokens": max_shard_tokens}
    raw = {"inputs": [{"type": "directory", "path": str(small_corpus(folder / "corpus")), "name": "small"}],
           "output": {"path": str(output), **shard_limit},
           "executor": {"type": "local", "tasks": 2, "workers": 2}}  # fmt: skip
    path = folder / "build.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def codemix_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "codemix.cli", *args]


def codemix_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


def run_codemix(*args: str, cwd: Path | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    """`codemix ARGS` in a subprocess (with `umask` when given), output captured as text."""
    def prepare() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(codemix_command(*args), cwd=cwd, capture_output=True, text=True, preexec_fn=prepare,
                          env=codemix_env())
