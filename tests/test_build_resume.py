"""A build killed (SIGKILL of its whole process group) in any stage and rerun writes the same bytes as a build
that was never interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"
TASKS = 3


def config_file(tmp_path: Path, name: str) -> Path:
    raw = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    raw["inputs"][0]["path"] = str(CORPUS)
    raw["output"]["path"] = str(tmp_path / name)
    raw["output"]["max_shard_tokens"] = 40_000  # several shards, so the shard stages have several tasks of work
    raw["budget_tokens"] = 420_000  # some repetition
    raw["executor"] = {"type": "local", "tasks": TASKS, "workers": 1}  # tasks run one after another
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def build(config: Path, *, kill_in: str | None = None) -> int:
    """Run `codemix build` in its own process group; with `kill_in`, SIGKILL the group once the stage has
    started and before it has finished (after its first task, when it has several)."""
    process = subprocess.Popen([sys.executable, "-m", "codemix.cli", "build", str(config)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    if kill_in is None:
        return process.wait(timeout=600)
    output = Path(yaml.safe_load(config.read_text())["output"]["path"])
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        logs = [p / "logs" / kill_in for p in (output / "work").glob("*")] if (output / "work").is_dir() else []
        started = [log for log in logs if (log / "logs").is_dir()]
        if started:
            completions = started[0] / "completions"
            done = len(list(completions.iterdir())) if completions.is_dir() else 0
            if done >= (1 if kill_in in MULTI_TASK else 0):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return -9
        time.sleep(0.005)
    raise AssertionError(f"the build finished before the kill in {kill_in} (exit {process.returncode})")


MULTI_TASK = {"ingest", "pair-bucket", "index", "position", "scatter", "gather"}


def output_bytes(output: Path) -> dict[str, bytes]:
    """Every file of the output but the work directory; the JSON records without what differs between two
    builds into two folders (the output path, the config hash, run timing, per-stage timings)."""
    files = sorted(p for p in output.rglob("*") if p.is_file() and "work" not in p.relative_to(output).parts)
    out = {p.relative_to(output).as_posix(): p.read_bytes() for p in files
           if p.name not in ("manifest.json", "README.md", "stats.json", "plan.json")}
    plan = json.loads((output / "plan.json").read_text())
    plan.pop("config_hash")
    manifest = json.loads((output / "manifest.json").read_text())
    for key in ("config", "config_hash", "run"):
        manifest.pop(key)
    stats = json.loads((output / "stats.json").read_text())
    stats.pop("stages")
    out.update({"plan.json": json.dumps(plan).encode(), "manifest.json": json.dumps(manifest).encode(),
                "stats.json": json.dumps(stats).encode()})
    return out


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("whole")
    assert build(config_file(tmp, "whole")) == 0
    return output_bytes(tmp / "whole")


@pytest.mark.parametrize("stage", ["scatter", pytest.param("plan", marks=pytest.mark.slow),
                                   pytest.param("ingest", marks=pytest.mark.slow),
                                   pytest.param("pair-group", marks=pytest.mark.slow),
                                   pytest.param("dedup", marks=pytest.mark.slow),
                                   pytest.param("index", marks=pytest.mark.slow),
                                   pytest.param("position", marks=pytest.mark.slow),
                                   pytest.param("gather", marks=pytest.mark.slow),
                                   pytest.param("finalize", marks=pytest.mark.slow)])
def test_a_build_killed_in_a_stage_resumes_to_the_same_bytes(tmp_path, uninterrupted, stage):
    config = config_file(tmp_path, "killed")
    # the same output path as the uninterrupted build's would make the config hashes equal: compare by content
    assert build(config, kill_in=stage) == -9
    assert not (tmp_path / "killed" / "manifest.json").exists()
    assert build(config) == 0
    from codemix.cli import main

    assert main(["inspect", str(tmp_path / "killed"), "--verify"]) == 0
    resumed = output_bytes(tmp_path / "killed")
    assert resumed.keys() == uninterrupted.keys()
    for name, data in uninterrupted.items():
        assert resumed[name] == data, name
