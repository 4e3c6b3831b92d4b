"""Executor stages: a build is a chain of datatrove executors joined by `depends=`.

Each `ExecutorStage` (a name, its steps, its task count) becomes one datatrove executor with its own logging
directory `<work>/logs/<name>/`; every executor depends on the one before it, and running the last runs the
chain. A rerun skips the tasks datatrove's completion markers (`<logs>/<name>/completions/`) list, so a killed
build resumes where it stopped. Stages that need all of the data (a plan, a manifest) are single-task stages
whose step is a plain function of the driver: datatrove runs callables `(data, rank, world_size)` as steps.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from datatrove.pipeline.base import PipelineStep

from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.config import BuildConfig


class StageAbort(BaseException):
    """An expected, user-facing failure inside a stage (an infeasible plan). A `BaseException`, so datatrove's
    task wrapper, which logs every `Exception` with its traceback as a crash, lets it through and leaves the
    task incomplete; `run_stages` re-raises the error it carries for the command line to report."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class ExecutorStage:
    name: str  # its logging directory under <work>/logs/
    description: str  # what the progress display says
    pipeline: list[PipelineStep | Callable]
    tasks: int


def make_executors(
    stages: Sequence[ExecutorStage], *, config: BuildConfig, paths: BuildPaths
) -> list[PipelineExecutor]:
    """One executor per stage, each depending on the one before it."""
    executors: list[PipelineExecutor] = []
    for stage in stages:
        executors.append(
            LocalPipelineExecutor(
                pipeline=stage.pipeline,
                tasks=stage.tasks,
                workers=min(config.executor.workers, stage.tasks),
                logging_dir=str(paths.logs(stage.name)),
                skip_completed=True,
                depends=executors[-1] if executors else None,
            )
        )
    return executors


def run_stages(stages: Sequence[ExecutorStage], *, config: BuildConfig, paths: BuildPaths) -> None:
    """Run the chain: the last executor runs every stage before it first."""
    executors = make_executors(stages, config=config, paths=paths)
    with StageProgress(stages=stages, paths=paths):
        try:
            executors[-1].run()
        except StageAbort as abort:
            raise abort.error from None


class StageProgress:
    """A progress bar per stage, fed by datatrove's completion markers (TTY only)."""

    def __init__(self, *, stages: Sequence[ExecutorStage], paths: BuildPaths) -> None:
        self.stages = list(stages)
        self.paths = paths
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "StageProgress":
        if sys.stderr.isatty():
            self._thread = threading.Thread(target=self._poll, daemon=True)
            self._thread.start()
        return self

    def _done(self, stage: ExecutorStage) -> int:
        completions = self.paths.logs(stage.name) / "completions"
        return len(list(completions.iterdir())) if completions.is_dir() else 0

    def _poll(self) -> None:
        from tqdm import tqdm

        for stage in self.stages:
            with tqdm(total=stage.tasks, desc=stage.description, unit="task", file=sys.stderr) as bar:
                while True:
                    bar.n = self._done(stage)
                    bar.refresh()
                    if bar.n >= stage.tasks or self._stop.wait(0.5):
                        break
            if self._stop.is_set():
                return

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()


def stage_logs(paths: BuildPaths) -> list[Path]:
    """The logging directories of the stages that ran in this work directory, in name order."""
    logs = paths.work / "logs"
    return sorted(d for d in logs.iterdir() if d.is_dir()) if logs.is_dir() else []
