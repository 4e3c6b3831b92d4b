"""`codemix laws design`: grids `laws fit` accepts, languages the corpus has, and corpora that do not need
absurd repetition."""

import csv
import json
import re
import shlex
from pathlib import Path

import numpy as np
import pytest
import yaml

from codemix.cli import EXIT_INFEASIBLE, main
from codemix.laws.fit import ChinchillaLaw
from test_laws_cli import _run

REPO = Path(__file__).resolve().parent.parent


def _base(tmp_path, **mixture):
    (tmp_path / "code").mkdir(exist_ok=True)
    base = {"inputs": [{"type": "directory", "path": "code"}], "output": {"path": "out"}, "tokenizer": "default"}
    if mixture:
        base["mixture"] = {"strategy": "uniform", **mixture}
    path = tmp_path / "base.yaml"
    path.write_text(yaml.safe_dump(base))
    return path


def _plan(path, unique):
    path.write_text(json.dumps({"components": {name: {"unique_tokens": u, "docs": 10} for name, u in unique.items()}}))
    return path


def _readme_design_argv():
    line = next(l for l in (REPO / "README.md").read_text().splitlines() if "codemix laws design" in l)
    return shlex.split(line.split("#")[0])[1:]  # drop `.venv/bin/codemix` and the comment


def test_the_readme_design_example_is_fittable(tmp_path):
    """The README's example grid, filled with losses from a known law, is accepted by `laws fit`."""
    argv = _readme_design_argv()
    assert argv[:2] == ["laws", "design"]
    argv[argv.index("--base-config") + 1] = str(_base(tmp_path))
    argv[argv.index("--out") + 1] = str(tmp_path / "grid")
    assert _run(argv + ["--languages", "python"]) == 0
    law = ChinchillaLaw(E=0.8, A=0.5 * 3e8**0.3, B=0.5 * 8e9**0.3, alpha=0.3, beta=0.3)
    rows = list(csv.DictReader((tmp_path / "grid" / "runs_template.csv").open()))
    for row in rows:
        row["loss"] = float(law.predict(float(row["params"]), float(row["tokens"])))
    with (tmp_path / "runs.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert _run(["laws", "fit", str(tmp_path / "runs.csv"), "--out", str(tmp_path / "fit.json"), "--bootstrap", "0",
                 "--folds", "0"]) == 0
    assert json.loads((tmp_path / "fit.json").read_text())["languages"]["python"]["law"]["alpha"] == pytest.approx(0.3, abs=1e-3)


@pytest.mark.parametrize("params,tokens", [("100M", "2B"), ("100M,400M", "2B,8B"), ("100M", "2B,4B,8B,16B,32B")])
def test_grids_fit_would_refuse_are_refused(tmp_path, capsys, params, tokens):
    argv = ["laws", "design", "--base-config", str(_base(tmp_path)), "--out", str(tmp_path / "grid"), "--params", params,
            "--tokens", tokens]
    assert _run(argv) == 2
    err = capsys.readouterr().err
    assert "`codemix laws fit` would refuse it" in err and "3 or more distinct model sizes" in err
    assert not (tmp_path / "grid").exists()


