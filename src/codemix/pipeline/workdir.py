"""Where a build keeps its files: the output directory and the work directory inside it.

    OUT/
      README.md, manifest.json, plan.json, stats.json         published by the last stage, manifest.json last
      data/train-00000-of-000NN.parquet, pairs_eval/...        published whole (a directory rename)
      work/<config hash>/
        staged/                  the output as the stages write it (data/, pairs_eval/, plan.json, ...)
        docs/, rejected/, ...    intermediate stage outputs
        logs/<stage>/            datatrove logging dirs (completions/, stats/, logs/); logs/driver.log
                                 safe to delete after success

Nothing appears under OUT's own names until the build has written all of it: the stages write into
`staged/`, and the finalize stage moves it into place (`codemix.pipeline.build.publish`), so a killed build
never leaves a partial set of shards where a `train-*` glob would load it.

With `output.work_dir` the work directory is `<work_dir>/<config hash>/` instead; an output at an fsspec URL
(`s3://...`) needs it, and the finalize stage copies `staged/` there, manifest last
(`codemix.io.publish_remote`).

The work directory is keyed by the config hash: a rerun of the same config resumes from what the killed
run completed (datatrove skips ranks listed in `completions/`), while a changed config (including a
changed task count, which datatrove forbids between reruns of one logging dir) starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The files and folders a build publishes into OUT, in the order they are published: the manifest last, so
#: that its presence means the rest is complete.
PUBLISHED_DIRS: tuple[str, ...] = ("data", "pairs_eval")
PUBLISHED_FILES: tuple[str, ...] = ("plan.json", "stats.json", "README.md", "manifest.json")


@dataclass(frozen=True)
class BuildPaths:
    output: Path | str  # a local folder, or an fsspec URL (then `work_root` is set)
    config_hash: str
    work_root: Path | None = None  # `output.work_dir`; None: OUT/work

    @property
    def work(self) -> Path:
        root = self.work_root if self.work_root is not None else Path(self.output) / "work"
        return root / self.config_hash[:16]

    @property
    def staged(self) -> Path:
        """The output as the stages write it, laid out like OUT; published at the end."""
        return self.work / "staged"

    @property
    def docs(self) -> Path:
        return self.work / "docs"

    @property
    def rejected(self) -> Path:
        return self.work / "rejected"

    @property
    def dedup(self) -> Path:
        """The dedup stages' files (`codemix.stages.dedup`): signatures, candidate pairs, clusters, removals."""
        return self.work / "dedup"

    @property
    def pair_buckets(self) -> Path:
        return self.work / "pair_buckets"

    @property
    def pairs(self) -> Path:
        return self.work / "pairs"

    @property
    def index(self) -> Path:
        return self.work / "index"

    @property
    def assign(self) -> Path:
        return self.work / "assign"

    @property
    def buckets(self) -> Path:
        """The external shuffle's buckets: one folder per shard."""
        return self.work / "buckets"

    @property
    def inventory(self) -> Path:
        """What each component offers after dedup (docs, bytes, tokens), and the duplicates dropped."""
        return self.work / "inventory.json"

    @property
    def selection(self) -> Path:
        """What the plan selected of each component, and the shard count (`codemix.schemas.order`)."""
        return self.work / "selection.json"

    @property
    def plan_error(self) -> Path:
        """Why the plan stage stopped the build: the error's type and message (present only then)."""
        return self.work / "plan_error.json"

    @property
    def started(self) -> Path:
        """When the first attempt of this build started (UTC, ISO 8601)."""
        return self.work / "started"

    @property
    def plan(self) -> Path:
        """plan.json as the plan stage writes it (published to OUT/plan.json)."""
        return self.staged / "plan.json"

    def docs_files(self, ingest_tasks: int) -> list[Path]:
        """The documents file of each ingest task (`codemix.stages.write_docs.docs_path`)."""
        return [self.docs / f"{rank:05d}.parquet" for rank in range(ingest_tasks)]

    def pair_train_files(self, num_buckets: int) -> list[Path]:
        """The paired documents file of each pairing bucket (`codemix.stages.pair`)."""
        return [self.pairs / "train" / f"{bucket:05d}.parquet" for bucket in range(num_buckets)]

    def logs(self, stage: str) -> Path:
        return self.work / "logs" / stage

    @property
    def driver_log(self) -> Path:
        """What datatrove logs in the driving process (the console shows only errors and progress)."""
        return self.work / "logs" / "driver.log"

    @property
    def data(self) -> Path:
        """Where the shard stage writes the shards (published to OUT/data/)."""
        return self.staged / "data"

    @property
    def pairs_eval(self) -> Path:
        return self.staged / "pairs_eval"
