"""Runs format validation and the `laws fit|design` and `mix optimize` commands, called in-process."""

import argparse
import csv
import json

import numpy as np
import pytest
import yaml

from codemix.cli.laws import add_parser
from codemix.laws.fit import ChinchillaLaw
from codemix.laws.lawset import load_paper_preset
from codemix.laws.runs import RunsError, read_runs
from codemix.schemas.config import validate_config

LANGS = ["python", "java"]


def _parser():
    parser = argparse.ArgumentParser(prog="codemix")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(argv):
    args = _parser().parse_args(argv)
    return args.func(args)


def _write_runs(path, rows, columns):
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _synthetic_runs(path, seed=0):
    """Per-language grids from known laws plus the synergy design (7x... here 2x2) for python and java."""
    rng = np.random.default_rng(seed)
    truths = {"python": ChinchillaLaw(E=0.6, A=0.5 * 2e8**0.35, B=0.6 * 6e9**0.4, alpha=0.35, beta=0.4),
              "java": ChinchillaLaw(E=0.4, A=0.4 * 2e8**0.3, B=0.5 * 6e9**0.33, alpha=0.3, beta=0.33)}
    rows = []
    for lang, law in truths.items():
        for n in np.geomspace(2e7, 2e9, 5):
            for d in np.geomspace(2e8, 2e11, 5):
                loss = float(law.predict(n, d) * np.exp(rng.normal(0, 0.001)))
                rows.append({"language": lang, "params": f"{n:.0f}", "tokens": f"{d:.0f}", "loss": loss})
    losses = {("python", "python"): 0.75, ("python", "java"): 0.74, ("java", "java"): 0.90, ("java", "python"): 0.85}
    for (t, a), loss in losses.items():
        rows.append({"language": t, "auxiliary_language": a, "params": "1500000000", "tokens": "128000000000", "loss": loss})
    _write_runs(path, rows, ["language", "params", "tokens", "loss", "auxiliary_language"])
    return truths


def test_runs_errors_name_file_row_and_reason(tmp_path):
    path = tmp_path / "runs.csv"
    _write_runs(path, [{"language": "python", "params": "1e8", "tokens": "x", "loss": "2"}], ["language", "params", "tokens", "loss"])
    with pytest.raises(RunsError, match="runs.csv: row 1: column 'tokens': expected a number, got 'x'"):
        read_runs(path)
    _write_runs(path, [{"language": "python", "params": "1e8", "tokens": "1e9", "loss": "-2"}], ["language", "params", "tokens", "loss"])
    with pytest.raises(RunsError, match="row 1: column 'loss': must be positive"):
        read_runs(path)
    _write_runs(path, [{"language": "python", "params": "1", "tokens": "1", "los": "2"}], ["language", "params", "tokens", "los"])
    with pytest.raises(RunsError, match="missing required column\\(s\\) loss"):
        read_runs(path)
    _write_runs(path, [{"language": "python", "params": "1", "tokens": "1", "loss": "2", "note": "x"}],
                ["language", "params", "tokens", "loss", "note"])
    with pytest.raises(RunsError, match="unknown column\\(s\\) note"):
        read_runs(path)
    _write_runs(path, [{"language": "python", "params": "1", "tokens": "1", "loss": "2", "share_python": "0.5",
                        "share_java": "0.4"}], ["language", "params", "tokens", "loss", "share_python", "share_java"])
    with pytest.raises(RunsError, match="row 1: the share_\\* columns must sum to 1"):
        read_runs(path)
    _write_runs(path, [{"language": "python", "params": "1", "tokens": "1", "loss": "2", "share_python": "0.5",
                        "share_java": "0.5"}], ["language", "params", "tokens", "loss", "share_python", "share_java"])
    with pytest.raises(RunsError, match="its 'language' must be 'mixture'"):
        read_runs(path)
    with pytest.raises(RunsError, match="no such runs file"):
        read_runs(tmp_path / "missing.csv")


def test_runs_parquet_round_trip(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"language": ["mixture"], "params": [1e8], "tokens": [1e9], "loss": [2.0],
                      "share_python": [0.25], "share_java": [0.75]})
    pq.write_table(table, tmp_path / "runs.parquet")
    (run,) = read_runs(tmp_path / "runs.parquet")
    assert run.kind == "mixture" and dict(run.shares) == {"java": 0.75, "python": 0.25}