def test_fit_refuses_two_model_sizes_with_the_same_sentence(tmp_path, capsys):
    rows = [{"language": "python", "params": n, "tokens": d, "loss": 2.0 + 1e8 / n + 1e9 / d}
            for n in (1e8, 4e8) for d in (2e9, 4e9, 8e9, 16e9)]
    with (tmp_path / "runs.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["language", "params", "tokens", "loss"])
        writer.writeheader()
        writer.writerows(rows)
    assert _run(["laws", "fit", str(tmp_path / "runs.csv")]) == 2
    assert "8 runs at 2 model size(s) and 4 token count(s)" in capsys.readouterr().err


def test_languages_the_plan_lacks_are_skipped_or_refused(tmp_path, capsys):
    plan = _plan(tmp_path / "plan.json", {"python": 10**12, "java": 10**12, "csharp": 0})
    argv = ["laws", "design", "--base-config", str(_base(tmp_path)), "--out", str(tmp_path / "grid"), "--plan", str(plan)]
    assert _run(argv) == 0
    err = capsys.readouterr().err
    assert "skipping javascript, typescript, csharp, go, rust" in err and f"checked against {plan}" in err
    configs = sorted(p.name for p in (tmp_path / "grid" / "configs").iterdir())
    assert configs and all(name.startswith(("python-", "java-")) for name in configs)
    assert _run(argv + ["--languages", "python,csharp"]) == 2
    assert "has no tokens of csharp: drop them from --languages" in capsys.readouterr().err


def test_corpora_beyond_the_ceiling_are_an_error_and_nothing_is_written(tmp_path, capsys):
    """The issue's design wrote a config needing 1,141,552 epochs and exited 0."""
    plan = _plan(tmp_path / "plan.json", {"python": 10**9})
    argv = ["laws", "design", "--base-config", str(_base(tmp_path)), "--out", str(tmp_path / "grid"), "--plan", str(plan),
            "--params", "100M,400M,1B", "--tokens", "2B,8B,32B"]
    assert _run(argv) == EXIT_INFEASIBLE
    err = capsys.readouterr().err
    assert "corpus 'python-32B' needs 32B tokens of python, 32.0 epochs of its 1B unique tokens (at most 16B" in err
    assert "python-8B" not in err  # 8 epochs: under the ceiling
    assert "raise mixture.max_epochs in the base config" in err
    assert not (tmp_path / "grid").exists()
    # a base config that raises the ceiling on purpose gets its configs, with warnings and the epochs in the header
    argv[argv.index("--base-config") + 1] = str(_base(tmp_path, max_epochs=40))
    assert _run(argv) == 0
    err = capsys.readouterr().err
    assert re.search(r"warning: corpus 'python-8B': python 8\.0 epochs .* above mixture\.warn_epochs=4", err)
    assert "python-2B" not in err
    config = (tmp_path / "grid" / "configs" / "python-32B.yaml").read_text()
    assert "repetition in the corpus: python 32.00 epochs" in config.splitlines()[0]
    assert yaml.safe_load(config)["mixture"] == {"strategy": "explicit", "shares": {"python": 1.0}, "max_epochs": 40}


def test_synergy_corpora_are_checked_per_language(tmp_path, capsys):
    plan = _plan(tmp_path / "plan.json", {"python": 10**12, "java": 3 * 10**9})
    argv = ["laws", "design", "--base-config", str(_base(tmp_path)), "--out", str(tmp_path / "grid"), "--plan", str(plan),
            "--params", "100M,400M,1B", "--tokens", "1B,2B,3B", "--synergy-tokens", "128B", "--synergy-params", "1B"]
    assert _run(argv) == EXIT_INFEASIBLE
    err = capsys.readouterr().err
    assert "corpus 'syn-java+python-128B' needs 64B tokens of java, 21.3 epochs" in err
    assert "corpus 'syn-java-twice-128B' needs 64B tokens of java" in err


def test_the_base_configs_own_dry_run_plan_is_used(tmp_path, capsys):
    base = _base(tmp_path)
    (tmp_path / "out").mkdir()
    _plan(tmp_path / "out" / "plan.json", {"python": 10**9})
    assert _run(["laws", "design", "--base-config", str(base), "--out", str(tmp_path / "grid")]) == EXIT_INFEASIBLE
    assert "the corpus in" in capsys.readouterr().err
    (tmp_path / "out" / "plan.json").unlink()
    assert _run(["laws", "design", "--base-config", str(base), "--out", str(tmp_path / "grid")]) == 0
    assert "warning: no dry-run plan" in capsys.readouterr().err


def test_an_unchecked_proxy_config_still_stops_at_the_build_ceiling(tmp_path, capsys):
    """Without a plan, design cannot know; the proxy config's own dry run stops at mixture.max_epochs."""
    base = _base(tmp_path)
    (tmp_path / "code" / "main.py").write_text((REPO / "examples" / "corpus" / "tasks" / "fibonacci" / "main.py").read_text())
    assert _run(["laws", "design", "--base-config", str(base), "--out", str(tmp_path / "grid"), "--languages", "python",
                 "--params", "1M,2M,4M", "--tokens", "1M,2M,4M"]) == 0
    config = tmp_path / "grid" / "configs" / "python-4M.yaml"
    assert main(["build", str(config), "--dry-run", "--output", str(tmp_path / "dry")]) == EXIT_INFEASIBLE
    assert "raise mixture.max_epochs to at least" in capsys.readouterr().err


def test_design_result_is_a_valid_runs_file_per_language(tmp_path):
    """Every language of a default design passes the same grid check as `laws fit`."""
    from codemix.laws.fitruns import grid_problem

    assert _run(["laws", "design", "--base-config", str(_base(tmp_path)), "--out", str(tmp_path / "grid")]) == 0
    rows = list(csv.DictReader((tmp_path / "grid" / "runs_template.csv").open()))
    for language in {r["language"] for r in rows}:
        group = [r for r in rows if r["language"] == language and not r["auxiliary_language"]]
        assert grid_problem([float(r["params"]) for r in group], [float(r["tokens"]) for r in group]) is None
    assert np.unique([r["language"] for r in rows]).size == 7
