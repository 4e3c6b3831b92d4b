"""Executor stages: a build is a chain of datatrove executors joined by `depends=`.

Each `ExecutorStage` (a name, its steps, its task count) becomes one datatrove executor of the configured type
(`executor.type`: `local`, `ray` or `slurm`) with its own logging directory `<work>/logs/<name>/`; every
executor depends on the one before it, and running the last runs (or, on Slurm, submits) the chain. A rerun
skips the tasks datatrove's completion markers (`<logs>/<name>/completions/`) list, so a killed build resumes
where it stopped. Stages that need all of the data (a plan, a manifest) are single-task stages whose step is a
plain function of the driver: datatrove runs callables `(data, rank, world_size)` as steps. Which executor runs
a stage changes nothing in what it writes.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from datatrove.pipeline.base import PipelineStep

from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.config import BuildConfig, LocalExecutorConfig, RayExecutorConfig, SlurmExecutorConfig


class StageAbort(BaseException):
    """An expected, user-facing failure inside a stage (an infeasible plan) of a task that runs in the driver's
    own process (the local executor runs single-task stages there). A `BaseException`, so datatrove's task
    wrapper, which logs every `Exception` with its traceback as a crash, lets it through and leaves the task
    incomplete; `run_stages` re-raises the error it carries for the command line to report. Tasks in other
    processes raise the error itself (a process pool does not survive a `BaseException`)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


#: Set by `run_stages` to the driver's process id: a task compares it with its own.
DRIVER_PID_VARIABLE = "CODEMIX_DRIVER_PID"


def abort_stage(error: Exception) -> BaseException:
    """What a task raises to stop the build with `error`: a `StageAbort` in the driver's process, else `error`."""
    return StageAbort(error) if os.environ.get(DRIVER_PID_VARIABLE) == str(os.getpid()) else error


class StageFailed(RuntimeError):
    """A stage ended with tasks that did not complete."""


@dataclass(frozen=True)
class ExecutorStage:
    name: str  # its logging directory under <work>/logs/
    description: str  # what the progress display says
    pipeline: list[PipelineStep | Callable]
    tasks: int


def make_executor(
    stage: ExecutorStage, *, config: BuildConfig, paths: BuildPaths, depends: PipelineExecutor | None
) -> PipelineExecutor:
    """The datatrove executor of one stage, of the configured type."""
    executor = config.executor
    common = dict(pipeline=stage.pipeline, tasks=stage.tasks, logging_dir=str(paths.logs(stage.name)),
                  skip_completed=True, depends=depends)
    if isinstance(executor, LocalExecutorConfig):
        return LocalPipelineExecutor(**common, workers=min(executor.workers, stage.tasks))
    workers = min(executor.workers, stage.tasks) if executor.workers else -1
    if isinstance(executor, RayExecutorConfig):
        return _checked_ray_executor()(**common, workers=workers, cpus_per_task=executor.cpus_per_task,
                                       mem_per_cpu_gb=executor.mem_per_cpu_gb)
    if isinstance(executor, SlurmExecutorConfig):
        from datatrove.executor.slurm import SlurmPipelineExecutor

        return SlurmPipelineExecutor(
            **common, workers=workers, time=executor.time, partition=executor.partition,
            cpus_per_task=executor.cpus_per_task, mem_per_cpu_gb=executor.mem_per_cpu_gb,
            job_name=f"{executor.job_name}-{stage.name}", qos=executor.qos, env_command=executor.env_command,
            sbatch_args=dict(executor.sbatch_args),
        )  # fmt: skip
    raise TypeError(f"no executor for {type(executor).__name__}")


def _checked_ray_executor() -> type:
    """datatrove's Ray executor, raising when a task failed: its `run` only logs it, and the stage after it
    would then wait for the missing tasks forever (datatrove's `depends=` polls every two minutes)."""
    from datatrove.executor.ray import RayPipelineExecutor

    class CheckedRayPipelineExecutor(RayPipelineExecutor):
        def run(self) -> None:
            super().run()
            incomplete = self.get_incomplete_ranks(skip_completed=True)
            if incomplete:
                raise StageFailed(f"{len(incomplete)} of {self.world_size} task(s) of the stage logged in "
                                  f"{self.logging_dir.path} failed: see its logs/")

    return CheckedRayPipelineExecutor


def make_executors(
    stages: Sequence[ExecutorStage], *, config: BuildConfig, paths: BuildPaths
) -> list[PipelineExecutor]:
    """One executor per stage, each depending on the one before it."""
    executors: list[PipelineExecutor] = []
    for stage in stages:
        executors.append(make_executor(stage, config=config, paths=paths, depends=executors[-1] if executors else None))
    return executors


def _connect_ray(executor: RayExecutorConfig) -> None:
    import ray

    if not ray.is_initialized():
        # no address: RAY_ADDRESS's cluster, else a local one (`ray.init`'s own rule)
        ray.init(address=executor.address, include_dashboard=False, log_to_driver=False)


def run_stages(stages: Sequence[ExecutorStage], *, config: BuildConfig, paths: BuildPaths) -> list[PipelineExecutor]:
    """Run the chain: the last executor runs every stage before it first (on Slurm: submits every stage's job
    array, each depending on the one before, and returns). Returns the executors."""
    executors = make_executors(stages, config=config, paths=paths)
    os.environ[DRIVER_PID_VARIABLE] = str(os.getpid())
    if isinstance(config.executor, RayExecutorConfig):
        _connect_ray(config.executor)
    progress = StageProgress(stages=stages, paths=paths, enabled=not isinstance(config.executor, SlurmExecutorConfig))
    with progress:
        try:
            executors[-1].run()
        except StageAbort as abort:
            raise abort.error from None
    return executors


class StageProgress:
    """A progress bar per stage, fed by datatrove's completion markers (TTY only)."""

    def __init__(self, *, stages: Sequence[ExecutorStage], paths: BuildPaths, enabled: bool = True) -> None:
        self.stages = list(stages)
        self.paths = paths
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "StageProgress":
        if self.enabled and sys.stderr.isatty():
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
