"""plan_mixture: every strategy, exact rounding, caps and infeasibility; MixtureConfig validation."""

import json

import pytest
from pydantic import ValidationError

from codemix.laws.mixture import InfeasiblePlanError, plan_mixture, round_tokens
from codemix.schemas.config import MixtureConfig
from fractions import Fraction

LANGS = ["python", "java", "javascript", "typescript", "csharp", "go", "rust"]


def test_round_tokens_sums_exactly_with_name_tie_break():
    shares = {"b": Fraction(1, 3), "a": Fraction(1, 3), "c": Fraction(1, 3)}
    assert round_tokens(shares, 10) == {"a": 4, "b": 3, "c": 3}
    assert round_tokens(shares, 11) == {"a": 4, "b": 4, "c": 3}
    assert round_tokens({"a": Fraction(0), "b": Fraction(1)}, 7) == {"a": 0, "b": 7}
    # a capped component never gets the extra token
    assert round_tokens(shares, 10, caps={"a": 3}) == {"a": 3, "b": 4, "c": 3}


def test_uniform_and_explicit():
    unique = {"python": 100, "java": 100, "paired": 100}
    plan = plan_mixture(MixtureConfig(), unique_tokens=unique, budget_tokens=100)
    assert [c.planned_tokens for c in plan.components.values()] == [34, 33, 33]  # java, paired, python
    assert list(plan.components) == sorted(unique)
    plan = plan_mixture(MixtureConfig(strategy="explicit", shares={"python": 0.5, "java": 0.3, "paired": 0.2}),
                        unique_tokens=unique, budget_tokens=1000)
    assert {n: c.planned_tokens for n, c in plan.components.items()} == {"java": 300, "paired": 200, "python": 500}
    assert plan.components["python"].epochs == 5.0
    with pytest.raises(ValueError, match="no share for component\\(s\\) paired"):
        plan_mixture(MixtureConfig(strategy="explicit", shares={"python": 0.5, "java": 0.5}), unique_tokens=unique,
                     budget_tokens=10)
    with pytest.raises(ValueError, match="not in the build: rust"):
        plan_mixture(MixtureConfig(strategy="explicit", shares={"python": 0.5, "rust": 0.5}),
                     unique_tokens={"python": 5, "rust_": 5}, budget_tokens=10)


def test_epoch_cap_and_zero_unique_are_infeasible_with_largest_budget():
    unique = {"python": 1000, "rust": 100}
    with pytest.raises(InfeasiblePlanError, match="'rust'.*5.0 epochs of its 100 unique tokens, above the ceiling "
                       "mixture.max_epochs=2 \\(raise mixture.max_epochs to at least 5.0 to allow it\\).*"
                       "largest feasible budget for these shares: 400 tokens") as info:
        plan_mixture(MixtureConfig(max_epochs=2), unique_tokens=unique, budget_tokens=1000)
    assert info.value.largest_feasible_budget_tokens == 400
    plan = plan_mixture(MixtureConfig(max_epochs=2), unique_tokens=unique, budget_tokens=400)
    assert plan.components["rust"].epochs == 2.0
    with pytest.raises(InfeasiblePlanError, match="0 unique tokens.*no budget is feasible"):
        plan_mixture(MixtureConfig(), unique_tokens={"python": 10, "rust": 0}, budget_tokens=10)


def test_unimax_fills_capped_components_then_spreads_the_rest():
    unique = {"python": 1000, "java": 1000, "rust": 100}
    plan = plan_mixture(MixtureConfig(strategy="unimax", max_epochs=2), unique_tokens=unique, budget_tokens=1200)
    assert {n: c.planned_tokens for n, c in plan.components.items()} == {"java": 500, "python": 500, "rust": 200}
    assert plan.binding == ("rust: max_epochs",)
    with pytest.raises(InfeasiblePlanError, match="largest feasible budget: 4,200 tokens"):
        plan_mixture(MixtureConfig(strategy="unimax", max_epochs=2), unique_tokens=unique, budget_tokens=5000)
    # a component with no unique tokens gets nothing under unimax
    plan = plan_mixture(MixtureConfig(strategy="unimax", max_epochs=1), unique_tokens={"a": 10, "b": 0}, budget_tokens=10)
    assert plan.components["b"].planned_tokens == 0