def test_laws_fit_cli_end_to_end(tmp_path, capsys):
    runs = tmp_path / "runs.csv"
    truths = _synthetic_runs(runs)
    out = tmp_path / "fit.json"
    assert _run(["laws", "fit", str(runs), "--out", str(out), "--bootstrap", "10", "--folds", "3", "--starts", "8"]) == 0
    fit = json.loads(out.read_text())
    assert fit["format"] == "codemix.laws.fit"
    for lang, truth in truths.items():
        entry = fit["languages"][lang]
        assert entry["law"]["alpha"] == pytest.approx(truth.alpha, rel=0.03)
        assert entry["law"]["beta"] == pytest.approx(truth.beta, rel=0.03)
        assert entry["grad_norm"] < 1e-5 and entry["n_runs"] == 25
        assert entry["bootstrap"]["n_resamples"] == 10 and "alpha" in entry["bootstrap"]["ci95"]
        assert entry["held_out"]["mean_abs_relative_error"] < 0.01
    assert fit["synergy"]["order"] == ["java", "python"]
    assert fit["synergy"]["relative_gain"][0][1] == pytest.approx((0.90 - 0.85) / 0.90)  # java helped by python
    assert fit["synergy"]["relative_gain"][1][0] == pytest.approx((0.75 - 0.74) / 0.75)
    # same inputs, same bytes
    again = tmp_path / "again.json"
    assert _run(["laws", "fit", str(runs), "--out", str(again), "--bootstrap", "10", "--folds", "3", "--starts", "8"]) == 0
    assert again.read_bytes() == out.read_bytes()
    # the fit drives mix optimize
    assert _run(["mix", "optimize", "--laws", str(out), "--budget", "100B", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    shares = result["allocation"]["shares"]
    assert sum(shares.values()) == pytest.approx(1.0)
    assert result["allocation"]["method"] == "slsqp"  # the fit carries a synergy matrix
    assert result["allocation"]["objective"] <= result["uniform"]["objective"] + 1e-12


def test_laws_fit_cli_bad_input_exits_2(tmp_path, capsys):
    runs = tmp_path / "runs.csv"
    _write_runs(runs, [{"language": "python", "params": "1e8", "tokens": "1e9", "loss": "2"}], ["language", "params", "tokens", "loss"])
    assert _run(["laws", "fit", str(runs)]) == 2
    assert "needs at least 5" in capsys.readouterr().err
    assert _run(["laws", "fit", str(tmp_path / "nope.csv")]) == 2
    assert _run(["laws", "fit", str(runs), "--starts", "zero"]) == 2


def test_mix_optimize_paper_with_plan(tmp_path, capsys):
    plan = tmp_path / "plan.json"
    components = {lang: {"unique_tokens": 100 * 10**9} for lang in load_paper_preset()["languages"]}
    components["rust"] = {"unique_tokens": 10 * 10**9}
    components["paired"] = {"unique_tokens": 50 * 10**9}
    plan.write_text(json.dumps({"components": components}))
    argv = ["mix", "optimize", "--laws", "paper", "--budget", "350B", "--plan", str(plan), "--max-epochs", "2"]
    assert _run(argv + ["--json"]) == 2
    assert "paired have no law" in capsys.readouterr().err
    assert _run(argv + ["--fixed-shares", "paired=0.1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    allocation = result["allocation"]
    assert allocation["shares"]["rust"] == pytest.approx(20 / 350)
    assert any(b.startswith("rust: max_epochs") for b in allocation["binding"])
    assert allocation["kkt_residual"] < 1e-6
    assert set(allocation["marginal_value_per_billion_tokens"]) == set(load_paper_preset()["languages"])
    # without caps, the optimum beats the paper's own allocation under the paper's own numbers
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--json", "--compare-paper"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["allocation"]["objective"] < result["paper_allocation"]["objective"]
    assert result["allocation"]["objective"] < result["uniform"]["objective"]
    assert _run(argv + ["--fixed-shares", "paired=0.5"]) == 3  # infeasible, as `codemix build` exits
    assert "largest feasible budget: 200,000,000,000 tokens" in capsys.readouterr().err
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B"]) == 0
    assert "water-filling" not in capsys.readouterr().out  # synergy on by default
    with pytest.raises(SystemExit):
        _parser().parse_args(["mix", "optimize", "--laws", "paper", "--budget", "lots"])


def _plan_with_one_small_language(tmp_path, small_unique_tokens=1_000_000):
    plan = tmp_path / "plan.json"
    components = {lang: {"unique_tokens": 100 * 10**9, "docs": 10**6} for lang in load_paper_preset()["languages"]}
    components["csharp"] = {"unique_tokens": small_unique_tokens, "docs": 1}
    plan.write_text(json.dumps({"components": components}))
    return plan


def test_mix_optimize_plan_applies_the_default_ceiling_and_warns(tmp_path, capsys):
    """The issue's plan: one C# file. Without a ceiling the optimum planned ~26 million epochs for it."""
    plan = _plan_with_one_small_language(tmp_path, small_unique_tokens=2_000)
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--plan", str(plan), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["max_epochs"] == 16
    assert result["allocation"]["shares"]["csharp"] * 350e9 == pytest.approx(16 * 2_000)
    (warning,) = result["warnings"]
    assert warning["component"] == "csharp" and warning["epochs"] == pytest.approx(16) and warning["docs"] == 1
    assert "above --warn-epochs=4" in warning["message"]
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--plan", str(plan)]) == 0
    out = capsys.readouterr().out
    assert f"warning: {warning['message']}" in out and "epochs" in out.splitlines()[1]
    # a lower threshold warns for more; without a plan there are no epochs to warn about
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--plan", str(plan), "--json",
                 "--warn-epochs", "0.4"]) == 0
    assert len(json.loads(capsys.readouterr().out)["warnings"]) > 1
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--warn-epochs", "2"]) == 2
    assert "need --plan" in capsys.readouterr().err
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B"]) == 0
    assert "note: no --plan: the unique tokens of each language are unknown" in capsys.readouterr().out


def test_mix_optimize_baseline_is_uniform_under_the_same_limits(tmp_path, capsys):
    plan = _plan_with_one_small_language(tmp_path)
    argv = ["mix", "optimize", "--laws", "paper", "--budget", "350B", "--plan", str(plan), "--max-epochs", "4"]
    assert _run(argv + ["--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    uniform = result["uniform"]
    assert uniform["shares"]["csharp"] == pytest.approx(4 * 1e6 / 350e9)  # held at its cap, like the optimum
    others = {v for k, v in uniform["shares"].items() if k != "csharp"}
    assert max(others) - min(others) < 1e-12 and sum(uniform["shares"].values()) == pytest.approx(1.0)
    assert uniform["description"] == "uniform under the same limits (equal shares except csharp, held at a limit)"
    assert result["allocation"]["objective"] <= uniform["objective"]
    assert _run(argv) == 0
    out = capsys.readouterr().out
    assert "compared with: uniform = uniform under the same limits" in out
    objective = next(line for line in out.splitlines() if line.startswith("objective"))
    optimum, baseline = (float(v) for v in objective.replace("(uniform:", "").rstrip(")").split()[1:3])
    assert optimum <= baseline


def test_mix_optimize_compare_paper_in_text_mode(capsys):
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--compare-paper", "--json"]) == 0
    paper = json.loads(capsys.readouterr().out)["paper_allocation"]
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--compare-paper"]) == 0
    out = capsys.readouterr().out
    assert f"paper: {paper['objective']:.6f})" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("language") and "share paper" in line)
    assert lines[header].split() == ["language", "share", "optimised", "share", "uniform", "share", "paper",
                                     "loss", "optimised", "loss", "uniform", "loss", "paper"]
    python = next(line for line in lines[header:] if line.startswith("python")).split()
    assert python[3] == f"{paper['shares']['python']:.4f}" and python[6] == f"{paper['predicted_loss']['python']:.6g}"


def test_mix_optimize_prints_small_budgets_in_their_unit(capsys):
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "2M", "--synergy-scale", "0"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()[1:8]
    assert "tokens" in header and "(B)" not in header
    assert all(row.split()[2].endswith("K") for row in rows)  # about 2M / 7 each: hundreds of thousands
    assert " 0.00 " not in out


def test_mix_optimize_model_params_needs_a_fit(capsys):
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--model-params", "1.5e9"]) == 2
    assert "the paper publishes no A" in capsys.readouterr().err


def test_mix_optimize_eq6(capsys):
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--objective", "eq6", "--model-params", "1.5e9"]) == 2
    assert "publishes no A, B, gamma" in capsys.readouterr().err
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--objective", "eq6", "--model-params", "1.5e9",
                 "--eq6", "A=0.5,B=2,gamma=0.5", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["eq6"]["collapsed_to"] is not None


def test_laws_design_writes_template_and_valid_configs(tmp_path):
    (tmp_path / "code").mkdir()
    base = {"inputs": [{"type": "directory", "path": "code"}], "output": {"path": "out"}, "tokenizer": "default"}
    base_path = tmp_path / "base.yaml"
    base_path.write_text(yaml.safe_dump(base))
    out = tmp_path / "design"
    assert _run(["laws", "design", "--base-config", str(base_path), "--out", str(out), "--languages", "python,java",
                 "--params", "100M,400M,1B", "--tokens", "2B,8B,32B", "--synergy-tokens", "16B",
                 "--synergy-params", "400M"]) == 0
    runs = list(csv.DictReader((out / "runs_template.csv").open()))
    assert len(runs) == 2 * 3 * 3 + 4
    assert all(r["loss"] == "" for r in runs)
    synergy = [r for r in runs if r["auxiliary_language"]]
    assert {(r["language"], r["auxiliary_language"]) for r in synergy} == {
        ("python", "python"), ("python", "java"), ("java", "python"), ("java", "java")}
    twice = next(r for r in synergy if r["language"] == r["auxiliary_language"] == "python")
    assert twice["unique_tokens"] == str(8 * 10**9) and twice["tokens"] == str(16 * 10**9)
    configs = sorted((out / "configs").glob("*.yaml"))
    assert len(configs) == 6 + 2 + 1  # lang x D corpora, two seen-twice corpora, one pair corpus
    for path in configs:
        raw = yaml.safe_load(path.read_text())
        config = validate_config(raw, source=str(path), base_dir=path.parent)
        assert config.budget_tokens > 0
    twice_config = (out / "configs" / "syn-python-twice-16B.yaml").read_text()
    assert twice_config.startswith("# codemix laws design") and "train 2 epoch(s)" in twice_config
    assert yaml.safe_load(twice_config)["budget_tokens"] == 8 * 10**9
    # filled in with losses, the template is a valid runs file
    for row in runs:
        row["loss"] = "1.0"
    with (out / "filled.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(runs[0]))
        writer.writeheader()
        writer.writerows(runs)
    assert len(read_runs(out / "filled.csv")) == len(runs)


def test_laws_fit_data_constrained_on_datablations(tmp_path, fixtures_dir):
    """The repetition law fitted by the CLI on Muennighoff et al.'s 182 runs explains them better than
    the same base law that counts repeated tokens as fresh."""
    from codemix.laws.fit import ChinchillaLaw, DataConstrainedLaw, HuberLogObjective

    source = fixtures_dir / "datablations" / "c4_repetition_182.csv"
    rows = list(csv.DictReader(source.open(newline="")))
    runs = tmp_path / "runs.csv"
    _write_runs(runs, [{"run_id": r["name"], "language": "c4", "params": float(r["params_billions"]) * 1e9,
                        "tokens": float(r["tokens_billions"]) * 1e9, "unique_tokens": float(r["unique_tokens_billions"]) * 1e9,
                        "loss": r["val_loss"]} for r in rows], ["run_id", "language", "params", "tokens", "unique_tokens", "loss"])
    out = tmp_path / "fit.json"
    assert _run(["laws", "fit", str(runs), "--data-constrained", "--bootstrap", "0", "--folds", "0", "--out", str(out)]) == 0
    entry = json.loads(out.read_text())["languages"]["c4"]
    assert entry["n_runs"] == 29  # the base law is fitted on the runs without repetition
    base = ChinchillaLaw.from_dict(entry["law"])
    constrained = DataConstrainedLaw(base=base, r_d_star=entry["data_constrained"]["law"]["r_d_star"],
                                     r_n_star=entry["data_constrained"]["law"]["r_n_star"])
    n, d, u, loss = (np.array([float(r[k]) for r in rows]) for k in ("params_billions", "tokens_billions",
                                                                   "unique_tokens_billions", "val_loss"))
    n, d, u = n * 1e9, d * 1e9, u * 1e9
    naive = HuberLogObjective(log_n=np.log(n), log_d=np.log(d), log_loss=np.log(loss)).value(base.theta)
    assert entry["data_constrained"]["objective"] == pytest.approx(constrained.objective(n, d, u, loss), rel=1e-9)
    assert entry["data_constrained"]["objective"] < 0.8 * naive
    assert entry["data_constrained"]["n_runs"] == 182
    # missing unique tokens is a clear error
    _write_runs(runs, [{"language": "c4", "params": 1e8, "tokens": 1e9, "loss": 3.0}] * 6, ["language", "params", "tokens", "loss"])
    assert _run(["laws", "fit", str(runs), "--data-constrained"]) == 2


def test_fit_with_mixture_runs_and_eq6_optimize(tmp_path, capsys):
    """Mixture runs drawn from Eq. 6 (with the per-language laws and synergy of the same file): the fitted
    Eq. 6 predicts them closely and `mix optimize --objective eq6` uses it. (gamma itself is weakly
    identified here: with two languages and small tau it moves D_x by a few percent at most.)"""
    from codemix.laws.multilingual import MultilingualLaw
    from codemix.laws.synergy import synergy_from_runs

    runs = tmp_path / "runs.csv"
    truths = _synthetic_runs(runs)
    rows = list(csv.DictReader(runs.open()))
    order = ["java", "python"]
    synergy = synergy_from_runs([r for r in rows if r["auxiliary_language"]])
    law = MultilingualLaw(languages=tuple(order), alpha_n=np.array([truths[l].alpha for l in order]),
                          alpha_d=np.array([truths[l].beta for l in order]), l_inf=np.array([truths[l].E for l in order]),
                          tau=synergy.tau, A=40.0, B=900.0, gamma=2.0, params_unit=1.0, tokens_unit=1.0)
    rng = np.random.default_rng(3)
    for _ in range(20):
        p_java = float(rng.uniform(0.05, 0.95))
        n, d = float(rng.choice([5e7, 2e8, 8e8])), float(rng.choice([1e9, 4e9, 1.6e10]))
        rows.append({"language": "mixture", "params": n, "tokens": d, "loss": law.predict(n, d, [p_java, 1 - p_java]),
                     "share_java": p_java, "share_python": 1 - p_java, "auxiliary_language": ""})
    _write_runs(runs, rows, ["language", "params", "tokens", "loss", "auxiliary_language", "share_java", "share_python"])
    out = tmp_path / "fit.json"
    assert _run(["laws", "fit", str(runs), "--out", str(out), "--bootstrap", "0", "--folds", "0", "--starts", "8"]) == 0
    fitted = json.loads(out.read_text())["multilingual"]
    assert fitted["n_runs"] == 20
    fit_json = json.loads(out.read_text())
    refit = MultilingualLaw(languages=tuple(order), alpha_n=np.array([fit_json["languages"][l]["law"]["alpha"] for l in order]),
                            alpha_d=np.array([fit_json["languages"][l]["law"]["beta"] for l in order]),
                            l_inf=np.array([fit_json["languages"][l]["law"]["E"] for l in order]), tau=synergy.tau,
                            A=fitted["law"]["A"], B=fitted["law"]["B"], gamma=fitted["law"]["gamma"],
                            params_unit=1.0, tokens_unit=1.0)
    mixture_rows = [r for r in rows if r["language"] == "mixture"]
    errors = [abs(refit.predict(r["params"], r["tokens"], [r["share_java"], r["share_python"]]) / r["loss"] - 1)
              for r in mixture_rows]
    assert max(errors) < 0.005
    capsys.readouterr()
    assert _run(["mix", "optimize", "--laws", str(out), "--budget", "10B", "--objective", "eq6",
                 "--model-params", "4e8", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert sum(result["eq6"]["shares"].values()) == pytest.approx(1.0)
    assert result["eq6"]["n_starts"] >= 3


def test_laws_fit_on_real_openlm_code_losses(tmp_path, capsys, fixtures_dir):
    """Gadre et al.'s 104 OpenLM runs (MIT): the code validation loss, one law per training set (the
    `language` column is free-form: here it names the training set). Over-trained runs up to 32x
    Chinchilla make it a real extrapolation test."""
    rows = list(csv.DictReader((fixtures_dir / "gadre-openlm" / "openlm_104_losses.csv").open(newline="")))
    runs = tmp_path / "runs.csv"
    _write_runs(runs, [{"run_id": r["name"], "language": r["dataset_name"], "params": r["params"], "tokens": r["tokens"],
                        "loss": r["loss_paloma_dolma_100_programming_languages"]} for r in rows],
                ["run_id", "language", "params", "tokens", "loss"])
    assert _run(["laws", "fit", str(runs), "--json", "--bootstrap", "10", "--folds", "5", "--starts", "16"]) == 0
    fit = json.loads(capsys.readouterr().out)
    assert sorted(fit["languages"]) == ["c4_original", "rpj", "rw_original"]
    for entry in fit["languages"].values():
        assert entry["n_runs"] >= 34 and entry["grad_norm"] < 1e-5
        assert 0.1 < entry["law"]["alpha"] < 1.0 and 0.1 < entry["law"]["beta"] < 1.0
        assert entry["held_out"]["mean_abs_relative_error"] < 0.1
        low, high = entry["bootstrap"]["ci95"]["beta"]
        assert low <= entry["law"]["beta"] <= high
