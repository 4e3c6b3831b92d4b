"""An output at an fsspec URL (issue 17: "inputs and outputs on any fsspec path").

The build writes its work directory into `output.work_dir` and copies the staged output to the URL, manifest
last. fsspec's `memory://` file system stands in for an object store: it has no local path and no rename. It
lives in one process's memory, so here the one-task stages that write to it (plan, finalize) run in this
process (`tasks_in_this_process`) rather than in a process forked for each task, which would take what they
wrote with it when it ends; tasks of several-task stages still run in pool workers (they write only to the
local `work_dir`).
"""

from __future__ import annotations

import json
from pathlib import Path

import fsspec
import pytest
import yaml

import codemix.pipeline.executors as executors

from build_helpers import config_file
from codemix.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from codemix.pipeline.manifest import without_run_timing
from codemix.stream import CodeMixStream

URL = "memory://codemix-remote/out"


@pytest.fixture(scope="module", autouse=True)
def tasks_in_this_process():
    """Tasks the driver runs, run in this process (module docstring)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(executors, "run_task_in_child", lambda task: task())
        yield


@pytest.fixture(scope="module")
def builds(tmp_path_factory, tasks_in_this_process):
    """The small corpus built into a local folder and into `URL`: (local output, remote config path)."""
    folder = tmp_path_factory.mktemp("remote")
    local = folder / "local"
    assert main(["build", str(config_file(folder, output=local)), "--quiet"]) == EXIT_OK
    raw = yaml.safe_load((folder / "build.yaml").read_text())
    raw["output"] = {"path": URL, "work_dir": str(folder / "work")}
    remote_config = folder / "remote.yaml"
    remote_config.write_text(yaml.safe_dump(raw))
    assert main(["build", str(remote_config), "--quiet"]) == EXIT_OK
    yield local, remote_config
    fsspec.filesystem("memory").rm("/codemix-remote", recursive=True)


def remote_files() -> dict[str, bytes]:
    memory = fsspec.filesystem("memory")
    return {path.split("/codemix-remote/out/", 1)[1]: memory.cat_file(path)
            for path in memory.find("/codemix-remote/out")}


def test_the_remote_output_holds_the_local_builds_bytes(builds):
    local, _ = builds
    files = remote_files()
    local_files = {p.relative_to(local).as_posix() for p in local.rglob("*") if p.is_file() and "work" not in p.relative_to(local).parts}
    assert set(files) == local_files
    shards = [name for name in files if name.startswith("data/")]
    assert shards and all(files[name] == (local / name).read_bytes() for name in shards)
    assert files["plan.json"] == (local / "plan.json").read_bytes()
    remote_manifest = without_run_timing(json.loads(files["manifest.json"]))
    local_manifest = without_run_timing(json.loads((local / "manifest.json").read_text()))
    assert remote_manifest["config"].pop("output")["path"] == URL  # where it went: the only difference
    local_manifest["config"].pop("output")
    assert remote_manifest == local_manifest


def test_inspect_verifies_the_remote_output_and_a_reader_streams_it(builds, capsys):
    local, _ = builds
    assert main(["inspect", URL, "--verify"]) == EXIT_OK
    assert "verify: every file matches the manifest" in capsys.readouterr().out
    assert [r["id"] for r in CodeMixStream(URL)] == [r["id"] for r in CodeMixStream(str(local))]


def test_inspect_fails_on_an_altered_or_extra_remote_file(builds, capsys):
    memory = fsspec.filesystem("memory")
    shard = next(p for p in memory.find("/codemix-remote/out/data"))
    original = memory.cat_file(shard)
    try:
        memory.pipe_file(shard, original[:-10])
        memory.pipe_file("/codemix-remote/out/data/train-99999-of-99999.parquet", original)
        assert main(["inspect", URL, "--verify"]) == EXIT_FAILURE
        err = capsys.readouterr().err
        assert "not a readable Parquet file" in err and "train-99999-of-99999.parquet: not in the manifest" in err
    finally:
        memory.pipe_file(shard, original)
        memory.rm_file("/codemix-remote/out/data/train-99999-of-99999.parquet")


def test_a_build_replaces_an_earlier_builds_remote_output_whole(builds, tmp_path):
    _, remote_config = builds
    memory = fsspec.filesystem("memory")
    earlier = "/codemix-remote/rebuilt"
    memory.pipe_file(f"{earlier}/data/train-00007-of-00009.parquet", b"an earlier build's shard")
    memory.pipe_file(f"{earlier}/pairs_eval/pairs_eval-00000-of-00001.parquet", b"an earlier build's split")
    memory.pipe_file(f"{earlier}/manifest.json", b"{}")
    raw = yaml.safe_load(Path(remote_config).read_text())
    raw["output"] = {"path": f"memory:/{earlier}", "work_dir": str(tmp_path / "work")}
    config = tmp_path / "rebuilt.yaml"
    config.write_text(yaml.safe_dump(raw))
    assert main(["build", str(config), "--quiet"]) == EXIT_OK
    published = {p.split(earlier + "/", 1)[1]: memory.cat_file(p) for p in memory.find(earlier)}
    assert published.keys() == remote_files().keys()  # nothing of the earlier build is left
    assert all(published[k] == v for k, v in remote_files().items() if k.startswith("data/"))
    assert main(["inspect", f"memory:/{earlier}", "--verify"]) == EXIT_OK


def test_a_url_output_without_a_work_dir_is_a_config_error(tmp_path, capsys):
    config_file(tmp_path, output=tmp_path / "unused")
    raw = yaml.safe_load((tmp_path / "build.yaml").read_text())
    raw["output"] = {"path": "memory://codemix-remote/elsewhere"}
    (tmp_path / "build.yaml").write_text(yaml.safe_dump(raw))
    assert main(["build", str(tmp_path / "build.yaml")]) == EXIT_USAGE
    assert "output.work_dir" in capsys.readouterr().err
    # --output with a URL over a config without work_dir: the same sentence, before any work
    config = config_file(tmp_path, output=tmp_path / "local")
    assert main(["build", str(config), "--output", "memory://codemix-remote/elsewhere"]) == EXIT_USAGE
    assert "output.work_dir" in capsys.readouterr().err
    assert not fsspec.filesystem("memory").exists("/codemix-remote/elsewhere")


def test_a_dry_run_writes_its_plan_to_the_url(builds, tmp_path):
    _, remote_config = builds
    raw = yaml.safe_load(Path(remote_config).read_text())
    raw["output"] = {"path": "memory://codemix-remote/dry", "work_dir": str(tmp_path / "work")}
    config = tmp_path / "dry.yaml"
    config.write_text(yaml.safe_dump(raw))
    assert main(["build", str(config), "--dry-run", "--quiet"]) == EXIT_OK
    memory = fsspec.filesystem("memory")
    plan = json.loads(memory.cat_file("/codemix-remote/dry/plan.json"))
    assert plan["dry_run"] is True and plan["components"]
    assert memory.find("/codemix-remote/dry") == ["/codemix-remote/dry/plan.json"]
