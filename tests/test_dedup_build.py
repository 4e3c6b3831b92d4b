"""The dedup stages inside whole builds: byte-identical output for 1, 2 and 4 tasks and after a SIGKILL in any
dedup stage, pairs of a decontaminated program removed with it, and the dry run's unique tokens after dedup."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from codemix.cli import EXIT_OK, main
from codemix.pipeline.manifest import without_run_timing
from codemix.stages.rejects import read_rejects

REPO = Path(__file__).resolve().parent.parent
TASKS = REPO / "examples" / "corpus" / "tasks"
CHOSEN = ("binary_search", "caesar_cipher", "dijkstra", "merge_sort", "palindromes", "word_count")
CONTAMINATED = "palindromes"  # its Python program is the benchmark's one item


def _corpus(root: Path) -> Path:
    """Six demo tasks in seven languages, a near copy (two renamed variables) of one Python program, an exact copy
    of one Go program, and a benchmark file whose item is another task's Python program."""
    corpus = root / "corpus"
    for name in CHOSEN:
        shutil.copytree(TASKS / name, corpus / "tasks" / name)
    near = (TASKS / "merge_sort" / "main.py").read_text()
    for old, new in (("left", "lo_part"), ("right", "hi_part")):
        near = re.sub(rf"\b{old}\b", new, near)
    # one folder each: a folder holding Python and Go would be a pair group, whose copies survive first
    (corpus / "extra_py").mkdir()
    (corpus / "extra_py" / "sorting.py").write_text(near)
    (corpus / "extra_go").mkdir()
    (corpus / "extra_go" / "count.go").write_text((TASKS / "word_count" / "main.go").read_text())
    bench = root / "bench.jsonl"
    program = (TASKS / CONTAMINATED / "main.py").read_text()
    bench.write_text(json.dumps({"task_id": "Mini/7", "solution": program}) + "\n")
    return corpus


def _config(root: Path, name: str, *, tasks: int, workers: int = 2) -> Path:
    raw = {
        "inputs": [{"type": "directory", "path": str(root / "corpus"), "name": "c", "pair_key_from": "parent_dir"}],
        "pairing": {"pivot": "python"},
        "dedup": {"decontaminate": [{"path": str(root / "bench.jsonl"), "name": "mini", "fields": ["solution"],
                                     "id_key": "task_id", "language": "python"}]},
        "output": {"path": str(root / name)},
        "executor": {"type": "local", "tasks": tasks, "workers": workers},
    }
    path = root / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def _removed(out: Path) -> dict[str, tuple]:
    work = next((out / "work").iterdir())
    return {r["id"]: (r["reason"], r["duplicate_of"], r["benchmark"], r["benchmark_item"])
            for r in read_rejects(work / "rejected") if r["stage"] == "dedup"}


