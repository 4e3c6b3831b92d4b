"""Executor stages: a build is a chain of datatrove executors joined by `depends=`.

Each `ExecutorStage` (a name, its steps, its task count) becomes one datatrove executor with its own logging
directory `<work>/logs/<name>/`; every executor depends on the one before it, and running the last runs the
chain. A rerun skips the tasks datatrove's completion markers (`<logs>/<name>/completions/`) list, so a killed
build resumes where it stopped. Stages that need all of the data (a plan, a manifest) are single-task stages
whose step is a plain function of the driver: datatrove runs callables `(data, rank, world_size)` as steps.

`CodemixExecutor` is datatrove's local executor with two rules of its own:

- The console shows one progress line per stage (`StageProgress`) and errors; what datatrove logs per task goes
  to the task's log file only (`<logs>/<name>/logs/task_<rank>.log`), and what it logs in the driving process
  to `<work>/logs/driver.log`.
- Every process a build starts ends with the process that started it: datatrove's worker pool, its
  `multiprocess` manager and its fork server would otherwise run on, orphaned, after a `kill -9` of `codemix`
  (`die_with_parent`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import logger, setup_default_logger

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


# --- processes end with their parent -----------------------------------------------------------------
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_POLL_PARENT_SECONDS = 0.5


def _arm_parent_death_signal() -> bool:
    """Linux: have the kernel SIGKILL this process when its parent thread ends. False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(_POLL_PARENT_SECONDS)
    os._exit(1)


def die_with_parent(parent_pid: int, *, forked_by_main_thread: bool = True) -> None:
    """End this process as soon as `parent_pid`, the process that started it, has ended: the kernel's parent-death
    signal on Linux, elsewhere (or when another thread than the parent's main one forked it: the signal follows
    the forking thread, not the process) a thread watching for the process to be re-parented."""
    if forked_by_main_thread and _arm_parent_death_signal():
        if os.getppid() != parent_pid:  # the parent ended before the signal was armed
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="codemix-parent-watch", daemon=True).start()


_fork_parent: tuple[int, bool] | None = None  # (pid, forked by its main thread) of the process about to fork
_at_fork_registered = False


def _before_fork() -> None:
    global _fork_parent
    _fork_parent = (os.getpid(), threading.current_thread() is threading.main_thread())


def _after_fork_in_child() -> None:
    if _fork_parent is not None:
        die_with_parent(_fork_parent[0], forked_by_main_thread=_fork_parent[1])


def children_die_with_this_process() -> None:
    """Every process forked from now on (datatrove's `multiprocess` manager among them) ends with its parent.
    Together with the workers' own `die_with_parent`, this ends the whole tree: the fork server exits once no
    process holding its pipe is left."""
    global _at_fork_registered
    if not _at_fork_registered:
        os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
        _at_fork_registered = True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- the console -------------------------------------------------------------------------------------
_CONSOLE_FORMAT = "{time:HH:mm:ss} | {level: <8} | {message}"


def quiet_console(driver_log: Path | None = None) -> None:
    """datatrove's logger shows only errors on the console; with `driver_log`, everything from INFO up is
    appended to that file."""
    logger.remove()
    logger.add(sys.stderr, level="ERROR", format=_CONSOLE_FORMAT)
    if driver_log is not None:
        logger.add(str(driver_log), level="INFO", mode="a")


