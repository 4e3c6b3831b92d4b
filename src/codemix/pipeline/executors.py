"""Executor stages: a build is a chain of datatrove executors joined by `depends=`.

Each `ExecutorStage` (a name, its steps, its task count) becomes one datatrove executor of the configured type
(`executor.type`: `local`, `ray` or `slurm`) with its own logging directory `<work>/logs/<name>/`; every
executor depends on the one before it, and running the last runs (or, on Slurm, submits) the chain. A rerun
skips the tasks datatrove's completion markers (`<logs>/<name>/completions/`) list, so a killed build resumes
where it stopped. Stages that need all of the data (a plan, a manifest) are single-task stages whose step is a
plain function of the driver: datatrove runs callables `(data, rank, world_size)` as steps. Which executor runs
a stage changes nothing in what it writes.

The console shows one progress line per stage (`StageProgress`) and errors; what datatrove logs per task goes to
the task's log file only (`<logs>/<name>/logs/task_<rank>.log`), and what it logs in the driving process to
`<work>/logs/driver.log`. The local executor is `CodemixExecutor`, datatrove's own with two more rules:

- every task runs in a process of its own, forked for it by the process datatrove would have run it in (a pool
  worker, or the driver for a single-task stage), and ends with it (`run_task_in_child`): what a task allocates,
  and what the allocators keep after it, goes with it, so neither a pool worker that runs many tasks nor the
  driver grows with the data;
- every process a build starts ends with the process that started it (datatrove's worker pool, its
  `multiprocess` manager and its fork server would otherwise run on, orphaned, after a `kill -9` of `codemix`:
  `die_with_parent`).

Ray's and Slurm's processes are their cluster's to manage.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datatrove.executor import LocalPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import logger, setup_default_logger

from codemix.errors import UsageError
from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.config import BuildConfig, LocalExecutorConfig, RayExecutorConfig, SlurmExecutorConfig


class StageAbort(BaseException):
    """An expected, user-facing failure inside a stage (an infeasible plan) of a task the driver runs (the local
    executor runs single-task stages from the driver's own process, each in a process forked for it). A
    `BaseException`, so datatrove's task wrapper, which logs every `Exception` with its traceback as a crash,
    lets it through and leaves the task incomplete; `run_stages` re-raises the error it carries for the command
    line to report. Tasks of a process pool raise the error itself (a pool does not survive a `BaseException`)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error

    def __reduce__(self) -> tuple:  # pickled from a task's process to the driver's (`run_task_in_child`)
        return StageAbort, (self.error,)


#: Set by `run_stages` to the driver's process id: a task compares it with its parent's and its own.
DRIVER_PID_VARIABLE = "CODEMIX_DRIVER_PID"


def abort_stage(error: Exception) -> BaseException:
    """What a task raises to stop the build with `error`: a `StageAbort` in a task the driver runs, else `error`."""
    driver = os.environ.get(DRIVER_PID_VARIABLE)
    return StageAbort(error) if driver in (str(os.getpid()), str(os.getppid())) else error


class StageFailed(RuntimeError):
    """A stage ended with tasks that did not complete."""


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


# --- one process per task ----------------------------------------------------------------------------
def run_task_in_child(task: Callable[[], Any]) -> Any:
    """Run `task` in a process forked from this one and return what it returned, or raise what it raised.

    The child starts as a copy of this process and its memory is returned to the system when it ends: a task
    cannot leave anything behind for the next one (pyarrow's allocator keeps freed memory for reuse; a Python
    process rarely shrinks). It ends with this process (`die_with_parent`). A child that dies without reporting
    (a `kill -9`, out of memory) is a `StageFailed` naming its exit status."""
    parent = os.getpid()
    forked_by_main_thread = threading.current_thread() is threading.main_thread()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the task's process: it reports through the pipe and never returns from here
        os.close(read_end)
        status = 1
        try:
            die_with_parent(parent, forked_by_main_thread=forked_by_main_thread)
            try:
                outcome, status = ("returned", task()), 0
            except BaseException as error:  # reported to the parent, which raises it
                outcome = ("raised", error)
            try:
                payload = pickle.dumps(outcome)
            except Exception as error:  # an exception that does not pickle still reaches the parent, as text
                payload = pickle.dumps(("raised", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} "
                                                               f"(not picklable: {error})")))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if not payload:
        raise StageFailed(f"the process of a task (pid {pid}) ended without reporting: "
                          f"{_describe_wait_status(wait_status)}")
    kind, value = pickle.loads(payload)
    if kind == "raised":
        raise value
    return value


