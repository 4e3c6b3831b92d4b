"""Measure codemix.laws against its targets and write the `laws` section of benchmarks/RESULTS.md.

Run: /work/venv/bin/python benchmarks/bench_laws.py [--full-grid]
Reads the Chinchilla points from ../shared/ beside the checkout (no licence: never shipped) and the
datablations runs from tests/fixtures/. Needs cvxpy for the solver check.
"""

from __future__ import annotations

import argparse
import math
import platform
import re
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # the fixture loaders the tests use

import laws_fixtures  # noqa: E402

from codemix.laws.allocate import DataLaw, InfeasiblePlanError, allocate  # noqa: E402
from codemix.laws.fit import (ChinchillaLaw, DataConstrainedLaw, FitOptions, bootstrap, fit_chinchilla,  # noqa: E402
                              fit_data_constrained)
from codemix.laws.lawset import load_paper_preset, paper_lawset  # noqa: E402
from codemix.laws.mixture import plan_mixture  # noqa: E402
from codemix.laws.synergy import Synergy  # noqa: E402
from codemix.schemas.config import MixtureConfig  # noqa: E402

SHARED = ROOT.parent / "shared"  # the Chinchilla points: no licence, never shipped
NAMES = ["python", "java", "javascript", "typescript", "csharp", "go", "rust"]


def chinchilla(full_grid: bool) -> list[str]:
    n, d, loss = laws_fixtures.chinchilla(SHARED)
    out = []
    for label, options in [("default starts", FitOptions())] + ([("all 4500 starts", FitOptions(n_starts=None))] if full_grid else []):
        start = time.perf_counter()
        fit = fit_chinchilla(n, d, loss, options=options)
        seconds = time.perf_counter() - start
        out.append(f"| Chinchilla refit ({label}) | alpha {fit.law.alpha:.5f}, beta {fit.law.beta:.5f}, E {fit.law.E:.5f}, "
                   f"A {fit.law.A:.2f}, B {fit.law.B:.2f}; summed Huber {fit.objective:.13f}; grad norm {fit.grad_norm:.1e}; "
                   f"{fit.n_starts_in_best_basin}/{fit.n_starts} starts in the best basin ({fit.n_basins} basins) | {seconds:.1f} s |")
    start = time.perf_counter()
    boot = bootstrap(n, d, loss, fit=fit, n_resamples=400, seed=42)
    seconds = time.perf_counter() - start
    se = boot.standard_error
    out.append(f"| Chinchilla bootstrap (400 resamples, warm-started) | SE alpha {se['alpha']:.4f}, beta {se['beta']:.4f}, "
               f"E {se['E']:.4f}, A {se['A']:.1f}, B {se['B']:.1f} (Epoch, 4000: 0.0154, 0.0206, 0.0257, 124.5, 1293.3) | {seconds:.1f} s |")
    return out


def datablations() -> list[str]:
    n, d, u, loss = laws_fixtures.datablations()
    base = ChinchillaLaw(E=math.exp(0.6254804), A=math.exp(6.255414), B=math.exp(7.3049974), alpha=0.3526596, beta=0.3526596)
    published = DataConstrainedLaw(base=base, r_d_star=15.387756, r_n_star=5.309743).objective(n, d, u, loss)
    start = time.perf_counter()
    fit = fit_data_constrained(n, d, u, loss, base=base)
    seconds = time.perf_counter() - start
    return [f"| datablations objective at the published R* | {published:.10f} (published 0.0158259366) | - |",
            f"| datablations R* refit | R_D* {fit.law.r_d_star:.2f}, R_N* {fit.law.r_n_star:.3f}, objective {fit.objective:.10f} "
            f"(ridge: lower than published) | {seconds:.1f} s |"]


def synthetic(seeds: int = 40) -> list[str]:
    errors = []
    start = time.perf_counter()
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        alpha, beta = rng.uniform(0.25, 0.5), rng.uniform(0.25, 0.5)
        truth = ChinchillaLaw(E=rng.uniform(0.4, 1.8), A=rng.uniform(0.2, 1.0) * 2e8**alpha,
                              B=rng.uniform(0.2, 1.0) * 6e9**beta, alpha=alpha, beta=beta)
        n = np.repeat(np.geomspace(2e7, 2e9, 8), 8)
        d = np.tile(np.geomspace(2e8, 2e11, 8), 8)
        fit = fit_chinchilla(n, d, truth.predict(n, d) * np.exp(rng.normal(0, 0.001, len(n))))
        errors.append(max(abs(fit.law.alpha / alpha - 1), abs(fit.law.beta / beta - 1)))
    seconds = time.perf_counter() - start
    return [f"| synthetic recovery ({seeds} laws, 8x8 grid, 0.1% noise) | max exponent error {max(errors) * 100:.2f}%, "
            f"median {np.median(errors) * 100:.2f}% | {seconds:.1f} s |"]


