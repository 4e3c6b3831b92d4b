"""Repetition limits: the default warning threshold (`mixture.warn_epochs`, 4) and hard ceiling
(`mixture.max_epochs`, 16), how each strategy meets the ceiling, and the warning lines of a plan."""

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from codemix.cli import EXIT_INFEASIBLE, EXIT_OK, main
from codemix.laws.allocate import level_fill
from codemix.laws.mixture import InfeasiblePlanError, plan_mixture
from codemix.laws.repetition import repetition_warnings
from codemix.schemas.config import DEFAULT_MAX_EPOCHS, DEFAULT_WARN_EPOCHS, MixtureConfig

REPO = Path(__file__).resolve().parent.parent
TASKS = REPO / "examples" / "corpus" / "tasks"
# a large corpus of three languages and one file of a fourth: the shape of the C# file
UNIQUE = {"python": 10_000, "java": 10_000, "go": 10_000, "csharp": 100}


def test_defaults_are_4_and_16():
    mixture = MixtureConfig()
    assert (mixture.warn_epochs, mixture.max_epochs) == (DEFAULT_WARN_EPOCHS, DEFAULT_MAX_EPOCHS) == (4.0, 16.0)


@pytest.mark.parametrize("strategy,extra", [("uniform", {}),
                                            ("explicit", {"shares": {"python": 0.3, "java": 0.3, "go": 0.3, "csharp": 0.1}}),
                                            ("paper", {})])
def test_fixed_share_strategies_stop_at_the_ceiling_naming_component_epochs_and_key(strategy, extra):
    with pytest.raises(InfeasiblePlanError) as info:
        plan_mixture(MixtureConfig(strategy=strategy, **extra), unique_tokens=UNIQUE, budget_tokens=40_000)
    message = str(info.value)
    assert "component 'csharp'" in message and "above the ceiling mixture.max_epochs=16" in message
    assert "raise mixture.max_epochs to at least" in message and "'unimax' and 'optimize' move" in message
    # the largest feasible budget is exact: at it the plan holds, one token more it does not
    largest = info.value.largest_feasible_budget_tokens
    plan = plan_mixture(MixtureConfig(strategy=strategy, **extra), unique_tokens=UNIQUE, budget_tokens=largest)
    assert plan.components["csharp"].epochs <= 16
    with pytest.raises(InfeasiblePlanError):
        plan_mixture(MixtureConfig(strategy=strategy, **extra), unique_tokens=UNIQUE, budget_tokens=largest + 1)


def test_uniform_names_the_epochs_it_needs():
    with pytest.raises(InfeasiblePlanError, match="needs 10,000 tokens, 100.0 epochs of its 100 unique tokens.*"
                       "raise mixture.max_epochs to at least 100.0 to allow it"):
        plan_mixture(MixtureConfig(), unique_tokens=UNIQUE, budget_tokens=40_000)
    # raised explicitly, the same plan is made, with a warning left to the caller
    plan = plan_mixture(MixtureConfig(max_epochs=100), unique_tokens=UNIQUE, budget_tokens=40_000)
    assert plan.components["csharp"].epochs == 100.0


@pytest.mark.parametrize("strategy", ["unimax", "optimize"])
def test_share_choosing_strategies_move_tokens_away_from_a_capped_component(strategy):
    plan = plan_mixture(MixtureConfig(strategy=strategy), unique_tokens=UNIQUE, budget_tokens=40_000)
    assert plan.components["csharp"].planned_tokens == 1600  # 16 x 100: the default ceiling
    assert sum(c.planned_tokens for c in plan.components.values()) == 40_000
    assert any(b.startswith("csharp: max_epochs") for b in plan.binding)
    raised = plan_mixture(MixtureConfig(strategy=strategy, max_epochs=1000), unique_tokens=UNIQUE, budget_tokens=40_000)
    assert raised.components["csharp"].planned_tokens > 1600


def test_optimize_names_the_ceiling_when_caps_cannot_fill_the_budget():
    with pytest.raises(InfeasiblePlanError, match="raise mixture.max_epochs to allow more repetition") as info:
        plan_mixture(MixtureConfig(strategy="optimize"), unique_tokens=UNIQUE, budget_tokens=10**6)
    assert info.value.largest_feasible_budget_tokens == 16 * sum(UNIQUE.values())


def test_unimax_infeasible_says_how_far_to_raise_the_ceiling():
    with pytest.raises(InfeasiblePlanError, match="largest feasible budget: 481,600 tokens \\(or raise "
                       "mixture.max_epochs to at least 33.3\\)"):
        plan_mixture(MixtureConfig(strategy="unimax"), unique_tokens=UNIQUE, budget_tokens=10**6)


def test_level_fill_is_exact_and_respects_both_bounds():
    level, values = level_fill([Fraction(0)] * 3, [Fraction(200), Fraction(2000), Fraction(2000)], Fraction(1200))
    assert level == 500 and values == [200, 500, 500]
    level, values = level_fill([0.1, 0.0, 0.0], [1.0, 0.05, 1.0], 1.0)
    assert values == pytest.approx([0.475, 0.05, 0.475])
    with pytest.raises(ValueError, match="no common level"):
        level_fill([0.0, 0.0], [0.2, 0.2], 1.0)


