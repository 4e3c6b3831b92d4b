"""The same build on datatrove's local, Ray and Slurm executors writes the same bytes.

Ray runs on a local cluster (`ray.init(num_cpus=2)`). Slurm is emulated: a stand-in `sbatch` on PATH records
each job script datatrove submits (and answers with a job id, as sbatch does), and the test then runs every job
array task the way Slurm would, in submission order (each stage's job depends `afterok` on the one before it).
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from codemix.cli import EXIT_OK, EXIT_USAGE, main
from codemix.errors import UsageError
from codemix.pipeline.executors import check_ray_fits_a_task
from codemix.schemas.config import RayExecutorConfig

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"


def config_file(tmp_path: Path, name: str, executor: dict) -> Path:
    raw = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    raw["inputs"][0]["path"] = str(CORPUS)
    raw["output"] = {"path": str(tmp_path / name), "max_shard_tokens": 60_000, "row_group_rows": 50}
    raw["budget_tokens"] = 500_000
    raw["executor"] = executor
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def data_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for folder in ("data", "pairs_eval") for p in sorted((output / folder).glob("*.parquet"))}


@pytest.fixture(scope="module")
def local_output(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("local")
    assert main(["build", str(config_file(tmp, "out", {"type": "local", "tasks": 2, "workers": 2}))]) == EXIT_OK
    files = data_files(tmp / "out")
    assert len([f for f in files if f.startswith("data/")]) > 3
    return files


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="the ray extra is not installed: pip install -e '.[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_writes_what_local_writes(tmp_path, local_output, ray_cluster):
    # A quarter GB per task: the local cluster's memory is what the machine had free at `ray.init`, and a task
    # asking for more than that would be refused (below), not run.
    config = config_file(tmp_path, "out", {"type": "ray", "tasks": 2, "mem_per_cpu_gb": 0.25})
    assert main(["build", str(config)]) == EXIT_OK
    assert data_files(tmp_path / "out") == local_output
    assert main(["inspect", str(tmp_path / "out"), "--verify"]) == EXIT_OK


@pytest.mark.parametrize("asks", [{"mem_per_cpu_gb": 4096.0}, {"cpus_per_task": 64}])
def test_a_task_no_ray_node_can_hold_is_a_clear_error_not_a_wait(tmp_path, ray_cluster, capsys, asks):
    config = config_file(tmp_path, "out", {"type": "ray", "tasks": 2, **asks})
    assert main(["build", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "no node of the Ray cluster can run a task" in err and "2 CPU and" in err
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_the_ray_check_wants_one_live_node_with_both_cpus_and_memory():
    defaults = RayExecutorConfig(type="ray")
    assert (defaults.cpus_per_task, defaults.mem_per_cpu_gb) == (1, 2.0)  # as docs/scale.md says
    executor = RayExecutorConfig(type="ray", cpus_per_task=2, mem_per_cpu_gb=1.0)
    gb = 1024**3
    check_ray_fits_a_task(executor, nodes=[{"Alive": True, "Resources": {"CPU": 2.0, "memory": 2.0 * gb}}])
    split = [{"Alive": True, "Resources": {"CPU": 8.0, "memory": 1.0 * gb}},
             {"Alive": True, "Resources": {"CPU": 1.0, "memory": 64.0 * gb}},
             {"Alive": False, "Resources": {"CPU": 8.0, "memory": 64.0 * gb}}]
    with pytest.raises(UsageError, match=r"asks for 2 CPU and 2\.00 GB .* have 8 CPU and 1\.00 GB, "
                                         r"1 CPU and 64\.00 GB\."):
        check_ray_fits_a_task(executor, nodes=split)
    many = [{"Alive": True, "Resources": {"CPU": 1.0, "memory": (10 + n) * gb}} for n in range(6)]
    with pytest.raises(UsageError, match=r"have 1 CPU and 15\.00 GB, 1 CPU and 14\.00 GB, 1 CPU and 13\.00 GB and 3 "
                                         r"smaller kind\(s\) \(6 live nodes\)\."):
        check_ray_fits_a_task(executor, nodes=many)


FAKE_SBATCH = """#!/usr/bin/env bash
# Stands in for Slurm's sbatch: records the job (its arguments and script) and prints a job id.
log="{log}"
number=$(( $(ls "$log" | wc -l) + 100 ))
{{ printf '%s\\n' "$@"; }} > "$log/$number.args"
cp "${{@: -1}}" "$log/$number.script"
echo "Submitted batch job $number"
"""


FAKE_SCONTROL = """#!/usr/bin/env bash
# Stands in for Slurm's scontrol where datatrove asks it to expand a node list: one node, this machine.
[ "$1 $2" = "show hostnames" ] && echo "$3"
"""


def run_like_slurm(log: Path, env: dict[str, str]) -> list[str]:
    """Run every recorded job's array tasks in submission order; returns the job names run."""
    names = []
    for script in sorted(log.glob("*.script"), key=lambda p: int(p.stem)):
        text = script.read_text()
        args = (log / f"{script.stem}.args").read_text().splitlines()
        offset = next((a.split("RUN_OFFSET=")[1] for a in args if "RUN_OFFSET=" in a), "0")
        array = re.search(r"#SBATCH --array=0-(\d+)", text)
        names.append(re.search(r"#SBATCH --job-name=(\S+)", text).group(1))
        command = next(line.strip() for line in text.splitlines()
                       if "launch_pickled_pipeline" in line or line.strip().startswith("merge_stats"))
        words = shlex.split(command)
        if words[0] == "srun":  # run the task itself, as srun would on the allocated node
            words = words[words.index("launch_pickled_pipeline"):]
        for task in range(int(array.group(1)) + 1 if array else 1):
            task_env = {**env, "SLURM_ARRAY_TASK_ID": str(task), "RUN_OFFSET": offset, "SLURM_NODELIST": "localhost",
                        "SLURM_JOB_ID": script.stem}
            done = subprocess.run(words, env=task_env, capture_output=True, text=True)
            assert done.returncode == 0, f"{script.name} task {task}: {done.stderr[-3000:]}"
    return names