def _describe_wait_status(wait_status: int) -> str:
    if os.WIFSIGNALED(wait_status):
        return f"killed by signal {os.WTERMSIG(wait_status)}"
    return f"exit status {os.waitstatus_to_exitcode(wait_status)}"


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
    """datatrove's local executor whose tasks each run in a process of their own, log to their files only and end
    with the build (module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.driver_pid = os.getpid()

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
            # The task's process sets up and restores datatrove's loggers; this one's are untouched.
            return run_task_in_child(lambda: self._run_for_rank(rank, local_rank + 1))
        finally:
            ranks_q.put(local_rank)


def make_executor(
    stage: ExecutorStage, *, config: BuildConfig, paths: BuildPaths, depends: PipelineExecutor | None
) -> PipelineExecutor:
    """The datatrove executor of one stage, of the configured type."""
    executor = config.executor
    common = dict(pipeline=stage.pipeline, tasks=stage.tasks, logging_dir=str(paths.logs(stage.name)),
                  skip_completed=True, depends=depends)
    if isinstance(executor, LocalExecutorConfig):
        return CodemixExecutor(**common, workers=min(executor.workers, stage.tasks))
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
    check_ray_fits_a_task(executor, nodes=ray.nodes())


def check_ray_fits_a_task(executor: RayExecutorConfig, *, nodes: Sequence[dict]) -> None:
    """Raise `UsageError` when no live node of the Ray cluster (`ray.nodes()`) has the CPUs and memory one task
    asks for (`cpus_per_task`, `mem_per_cpu_gb` x `cpus_per_task`). Ray would wait for such a node forever, with
    no word on the console: a local cluster's `memory` is what the machine had free at `ray.init`."""
    need = {"CPU": float(executor.cpus_per_task),
            "memory": executor.mem_per_cpu_gb * executor.cpus_per_task * 1024**3}
    live = [node.get("Resources", {}) for node in nodes if node.get("Alive")]
    if any(all(node.get(key, 0.0) >= amount for key, amount in need.items()) for node in live):
        return
    # the largest nodes first, three at most: a big cluster's nodes each report their own free memory
    sizes = sorted({(node.get("CPU", 0.0), node.get("memory", 0.0)) for node in live}, reverse=True)
    offers = ", ".join(f"{cpu:g} CPU and {memory / 1024**3:.2f} GB" for cpu, memory in sizes[:3]) or "no live node"
    if len(sizes) > 3:
        offers += f" and {len(sizes) - 3} smaller kind(s) ({len(live)} live nodes)"
    raise UsageError(
        f"no node of the Ray cluster can run a task: a task asks for {executor.cpus_per_task} CPU and "
        f"{need['memory'] / 1024**3:.2f} GB of memory (executor.cpus_per_task, executor.mem_per_cpu_gb per CPU); "
        f"the cluster's nodes have {offers}. Lower executor.mem_per_cpu_gb or cpus_per_task, or add a larger node")


def run_stages(
    stages: Sequence[ExecutorStage], *, config: BuildConfig, paths: BuildPaths, progress: bool = True
) -> list[PipelineExecutor]:
    """Run the chain: the last executor runs every stage before it first (on Slurm: submits every stage's job
    array, each depending on the one before, and returns). With `progress`, one line per stage on stderr.
    Returns the executors."""
    local = isinstance(config.executor, LocalExecutorConfig)
    if local:
        children_die_with_this_process()
    paths.driver_log.parent.mkdir(parents=True, exist_ok=True)
    executors = make_executors(stages, config=config, paths=paths)
    os.environ[DRIVER_PID_VARIABLE] = str(os.getpid())
    quiet_console(paths.driver_log)
    try:
        if isinstance(config.executor, RayExecutorConfig):
            _connect_ray(config.executor)
        show = progress and not isinstance(config.executor, SlurmExecutorConfig)
        with StageProgress(stages=stages, paths=paths, show=show):
            try:
                executors[-1].run()
            except StageAbort as abort:
                raise abort.error from None
    finally:
        setup_default_logger()
    return executors


#: Held by the progress thread while it writes to stderr, and by a thread that forks (`os.register_at_fork`): a
#: task's process, forked by the driver while the progress thread runs, must not start with stderr's lock taken
#: by a write that will never finish in it.
_CONSOLE_WRITE = threading.Lock()


def _console_lock_in_child() -> None:
    global _CONSOLE_WRITE
    _CONSOLE_WRITE = threading.Lock()


os.register_at_fork(before=lambda: _CONSOLE_WRITE.acquire(), after_in_parent=lambda: _CONSOLE_WRITE.release(),
                    after_in_child=_console_lock_in_child)


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
            with _CONSOLE_WRITE:
                bar = tqdm(total=stage.tasks, desc=self._label(index, stage), unit="task", file=sys.stderr)
            try:
                while True:
                    bar.n = self._done(stage)
                    with _CONSOLE_WRITE:
                        bar.refresh()
                    if bar.n >= stage.tasks or self._stop.wait(0.5):
                        break
            finally:
                with _CONSOLE_WRITE:
                    bar.close()
            if self._stop.is_set():
                return

    def _lines(self) -> None:
        started = time.monotonic()
        # "already done" means done by an earlier attempt: a stage may also complete within one poll of this one
        done_before = [self._done(stage) >= stage.tasks for stage in self.stages]
        for index, stage in enumerate(self.stages):
            already = done_before[index]
            while self._done(stage) < stage.tasks:
                if self._stop.wait(0.5):
                    return
            now = time.monotonic()
            timing = "already done" if already else f"{now - started:.1f} s"
            with _CONSOLE_WRITE:
                print(f"{self._label(index, stage)}: {stage.tasks}/{stage.tasks} task(s), {timing}",
                      file=sys.stderr, flush=True)
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
