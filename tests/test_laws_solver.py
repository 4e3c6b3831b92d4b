"""The allocation solver against an independent convex solver (cvxpy + Clarabel, used only here)."""

import json
import warnings

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from codemix.laws.allocate import DataLaw, InfeasiblePlanError, allocate, largest_feasible_budget
from codemix.laws.lawset import paper_lawset

cp = pytest.importorskip("cvxpy", reason="the independent reference solver is in the `test` extra")

NAMES = ["python", "java", "javascript", "typescript", "csharp", "go", "rust"]


def _reference(laws, budget, lower, upper, synergy, weights):
    """min sum_i w_i B_i (D x_i / unit)^-beta_i with power cones (exact, no rational approximation)."""
    p = cp.Variable(len(NAMES))
    x = synergy @ p
    terms = [weights[i] * laws[n].B * (budget / laws[n].tokens_unit) ** (-laws[n].beta)
             * cp.power(x[i], -laws[n].beta, approx=False)
             for i, n in enumerate(NAMES) if weights[i] > 0]  # a zero-weight term would still force x_i > 0
    problem = cp.Problem(cp.Minimize(cp.sum(terms)), [cp.sum(p) == 1, p >= lower, p <= upper])
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        problem.solve(solver=cp.CLARABEL, tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12)
    assert problem.status in ("optimal", "optimal_inaccurate")
    return float(problem.value), p.value


def _instance(rng, with_synergy):
    beta = rng.uniform(0.2, 1.4, 7)
    laws = {n: DataLaw(E=float(rng.uniform(0.3, 2.0)), B=float(np.exp(rng.uniform(-1, 3))), beta=float(beta[i]),
                       tokens_unit=1e9) for i, n in enumerate(NAMES)}
    budget = float(rng.uniform(10, 500) * 1e9)
    unique = {n: float(rng.uniform(0.02, 0.4) * budget) for n in NAMES}
    max_epochs = float(rng.choice([1.0, 2.0, 4.0]))
    weights = {n: float(rng.choice([0.0, 0.5, 1.0, 2.0], p=[0.1, 0.2, 0.5, 0.2])) for n in NAMES}
    weights["python"] = weights["python"] or 1.0
    tau = None
    if with_synergy:
        tau = rng.uniform(-0.03, 0.5, (7, 7))
        np.fill_diagonal(tau, 0.0)
    return laws, budget, unique, max_epochs, weights, tau


def test_solver_matches_independent_convex_solver():
    rng = np.random.default_rng(1)
    gaps, solved = [], 0
    with_binding_cap = with_zero_share = with_synergy_count = 0
    for index in range(64):
        with_synergy = index % 2 == 1
        laws, budget, unique, max_epochs, weights, tau = _instance(rng, with_synergy)
        min_shares = {"python": 0.02}
        try:
            result = allocate(laws, budget_tokens=budget, unique_tokens=unique, max_epochs=max_epochs,
                              min_shares=min_shares, weights=weights, synergy_tau=tau)
        except InfeasiblePlanError as error:
            # the caps cannot hold this budget: the error must give a budget that is feasible
            assert error.largest_feasible_budget_tokens is not None
            assert error.largest_feasible_budget_tokens < budget
            allocate(laws, budget_tokens=float(error.largest_feasible_budget_tokens), unique_tokens=unique,
                     max_epochs=max_epochs, min_shares=min_shares, weights=weights, synergy_tau=tau)
            continue
        solved += 1
        lower = np.array([min_shares.get(n, 0.0) for n in NAMES])
        upper = np.minimum(1.0, np.array([max_epochs * unique[n] / budget for n in NAMES]))
        synergy = np.eye(7) if tau is None else np.eye(7) + tau
        w = np.array([weights[n] for n in NAMES])
        reference, _ = _reference(laws, budget, lower, upper, synergy, w)
        constant = sum(weights[n] * laws[n].E for n in NAMES)
        data_term = result.objective - constant
        gaps.append(abs(data_term - reference) / abs(reference))
        assert result.objective == pytest.approx(constant + reference, rel=1e-6)
        assert result.kkt_residual < 1e-6
        assert result.method == ("slsqp" if with_synergy else "water-filling")
        shares = np.array([result.shares[n] for n in NAMES])
        assert shares.sum() == pytest.approx(1.0, abs=1e-9)
        assert np.all(shares >= lower - 1e-9) and np.all(shares <= upper + 1e-9)
        with_binding_cap += any("max_epochs" in b for b in result.binding)
        with_zero_share += any(result.shares[n] < 1e-9 and weights[n] > 0 for n in NAMES)
        with_synergy_count += with_synergy
    assert solved >= 50
    assert max(gaps) < 1e-6
    assert with_binding_cap >= 10 and with_zero_share >= 5 and with_synergy_count >= 20


