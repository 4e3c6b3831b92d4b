"""Issue 12 (4-6): what a build does with its output folder.

(4) an output path that is a file, or a folder that cannot be written, is a sentence and exit 2, not a traceback;
(5) every file a build writes (shards, manifest, card, stats, plan, rejects, intermediate files, logs) gets the
    permissions of the user's umask, so a trainer under another account can read the shards;
(6) a killed build never shows partial output under the final names, its rerun ends with the same bytes as an
    uninterrupted build and leaves no temporary file, and a `kill -9` of `codemix` takes its workers with it.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from build_helpers import codemix_command, codemix_env, config_file, run_codemix
from codemix.cli import EXIT_USAGE, main
from codemix.pipeline.build import build_stages
from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.config import load_config


# --- (4) output errors ------------------------------------------------------------------------------
def test_an_output_path_that_is_a_file_is_a_sentence_and_exit_2(tmp_path, capsys):
    (tmp_path / "taken").write_text("not a folder\n")
    config = config_file(tmp_path, output=tmp_path / "taken")
    assert main(["build", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"the output path {tmp_path / 'taken'} is an existing file, not a folder" in err
    assert "Traceback" not in err and "NotADirectoryError" not in err
    assert main(["build", str(config), "--dry-run", "--output", str(tmp_path / "taken" / "below")]) == EXIT_USAGE
    assert "is a file, not a folder" in capsys.readouterr().err


@pytest.fixture()
def locked_folder(tmp_path):
    """A folder nothing can be created in: read-only permissions, or for root (whom permissions do not stop)
    the immutable attribute."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root where `chattr +i` is unavailable: no folder can be made unwritable")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_output_folder_that_cannot_be_written_is_a_sentence_and_exit_2(tmp_path, locked_folder, capsys):
    config = config_file(tmp_path, output=locked_folder / "out")
    assert main(["build", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"codemix build: cannot create the output folder {locked_folder / 'out'}: " in err
    assert "Traceback" not in err and "Error" not in err
    assert main(["build", str(config), "--output", str(locked_folder)]) == EXIT_USAGE  # exists, not writable
    err = capsys.readouterr().err
    assert f"codemix build: cannot write in the output folder {locked_folder}: " in err and "Traceback" not in err


# --- (5) the user's umask, and what the console shows ------------------------------------------------
UMASK = 0o027  # not the usual 022: group bits kept, nothing for others


@pytest.fixture(scope="module")
def build_in_a_subprocess(tmp_path_factory):
    """One build of the small corpus by `codemix` in its own process, under `UMASK`."""
    folder = tmp_path_factory.mktemp("subprocess-build")
    result = run_codemix("build", str(config_file(folder, output=folder / "out")), umask=UMASK)
    assert result.returncode == 0, result.stderr
    return folder / "out", result


def test_every_file_a_build_writes_has_the_umask_permissions(build_in_a_subprocess):
    out, _ = build_in_a_subprocess
    files = [p for p in out.rglob("*") if p.is_file()]
    kinds = {p.relative_to(out).parts[0] if p.parent == out or p.parts[-2] == "data" else p.suffix for p in files}
    assert {"manifest.json", "README.md", "stats.json", "plan.json", "data", ".log", ".jsonl", ".parquet"} <= kinds
    wrong = {str(p.relative_to(out)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files
             if stat.S_IMODE(p.stat().st_mode) != 0o666 & ~UMASK}  # fmt: skip
    assert not wrong, wrong
    folders = [p for p in [out, *out.rglob("*")] if p.is_dir()]
    wrong = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in folders if stat.S_IMODE(p.stat().st_mode) != 0o777 & ~UMASK}
    assert not wrong, wrong


def test_console_shows_one_line_per_stage_and_the_task_logs_keep_datatrove_lines(build_in_a_subprocess):
    """Issue 12 (9): datatrove printed about 180 log lines for the demo; its only progress signal was
    "1/2 tasks completed"."""
    out, result = build_in_a_subprocess
    lines = result.stderr.splitlines()
    config = load_config(out.parent / "build.yaml")
    stages = [stage.name for stage in build_stages(config, BuildPaths(output=out, config_hash=config.config_hash()))]
    assert len(lines) == len(stages), result.stderr
    for index, (line, stage) in enumerate(zip(lines, stages)):
        assert line.startswith(f"[{index + 1}/{len(stages)}] {stage}") and " task(s), " in line, line
    work = next((out / "work").iterdir())
    task_log = (work / "logs" / "ingest" / "logs" / "task_00000.log").read_text()
    assert "Launching pipeline for rank=0" in task_log and "Processing done for rank=0" in task_log
    assert "Launching dependency job" in (work / "logs" / "driver.log").read_text()
    assert "component" in result.stdout and "wrote 1 shard(s)" in result.stdout


# --- (6) killed builds ------------------------------------------------------------------------------
def _descendants(pid: int) -> set[int]:
    """Every live process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc to follow the process tree")
def test_a_killed_build_shows_no_partial_output_takes_its_workers_and_reruns_to_the_same_bytes(tmp_path):
    raw_config = config_file(tmp_path, output=tmp_path / "out", max_shard_tokens=300)
    process = subprocess.Popen(codemix_command("build", str(raw_config), "--quiet"), env=codemix_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    out = tmp_path / "out"
    deadline = time.monotonic() + 600
    while True:  # the shuffle has begun (scatter's first bucket part), and a worker pool is up
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline
        # a cheap poll, not a walk of all of OUT; buckets exist through scatter and gather, a window wide enough
        # that an idle machine does not finish the build between two polls (the first shard alone was not)
        if list(out.glob("work/*/buckets/*/*.parquet")):
            tree = _descendants(process.pid)
            workers = {pid for pid in tree if any(pid in _descendants(parent) for parent in tree)}  # grandchildren
            if workers:
                break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while any(map(_alive, tree)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in tree if _alive(pid)], "processes of the killed build are still running"
    # Nothing partial under the final names: no shard a `train-*` glob would load, no manifest.
    assert not list(out.glob("data/*")) and not (out / "manifest.json").exists()
    # The rerun finishes the same output as an uninterrupted build, and leaves no temporary file anywhere.
    assert main(["build", str(raw_config), "--quiet"]) == 0
    reference = tmp_path / "reference"
    assert main(["build", str(raw_config), "--quiet", "--output", str(reference)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    shards = manifest["splits"]["train"]["shards"]
    assert len(shards) > 1
    assert [s["sha256"] for s in shards] == [s["sha256"] for s in json.loads(
        (reference / "manifest.json").read_text())["splits"]["train"]["shards"]]
    assert sorted(p.name for p in (out / "data").iterdir()) == sorted(Path(s["file"]).name for s in shards)
    assert not [str(p) for p in out.rglob("*.tmp")]


PARENT = """
import os, sys, threading, time
from codemix.pipeline.executors import children_die_with_this_process
children_die_with_this_process()
def fork_sleeper():
    pid = os.fork()
    if pid == 0:
        time.sleep(120)
        os._exit(0)
    print(pid, flush=True)
fork_sleeper()                                    # forked by the main thread: the parent-death signal
thread = threading.Thread(target=fork_sleeper)     # forked by another thread: the watcher thread
thread.start(); thread.join()
time.sleep(120)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc to follow the process tree")
def test_a_forked_child_ends_when_its_parent_is_killed():
    parent = subprocess.Popen(codemix_command()[:1] + ["-c", PARENT], env=codemix_env(), stdout=subprocess.PIPE, text=True)
    children = [int(parent.stdout.readline()) for _ in range(2)]
    assert all(map(_alive, children))
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if _alive(pid)]