def test_warnings_only_above_the_threshold():
    warnings = repetition_warnings({"a": 400, "b": 401, "c": 5}, {"a": 100, "b": 100, "c": 0}, warn_epochs=4,
                                   docs={"a": 3, "b": 1})
    assert [w.component for w in warnings] == ["b"]
    record = warnings[0].to_dict()
    assert record["epochs"] == 4.01 and record["docs"] == 1 and record["kind"] == "repetition"
    assert record["message"].startswith("b: 4.0 epochs (401 planned tokens from 100 unique tokens of 1 file), "
                                        "above mixture.warn_epochs=4")


# --- end to end: a corpus with one C# file -----------------------------------------------------------
def _one_csharp_file_config(tmp_path: Path, name: str, mixture: dict, budget: str = "120K") -> Path:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        for task in sorted(p for p in TASKS.iterdir() if p.is_dir()):
            for file in ("main.py", "Main.java", "main.go"):
                (corpus / task.name).mkdir(parents=True, exist_ok=True)
                shutil.copy(task / file, corpus / task.name / file)
        shutil.copy(TASKS / "fibonacci" / "Program.cs", corpus / "fibonacci" / "Program.cs")
    config = {"inputs": [{"type": "directory", "path": str(corpus)}], "languages": ["python", "java", "go", "csharp"],
              "mixture": mixture, "budget_tokens": budget, "output": {"path": str(tmp_path / name)},
              "executor": {"type": "local", "tasks": 1, "workers": 1}}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_build_with_one_csharp_file_under_optimize_caps_and_warns(tmp_path, capsys):
    config = _one_csharp_file_config(tmp_path, "optimize", {"strategy": "optimize"})
    assert main(["build", str(config), "--report", str(tmp_path / "plan.html")]) == EXIT_OK
    out = capsys.readouterr().out
    plan = json.loads((tmp_path / "optimize" / "plan.json").read_text())
    csharp = plan["components"]["csharp"]
    assert csharp["docs"] == 1 and csharp["planned_tokens"] == 16 * csharp["unique_tokens"]  # held at the ceiling
    # one warning for every component above 4 epochs (the paper's laws also push python past it)
    assert {w["component"] for w in plan["warnings"]} == {n for n, c in plan["components"].items() if c["epochs"] > 4}
    warning = next(w for w in plan["warnings"] if w["component"] == "csharp")
    assert warning["epochs"] == 16.0 and warning["docs"] == 1
    for each in plan["warnings"]:
        assert f"warning: {each['message']}" in out  # in the summary
    assert "csharp: 16.0 epochs" in warning["message"] and "of 1 file" in warning["message"]
    assert warning["message"] in (tmp_path / "optimize" / "README.md").read_text()  # the dataset card
    assert "Warnings" in (tmp_path / "plan.html").read_text() and "csharp: 16.0 epochs" in (tmp_path / "plan.html").read_text()
    manifest = json.loads((tmp_path / "optimize" / "manifest.json").read_text())
    assert manifest["components"]["csharp"]["achieved_tokens"] == csharp["planned_tokens"]
    assert all(c["epochs"] <= 16 for c in plan["components"].values())  # the rest went to the others


def test_build_with_one_csharp_file_under_paper_stops_with_exit_3(tmp_path, capsys):
    config = _one_csharp_file_config(tmp_path, "paper", {"strategy": "paper"})
    assert main(["build", str(config), "--dry-run"]) == EXIT_INFEASIBLE
    err = capsys.readouterr().err
    assert "component 'csharp'" in err and "epochs of its" in err and "raise mixture.max_epochs to at least" in err
    assert not (tmp_path / "paper" / "plan.json").exists()


def test_raising_the_ceiling_explicitly_plans_more_repetition_with_a_warning(tmp_path, capsys):
    config = _one_csharp_file_config(tmp_path, "raised", {"strategy": "paper", "max_epochs": 100000})
    assert main(["build", str(config), "--dry-run"]) == EXIT_OK
    plan = json.loads((tmp_path / "raised" / "plan.json").read_text())
    warning = next(w for w in plan["warnings"] if w["component"] == "csharp")
    assert warning["epochs"] > 16
    assert f"warning: {warning['message']}" in capsys.readouterr().out


def test_the_defaults_follow_the_published_data_constrained_law():
    """Muennighoff et al. (2023), published fit (datablations README): R_D* = 15.387756 with the C4 base
    law a, b, e, alpha = beta = 6.255414, 7.3049974, 0.6254804, 0.3526596. Effective data D' of 4
    epochs is 93% of 4 fresh epochs; at 16 epochs one more epoch adds less than 40% of a fresh one."""
    import math

    from codemix.laws.fit import ChinchillaLaw, DataConstrainedLaw

    base = ChinchillaLaw(E=math.exp(0.6254804), A=math.exp(6.255414), B=math.exp(7.3049974), alpha=0.3526596,
                         beta=0.3526596)
    law = DataConstrainedLaw(base=base, r_d_star=15.387756, r_n_star=5.309743)
    unique = 1e9

    def effective_epochs(epochs):
        return float(law.effective(1e8, epochs * unique, unique)[1]) / unique

    assert effective_epochs(DEFAULT_WARN_EPOCHS) / DEFAULT_WARN_EPOCHS == pytest.approx(0.93, abs=0.005)
    marginal = effective_epochs(DEFAULT_MAX_EPOCHS + 0.01) - effective_epochs(DEFAULT_MAX_EPOCHS)
    assert marginal / 0.01 < 0.4
    assert effective_epochs(1) == pytest.approx(1.0)