def test_paper_preset_without_synergy_is_near_uniform_water_filling():
    laws = paper_lawset()
    result = allocate(laws.data_laws, budget_tokens=350e9)
    tokens_b = {n: round(s * 350) for n, s in result.shares.items()}
    # NOTES.md: Python 51, Java 58, JS 49, TS 46, C# 43, Go 57, Rust 46 billion
    assert tokens_b == {"python": 51, "java": 58, "javascript": 49, "typescript": 46, "csharp": 43, "go": 57, "rust": 46}
    assert result.kkt_residual < 1e-9
    # at an interior water-filling optimum every language has the same marginal value
    values = list(result.marginal_value_per_billion_tokens.values())
    assert max(values) == pytest.approx(min(values), rel=1e-6)


def test_paper_preset_with_synergy_moves_java_down_python_up():
    laws = paper_lawset()
    plain = allocate(laws.data_laws, budget_tokens=350e9)
    synergy = allocate(laws.data_laws, budget_tokens=350e9, synergy_tau=laws.tau_for(laws.languages))
    assert synergy.shares["java"] < plain.shares["java"]
    assert synergy.shares["python"] > plain.shares["python"]
    assert synergy.kkt_residual < 1e-6


def test_infeasible_budget_reports_largest_feasible():
    laws = {n: DataLaw(E=1.0, B=1.0, beta=0.5) for n in ("a", "b")}
    unique = {"a": 10.0, "b": 30.0}
    with pytest.raises(InfeasiblePlanError, match="largest feasible budget: 80 tokens") as info:
        allocate(laws, budget_tokens=100.0, unique_tokens=unique, max_epochs=2.0)
    assert info.value.largest_feasible_budget_tokens == 80
    ok = allocate(laws, budget_tokens=80.0, unique_tokens=unique, max_epochs=2.0)
    assert ok.shares["a"] == pytest.approx(0.25) and ok.shares["b"] == pytest.approx(0.75)
    assert {b.split(":")[0] for b in ok.binding} == {"a", "b"}
    with pytest.raises(InfeasiblePlanError, match="0 unique tokens"):
        allocate(laws, budget_tokens=10.0, unique_tokens={"a": 0.0, "b": 30.0}, min_shares={"a": 0.1})
    with pytest.raises(InfeasiblePlanError, match="minimum shares sum"):
        allocate(laws, budget_tokens=10.0, min_shares={"a": 0.6, "b": 0.6})
    assert largest_feasible_budget(names=("a", "b"), unique_tokens=unique, max_epochs=2.0, min_shares={"a": 0.5},
                                   max_shares=None, total_share=1.0, fixed_shares={}) == 40


def test_weights_and_bounds_are_respected():
    laws = paper_lawset().data_laws
    result = allocate(laws, budget_tokens=350e9, weights={"rust": 5.0}, max_shares={"python": 0.1},
                      min_shares={"go": 0.2})
    assert result.shares["python"] == pytest.approx(0.1, abs=1e-12)
    assert result.shares["go"] == pytest.approx(0.2, abs=1e-12)
    assert "python: max_share (share 0.1)" in result.binding
    assert "go: min_share (share 0.2)" in result.binding
    uniform = allocate(laws, budget_tokens=350e9)
    assert result.shares["rust"] > uniform.shares["rust"]
    with pytest.raises(ValueError, match="without a law: cobol"):
        allocate(laws, budget_tokens=1e9, weights={"cobol": 1.0})
    json.dumps(result.to_dict())  # JSON-ready
