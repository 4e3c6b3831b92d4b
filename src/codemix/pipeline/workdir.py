"""Where a build keeps its files: the output directory and the work directory inside it.

    OUT/
      README.md, manifest.json, plan.json, stats.json
      data/train-00000-of-000NN.parquet
      work/<config hash>/        intermediate stage outputs and datatrove logging dirs; safe to delete after success

The work directory is keyed by the config hash: a rerun of the same config resumes from what the killed
run completed (datatrove skips ranks listed in `completions/`), while a changed config (including a
changed task count, which datatrove forbids between reruns of one logging dir) starts afresh.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator


@dataclass(frozen=True)
class BuildPaths:
    output: Path
    config_hash: str

    @property
    def work(self) -> Path:
        return self.output / "work" / self.config_hash[:16]

    @property
    def docs(self) -> Path:
        return self.work / "docs"

    @property
    def rejected(self) -> Path:
        return self.work / "rejected"

    @property
    def pairs(self) -> Path:
        return self.work / "pairs"

    @property
    def shard_plan(self) -> Path:
        return self.work / "shard_plan.parquet"

    def logs(self, stage: str) -> Path:
        return self.work / "logs" / stage

    @property
    def data(self) -> Path:
        return self.output / "data"

    @property
    def pairs_eval(self) -> Path:
        return self.output / "pairs_eval"


@contextmanager
def atomic_output(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside `path` and rename it over `path` only when the block succeeds.

    A crash inside the block leaves no file under the final name (the temporary one is removed), so a
    reader never sees a partial file and a rerun simply writes it again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_output(path, "w") as handle:
        handle.write(text)