def test_optimize_with_paper_laws_fixed_paired_and_caps():
    unique = {**{lang: 200 * 10**9 for lang in LANGS}, "rust": 10 * 10**9, "paired": 5 * 10**9}
    mixture = MixtureConfig(strategy="optimize", laws="paper", max_epochs=2, shares={"paired": 0.005},
                            max_shares={"python": 0.15}, weights={"go": 2.0})
    plan = plan_mixture(mixture, unique_tokens=unique, budget_tokens=350 * 10**9)
    tokens = {n: c.planned_tokens for n, c in plan.components.items()}
    assert sum(tokens.values()) == 350 * 10**9
    assert tokens["paired"] == 1_750_000_000
    assert tokens["rust"] <= 20 * 10**9 and tokens["rust"] >= 20 * 10**9 - 1
    assert tokens["python"] == pytest.approx(0.15 * 350e9, abs=2)
    assert "rust: max_epochs (share 0.0571429)" in plan.binding
    assert plan.details["allocation"]["kkt_residual"] < 1e-6
    assert plan.details["allocation"]["method"] == "slsqp"
    text = json.dumps(plan.to_dict())
    assert json.dumps(plan_mixture(mixture, unique_tokens=unique, budget_tokens=350 * 10**9).to_dict()) == text
    with pytest.raises(ValueError, match="paired.*not modelled"):
        plan_mixture(MixtureConfig(strategy="optimize"), unique_tokens=unique, budget_tokens=10**9)
    with pytest.raises(InfeasiblePlanError, match="largest feasible budget: 100,000,000,000 tokens"):
        plan_mixture(MixtureConfig(strategy="optimize", shares={"paired": 0.1}, max_epochs=2), unique_tokens=unique,
                     budget_tokens=350 * 10**9)


def test_optimize_without_synergy_is_water_filling():
    unique = {lang: 10**12 for lang in LANGS}
    plan = plan_mixture(MixtureConfig(strategy="optimize", synergy_scale=0), unique_tokens=unique,
                        budget_tokens=350 * 10**9)
    assert plan.details["allocation"]["method"] == "water-filling"
    assert round(plan.components["java"].planned_tokens / 1e9) == 58


def test_optimize_reads_a_fit_file(tmp_path):
    fit = {"format": "codemix.laws.fit", "version": 1, "languages": {
        "python": {"law": {"E": 1.0, "A": 100.0, "B": 1000.0, "alpha": 0.3, "beta": 0.3}},
        "go": {"law": {"E": 1.0, "A": 100.0, "B": 1000.0, "alpha": 0.3, "beta": 0.3}}}, "synergy": None}
    path = tmp_path / "fit.json"
    path.write_text(json.dumps(fit))
    plan = plan_mixture(MixtureConfig(strategy="optimize", laws="fit.json"), unique_tokens={"python": 10**9, "go": 10**9},
                        budget_tokens=10**6, laws_base_dir=tmp_path)
    assert plan.components["python"].planned_tokens == 500_000  # identical laws: equal split
    path.write_text(json.dumps({**fit, "format": "other"}))
    with pytest.raises(ValueError, match="not a codemix fit file"):
        plan_mixture(MixtureConfig(strategy="optimize", laws=str(path)), unique_tokens={"python": 1, "go": 1},
                     budget_tokens=10)


@pytest.mark.parametrize("raw,message", [
    ({"strategy": "uniform", "weights": {"python": 1}}, "only read by strategy 'optimize'"),
    ({"strategy": "unimax", "max_epochs": None}, "`max_epochs` must be a number of epochs \\(default 16\\)"),
    ({"warn_epochs": 0}, "greater than 0"),
    ({"strategy": "explicit", "shares": {"python": 0.5}}, "must sum to 1"),
    ({"strategy": "paper", "shares": {"paired": 1.0}}, "must sum below 1"),
    ({"strategy": "optimize", "min_shares": {"go": 0.5}, "max_shares": {"go": 0.2}}, "exceed `max_shares` for go"),
    ({"strategy": "optimize", "min_shares": {"go": -0.1}}, "non-negative"),
    ({"strategy": "uniform", "paper_variant": "typescript_larger_cut"}, "only read by strategy 'paper'"),
    ({"strategy": "greedy"}, "strategy"),
    ({"strategy": "optimize", "lawz": "paper"}, "Extra inputs"),
])
def test_mixture_config_errors(raw, message):
    with pytest.raises(ValidationError, match=message):
        MixtureConfig.model_validate(raw)