def solver(instances: int = 200) -> list[str]:
    import cvxpy as cp

    rng = np.random.default_rng(7)
    gaps, solved, infeasible, mine, ref_time = [], 0, 0, 0.0, 0.0
    for index in range(instances):
        beta = rng.uniform(0.2, 1.4, 7)
        laws = {n: DataLaw(E=float(rng.uniform(0.3, 2.0)), B=float(np.exp(rng.uniform(-1, 3))), beta=float(beta[i]), tokens_unit=1e9)
                for i, n in enumerate(NAMES)}
        budget = float(rng.uniform(10, 500) * 1e9)
        unique = {n: float(rng.uniform(0.02, 0.4) * budget) for n in NAMES}
        k = float(rng.choice([1.0, 2.0, 4.0]))
        w = {n: float(rng.choice([0.0, 0.5, 1.0, 2.0], p=[0.1, 0.2, 0.5, 0.2])) for n in NAMES}
        w["python"] = w["python"] or 1.0
        tau = None
        if index % 2:
            tau = rng.uniform(-0.03, 0.5, (7, 7))
            np.fill_diagonal(tau, 0.0)
        start = time.perf_counter()
        try:
            result = allocate(laws, budget_tokens=budget, unique_tokens=unique, max_epochs=k, weights=w, synergy_tau=tau)
        except InfeasiblePlanError:
            infeasible += 1
            continue
        mine += time.perf_counter() - start
        solved += 1
        p = cp.Variable(7)
        x = (np.eye(7) if tau is None else np.eye(7) + tau) @ p
        terms = [w[n] * laws[n].B * (budget / 1e9) ** (-laws[n].beta) * cp.power(x[i], -laws[n].beta, approx=False)
                 for i, n in enumerate(NAMES) if w[n] > 0]
        upper = np.minimum(1.0, np.array([k * unique[n] / budget for n in NAMES]))
        problem = cp.Problem(cp.Minimize(cp.sum(terms)), [cp.sum(p) == 1, p >= 0, p <= upper])
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            problem.solve(solver=cp.CLARABEL, tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12)
        ref_time += time.perf_counter() - start
        data_term = result.objective - sum(w[n] * laws[n].E for n in NAMES)
        gaps.append(abs(data_term - problem.value) / problem.value)
    return [f"| allocation solver vs cvxpy/Clarabel ({solved} feasible of {instances} random 7-language instances, half with synergy) | "
            f"max relative gap of the data term {max(gaps):.1e}; {infeasible} infeasible instances raised InfeasiblePlanError | "
            f"codemix {mine / solved * 1000:.1f} ms/instance, cvxpy {ref_time / solved * 1000:.1f} ms/instance |"]


def paper() -> list[str]:
    synergy = Synergy.from_dict(load_paper_preset()["synergy"])
    gain = synergy.relative_gain_percent()
    unique = {lang: 10**12 for lang in NAMES}
    plan = plan_mixture(MixtureConfig(strategy="paper"), unique_tokens=unique, budget_tokens=350 * 10**9)
    deltas = {n: (c.planned_tokens - 50 * 10**9) / 1e9 for n, c in plan.components.items()}
    laws = paper_lawset()
    plain = allocate(laws.data_laws, budget_tokens=350e9)
    syn = allocate(laws.data_laws, budget_tokens=350e9, synergy_tau=laws.tau_for(laws.languages))
    fmt = lambda a: ", ".join(f"{n} {a.shares[n] * 350:.1f}" for n in NAMES)  # noqa: E731
    return [f"| paper relative gain Java+C# | {gain['java']['csharp']:.4f}% (printed 20.58%) | - |",
            f"| `paper` strategy deltas at 350B (billions) | {deltas} | - |",
            f"| optimum of the paper preset at 350B, no synergy (B tokens) | {fmt(plain)} | - |",
            f"| optimum of the paper preset at 350B, with synergy (B tokens) | {fmt(syn)}; KKT residual {syn.kkt_residual:.1e} | - |"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full-grid", action="store_true", help="also run all 4500 Chinchilla starts (minutes)")
    args = parser.parse_args()
    lines = ["## laws (codemix.laws)", "",
             f"Machine: 2 cores (shared with other jobs), Python {platform.python_version()}; "
             f"`/work/venv/bin/python benchmarks/bench_laws.py{' --full-grid' if args.full_grid else ''}`.", "",
             "| what | result | time |", "| --- | --- | --- |"]
    for part in (chinchilla(args.full_grid), datablations(), synthetic(), solver(), paper()):
        lines += part
        print("\n".join(part), flush=True)
    write_results_section(lines)


def write_results_section(lines: list[str]) -> None:
    """Replace the section of benchmarks/RESULTS.md titled ``lines[0]`` (or append it)."""
    section = "\n".join(lines) + "\n"
    results = ROOT / "benchmarks" / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n\n"
    pattern = re.compile(re.escape(lines[0]) + r"\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(lambda _: section.rstrip("\n"), text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    results.write_text(text)


if __name__ == "__main__":
    main()