def _outputs(out: Path) -> dict[str, bytes]:
    """Every shard and split file, by path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*.parquet"))}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("dedup_build")
    _corpus(root)
    for tasks in (1, 2, 4):
        assert main(["build", str(_config(root, f"t{tasks}", tasks=tasks))]) == EXIT_OK
    return root


def test_removals_are_the_planted_ones(builds):
    removed = _removed(builds / "t2")
    contaminated = {doc: record for doc, record in removed.items() if record[0] == "benchmark_contamination"}
    assert {doc: record for doc, record in removed.items() if doc not in contaminated} == {
        "c:extra_go/count.go": ("exact_duplicate", "c:tasks/word_count/main.go", None, None),
        "c:extra_py/sorting.py": ("near_duplicate", "c:tasks/merge_sort/main.py", None, None),
    }
    # The benchmark item is the task's Python program; its translations carry the same test sentences ("A man, a
    # plan, a canal: Panama", "Was it a car or a cat I saw?", ...), thirteen word tokens and more of the item.
    assert f"c:tasks/{CONTAMINATED}/main.py" in contaminated
    assert all(doc.startswith(f"c:tasks/{CONTAMINATED}/") for doc in contaminated)
    assert set(contaminated.values()) == {("benchmark_contamination", None, "mini", "Mini/7")}


def test_output_is_byte_identical_for_1_2_and_4_tasks(builds):
    reference = _outputs(builds / "t1")
    assert reference and any(name.startswith("data/") for name in reference)
    manifests = []
    for name in ("t1", "t2", "t4"):
        assert _outputs(builds / name) == reference, name
        assert _removed(builds / name) == _removed(builds / "t1")
        manifest = without_run_timing(json.loads((builds / name / "manifest.json").read_text()))
        for key in ("config", "config_hash"):
            manifest.pop(key)
        manifests.append(manifest)
    assert manifests[0] == manifests[1] == manifests[2]


def test_pairs_of_a_decontaminated_program_are_removed_with_it(builds):
    out = builds / "t2"
    manifest = json.loads((out / "manifest.json").read_text())
    # five complete tasks pair Python with six languages both ways; the contaminated task has no pivot left
    assert manifest["components"]["paired"]["rows"] == 5 * 12
    assert manifest["splits"]["pairs_eval"]["rows"] == 5 * 30
    ids, pair_ids = set(), set()
    for shard in manifest["splits"]["train"]["shards"]:
        table = pq.read_table(out / shard["file"], columns=["id", "pair_id"])
        ids |= set(table.column("id").to_pylist())
        pair_ids |= {p for p in table.column("pair_id").to_pylist() if p}
    assert f"c:tasks/{CONTAMINATED}/main.py" not in ids and "c:extra_py/sorting.py" not in ids
    assert not any(CONTAMINATED in p for p in pair_ids)
    eval_table = pq.read_table(next((out / "pairs_eval").glob("*.parquet")), columns=["pair_key"])
    assert not any(CONTAMINATED in key for key in eval_table.column("pair_key").to_pylist())
    # stats, card and manifest count the removals per language
    stats = json.loads((out / "stats.json").read_text())
    assert stats["removed_by_dedup"]["benchmark_contamination"]["python"]["docs"] == 1
    assert stats["removed_by_dedup"]["near_duplicate"]["python"]["docs"] == 1
    assert stats["removed_by_dedup"]["exact_duplicate"]["go"]["docs"] == 1
    card = (out / "README.md").read_text()
    assert "## Deduplication and decontamination" in card and "| python | 1 | 0 | 1 |" in card
    assert "contamination with mini (13-token n-grams)" in card


def test_dry_run_counts_unique_tokens_after_dedup(builds, tmp_path, capsys):
    config = _config(builds, "dry", tasks=2)
    assert main(["build", str(config), "--dry-run"]) == EXIT_OK
    printed = capsys.readouterr().out
    plan = json.loads((builds / "dry" / "plan.json").read_text())
    built = json.loads((builds / "t2" / "manifest.json").read_text())
    for language in ("python", "go", "java"):
        assert plan["components"][language]["unique_tokens"] == built["components"][language]["unique_tokens"]
    python = plan["components"]["python"]
    assert python["docs"] == len(CHOSEN) - 1  # six tasks, the contaminated one gone; the near copy gone
    assert plan["removed_by_dedup"]["near_duplicate"]["python"]["docs"] == 1
    assert re.search(r"removed by dedup\s+benchmark_contamination\s+exact_duplicate\s+near_duplicate", printed)


# --- SIGKILL in a dedup stage ----------------------------------------------------------------------------------
_KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from codemix.pipeline import build as driver
    from codemix.pipeline.executors import ExecutorStage
    from codemix.schemas.config import load_config

    stage_name, config_path = sys.argv[1], sys.argv[2]
    planned = driver.build_stages

    def killing_stages(config, paths, **kwargs):
        stages = []
        for stage in planned(config, paths, **kwargs):
            if stage.name == stage_name:
                def kill(data, rank, world_size, last=stage.tasks - 1):
                    for _ in data or ():  # the dedup step does its work (and writes its files) as it is read
                        pass
                    if rank == last:  # earlier ranks completed; this one wrote its files but is not marked done
                        os.killpg(os.getpgid(0), signal.SIGKILL)
                    return iter(())
                stage = ExecutorStage(stage.name, stage.description, [*stage.pipeline, kill], stage.tasks)
            stages.append(stage)
        return stages

    driver.build_stages = killing_stages
    config = load_config(config_path)
    driver.build(config, output=Path(config.output.path))
""")


def _kill_and_rerun(builds: Path, stage: str, tmp_path: Path) -> None:
    for item in ("corpus", "bench.jsonl"):
        link = tmp_path / item
        link.symlink_to(builds / item)
    config = _config(tmp_path, "killed", tasks=2, workers=1)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    killed = subprocess.run([sys.executable, "-c", _KILLER, stage, str(config)], env=env, capture_output=True,
                            text=True, start_new_session=True, timeout=600)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    work = next((tmp_path / "killed" / "work").iterdir())
    assert (work / "logs" / stage).is_dir() and not (tmp_path / "killed" / "manifest.json").exists()
    assert main(["build", str(config)]) == EXIT_OK
    assert _outputs(tmp_path / "killed") == _outputs(builds / "t2")
    assert _removed(tmp_path / "killed") == _removed(builds / "t2")


def test_rerun_after_sigkill_in_the_cluster_stage_gives_the_same_bytes(builds, tmp_path):
    _kill_and_rerun(builds, "dedup-clusters", tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["dedup-signatures", "dedup-buckets", "dedup-filter"])
def test_rerun_after_sigkill_in_any_dedup_stage_gives_the_same_bytes(builds, tmp_path, stage):
    _kill_and_rerun(builds, stage, tmp_path)
