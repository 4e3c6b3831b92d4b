"""`codemix inspect OUT [--verify] [--json]` on a real build, and on copies of it with a damaged file each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from codemix.cli import EXIT_OK, main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("inspect")
    raw = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    raw["inputs"][0]["path"] = str(REPO / "examples" / "corpus")
    raw["output"] = {"path": str(tmp / "out"), "max_shard_tokens": 50_000}
    raw["mixture"] = {"strategy": "uniform"}
    raw["budget_tokens"] = 300_000
    (tmp / "build.yaml").write_text(yaml.safe_dump(raw))
    assert main(["build", str(tmp / "build.yaml")]) == EXIT_OK
    return tmp / "out"


def damaged(built: Path, tmp_path: Path, damage) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("work"))
    damage(copy)
    return copy


def test_a_whole_build_verifies_and_reports_its_mixture(built, capsys):
    assert main(["inspect", str(built), "--verify", "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    manifest = json.loads((built / "manifest.json").read_text())
    assert report["problems"] == []
    assert report["splits"]["train"]["shards"] == len(manifest["splits"]["train"]["shards"]) == 6
    assert report["splits"]["train"]["tokens"] == manifest["splits"]["train"]["tokens"]
    for name, comp in manifest["components"].items():
        assert report["components"][name]["tokens"] == comp["achieved_tokens"]
        assert report["components"][name]["planned_share"] == pytest.approx(1 / 8)
        assert report["components"][name]["worst_window_excess_pp"] >= 0
    assert main(["inspect", str(built)]) == EXIT_OK
    assert "worst 1% window" in capsys.readouterr().out


@pytest.mark.parametrize("damage, problem", [
    (lambda out: (out / "data" / "train-00002-of-00006.parquet").write_bytes(
        (out / "data" / "train-00002-of-00006.parquet").read_bytes()[:-300]), "not a readable Parquet file"),
    (lambda out: (out / "data" / "train-00001-of-00006.parquet").unlink(), "missing"),
    (lambda out: (out / "data" / "train-00009-of-00009.parquet").write_bytes(b"stray"), "not in the manifest"),
    (lambda out: shutil.copy(out / "data" / "train-00003-of-00006.parquet", out / "data" / "train-00004-of-00006.parquet"),
     "differs from the manifest"),
])
def test_verify_fails_on_a_truncated_missing_extra_or_altered_shard(built, tmp_path, capsys, damage, problem):
    copy = damaged(built, tmp_path, damage)
    assert main(["inspect", str(copy), "--verify"]) == 1
    assert problem in capsys.readouterr().err
    # without --verify the report still comes out; only a shard it cannot read is a problem then
    assert main(["inspect", str(copy)]) == (1 if problem in ("not a readable Parquet file", "missing") else EXIT_OK)


def test_inspect_of_what_is_no_build_is_an_error(tmp_path, capsys):
    assert main(["inspect", str(tmp_path)]) == 1
    assert "no manifest" in capsys.readouterr().err
    assert main(["inspect", str(tmp_path / "nowhere")]) == 2