def submit_to_fake_slurm(tmp_path: Path, monkeypatch) -> tuple[Path, str, dict[int, str], dict[str, int]]:
    """`codemix build` with a Slurm executor and a stand-in sbatch: the log of submitted jobs, the PATH, the
    scripts by job id, and the job id of each stage."""
    log = tmp_path / "sbatch-log"
    log.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sbatch = bin_dir / "sbatch"
    sbatch.write_text(FAKE_SBATCH.format(log=log))
    (bin_dir / "scontrol").write_text(FAKE_SCONTROL)
    for tool in (sbatch, bin_dir / "scontrol"):
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    path = f"{bin_dir}:{Path(sys.executable).parent}:{os.environ['PATH']}"
    monkeypatch.setenv("PATH", path)
    config = config_file(tmp_path, "out", {"type": "slurm", "tasks": 2, "partition": "cpu", "time": "1:00:00",
                                           "env_command": f"source {Path(sys.executable).parent / 'activate'}"})
    assert main(["build", str(config)]) == EXIT_OK
    assert not (tmp_path / "out" / "manifest.json").exists()  # submitted, not run
    scripts = {int(p.stem): p.read_text() for p in log.glob("*.script")}
    stages = STAGES
    job_of = {}
    for number, text in sorted(scripts.items()):
        name = re.search(r"#SBATCH --job-name=(\S+)", text).group(1)
        if "launch_pickled_pipeline" in text:
            job_of[name] = number
            assert "#SBATCH --partition=cpu" in text and "#SBATCH --time=1:00:00" in text
            assert f"source {Path(sys.executable).parent / 'activate'}" in text
    assert list(job_of) == [f"codemix-{stage}" for stage in stages]
    return log, path, scripts, job_of


STAGES = ["ingest", "dedup-signatures", "dedup-buckets", "dedup-clusters", "dedup-filter", "pair-bucket", "pair-group",
          "index", "plan", "position", "scatter", "gather", "finalize"]


def test_slurm_job_scripts_chain_every_stage_on_the_one_before(tmp_path, monkeypatch):
    log, _path, scripts, job_of = submit_to_fake_slurm(tmp_path, monkeypatch)
    for before, after in zip(STAGES, STAGES[1:]):  # every stage waits for the one before it
        args = (log / f"{job_of[f'codemix-{after}']}.args").read_text()
        assert f"--dependency=afterok:{job_of[f'codemix-{before}']}" in args
    assert "#SBATCH --array=0-1" in scripts[job_of["codemix-ingest"]]
    assert "#SBATCH --array=0-0" in scripts[job_of["codemix-plan"]]
    for name, number in job_of.items():  # each job runs its stage's pickled executor
        stage = name.removeprefix("codemix-")
        assert f"launch_pickled_pipeline {tmp_path}/out/work/" in scripts[number]
        assert f"/logs/{stage}/executor.pik" in scripts[number]


@pytest.mark.slow
def test_slurm_jobs_run_like_slurm_write_what_local_writes(tmp_path, local_output, monkeypatch):
    log, path, _scripts, _job_of = submit_to_fake_slurm(tmp_path, monkeypatch)
    run_like_slurm(log, {**os.environ, "PATH": path, "PYTHONPATH": str(REPO / "src")})
    assert data_files(tmp_path / "out") == local_output
    assert main(["inspect", str(tmp_path / "out"), "--verify"]) == EXIT_OK


def test_slurm_without_sbatch_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    config = config_file(tmp_path, "out", {"type": "slurm", "tasks": 1, "partition": "cpu"})
    assert main(["build", str(config)]) == 2
    assert "sbatch" in capsys.readouterr().err