class CodemixExecutor(LocalPipelineExecutor):
    """datatrove's local executor whose tasks log to their files only and end with the build (module docstring)."""

    def __init__(self, *, driver_log: Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.driver_pid = os.getpid()
        self.driver_log = driver_log

    def _launch_run_for_rank(self, rank: int, ranks_q, completed=None, completed_lock=None):
        in_driver = os.getpid() == self.driver_pid
        if not in_driver:  # a pool worker, forked by datatrove's fork server
            die_with_parent(os.getppid())
            if not _alive(self.driver_pid):
                os._exit(1)
        local_rank = ranks_q.get()
        try:
            # datatrove prints a task's INFO lines on the console for local rank 0 only: passing every task a
            # non-zero local rank (it serves nothing else) leaves them in the task's log file.
            return self._run_for_rank(rank, local_rank + 1)
        finally:
            quiet_console(self.driver_log if in_driver else None)  # datatrove restored its own console logger
            ranks_q.put(local_rank)


def make_executors(
    stages: Sequence[ExecutorStage], *, config: BuildConfig, paths: BuildPaths
) -> list[CodemixExecutor]:
    """One executor per stage, each depending on the one before it."""
    executors: list[CodemixExecutor] = []
    for stage in stages:
        executors.append(
            CodemixExecutor(
                pipeline=stage.pipeline,
                tasks=stage.tasks,
                workers=min(config.executor.workers, stage.tasks),
                logging_dir=str(paths.logs(stage.name)),
                skip_completed=True,
                depends=executors[-1] if executors else None,
                driver_log=paths.driver_log,
            )
        )
    return executors


def run_stages(
    stages: Sequence[ExecutorStage], *, config: BuildConfig, paths: BuildPaths, progress: bool = True
) -> None:
    """Run the chain: the last executor runs every stage before it first. With `progress`, one line per stage
    on stderr."""
    children_die_with_this_process()
    paths.driver_log.parent.mkdir(parents=True, exist_ok=True)
    executors = make_executors(stages, config=config, paths=paths)
    quiet_console(paths.driver_log)
    try:
        with StageProgress(stages=stages, paths=paths, show=progress):
            try:
                executors[-1].run()
            except StageAbort as abort:
                raise abort.error from None
    finally:
        setup_default_logger()


class StageProgress:
    """One line per stage on stderr, fed by datatrove's completion markers: a live bar on a terminal, otherwise
    a line as each stage ends."""

    def __init__(self, *, stages: Sequence[ExecutorStage], paths: BuildPaths, show: bool = True) -> None:
        self.stages = list(stages)
        self.paths = paths
        self.show = show
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "StageProgress":
        if self.show:
            target = self._bars if sys.stderr.isatty() else self._lines
            self._thread = threading.Thread(target=target, name="codemix-progress", daemon=True)
            self._thread.start()
        return self

    def _done(self, stage: ExecutorStage) -> int:
        completions = self.paths.logs(stage.name) / "completions"
        return len(list(completions.iterdir())) if completions.is_dir() else 0

    def _label(self, index: int, stage: ExecutorStage) -> str:
        return f"[{index + 1}/{len(self.stages)}] {stage.name}: {stage.description}"

    def _bars(self) -> None:
        from tqdm import tqdm

        for index, stage in enumerate(self.stages):
            with tqdm(total=stage.tasks, desc=self._label(index, stage), unit="task", file=sys.stderr) as bar:
                while True:
                    bar.n = self._done(stage)
                    bar.refresh()
                    if bar.n >= stage.tasks or self._stop.wait(0.5):
                        break
            if self._stop.is_set():
                return

    def _lines(self) -> None:
        started = time.monotonic()
        for index, stage in enumerate(self.stages):
            already = self._done(stage) >= stage.tasks
            while self._done(stage) < stage.tasks:
                if self._stop.wait(0.5):
                    return
            now = time.monotonic()
            timing = "already done" if already else f"{now - started:.1f} s"
            print(f"{self._label(index, stage)}: {stage.tasks}/{stage.tasks} task(s), {timing}", file=sys.stderr,
                  flush=True)
            started = now

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None and self._thread is not None:
            self._thread.join(timeout=2.0)  # let it print the last stage's line
        self._stop.set()
        if self._thread:
            self._thread.join()


def stage_logs(paths: BuildPaths) -> list[Path]:
    """The logging directories of the stages that ran in this work directory, in name order."""
    logs = paths.work / "logs"
    return sorted(d for d in logs.iterdir() if d.is_dir()) if logs.is_dir() else []
