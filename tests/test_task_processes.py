"""Issue 17: every task of the local executor runs in a process of its own (`run_task_in_child`), so what a task
leaves behind (a cache, memory the allocator keeps) neither accumulates in a pool worker that runs many tasks
nor stays in the driver, which runs the single-task stages."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from codemix.pipeline.executors import CodemixExecutor, StageAbort, StageFailed, run_task_in_child

#: What a task leaves behind in its process: a module-level cache, as a tokenizer or a grammar loader keeps.
LEFT_BEHIND: list[int] = []


def record_task_process(out: Path):
    def step(data, rank: int = 0, world_size: int = 1):
        LEFT_BEHIND.append(rank)
        (out / f"{rank}.json").write_text(json.dumps({"pid": os.getpid(), "parent": os.getppid(),
                                                      "left_behind": list(LEFT_BEHIND)}))
        return data

    return step


@pytest.mark.parametrize("workers", [1, 2])
def test_each_task_runs_in_a_process_of_its_own_and_leaves_nothing_behind(tmp_path, workers):
    out = tmp_path / "tasks"
    out.mkdir()
    LEFT_BEHIND.clear()
    executor = CodemixExecutor(pipeline=[record_task_process(out)], tasks=4, workers=workers,
                               logging_dir=str(tmp_path / "logs"), skip_completed=True)
    executor.run()
    tasks = [json.loads((out / f"{rank}.json").read_text()) for rank in range(4)]
    pids = [task["pid"] for task in tasks]
    assert len(set(pids)) == 4 and os.getpid() not in pids
    # each task saw only what it added itself: nothing of an earlier task in the same worker
    assert [task["left_behind"] for task in tasks] == [[rank] for rank in range(4)]
    assert LEFT_BEHIND == []  # nor in the driver, which runs the tasks of a one-worker stage
    if workers == 1:
        assert {task["parent"] for task in tasks} == {os.getpid()}
    assert sorted(p.name for p in (tmp_path / "logs" / "completions").iterdir()) == [f"{r:05d}" for r in range(4)]


def test_a_task_process_returns_its_value_and_raises_its_error():
    assert run_task_in_child(lambda: {"stats": [1, 2]}) == {"stats": [1, 2]}

    def fails():
        raise KeyError("row 7")

    with pytest.raises(KeyError, match="row 7"):
        run_task_in_child(fails)

    def aborts():
        raise StageAbort(ValueError("the plan is infeasible"))

    with pytest.raises(StageAbort) as caught:
        run_task_in_child(aborts)
    assert isinstance(caught.value.error, ValueError) and str(caught.value.error) == "the plan is infeasible"


class Unpicklable(Exception):
    def __init__(self, handle) -> None:
        super().__init__("a handle")
        self.handle = handle

    def __reduce__(self):
        raise TypeError("cannot pickle a handle")


def test_an_error_that_does_not_pickle_still_reaches_the_parent_as_text():
    def fails():
        raise Unpicklable(object())

    with pytest.raises(RuntimeError, match="Unpicklable: a handle"):
        run_task_in_child(fails)


def test_a_task_process_that_dies_without_reporting_is_a_stage_failure():
    with pytest.raises(StageFailed, match=f"killed by signal {int(signal.SIGKILL)}"):
        run_task_in_child(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(StageFailed, match="exit status 3"):
        run_task_in_child(lambda: os._exit(3))
