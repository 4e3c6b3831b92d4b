"""The paper's proportion-dependent multilingual law (its Eq. 6 and 7), exactly as written:

    L(N, D; p) = A * N^(-sum_k p_k alpha_N^k) + B * D_x^(-sum_k p_k alpha_D^k) + sum_k p_k L_inf^k
    D_x        = D * (1 + gamma * sum_{i != j} p_i p_j tau_ij)

N and D in billions (the paper's units). tau is `Synergy.tau` (positive = helps). A, B and gamma are
not published: fit them from mixture runs with `fit_multilingual`.

Minimised over p this law describes a MIXTURE's average loss, and its optimum puts every token on one
language (checked numerically for the paper's numbers); `optimize_multilingual` says so when it
happens. Use the per-language objective in `allocate` to choose a mix.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
from scipy.optimize import minimize

from codemix.laws.allocate import project_onto_bounds
from codemix.laws.fit import HUBER_DELTA, huber, single_threaded_blas


@dataclass(frozen=True)
class MultilingualLaw:
    languages: tuple[str, ...]
    alpha_n: np.ndarray
    alpha_d: np.ndarray
    l_inf: np.ndarray
    tau: np.ndarray
    A: float
    B: float
    gamma: float
    params_unit: float = 1e9
    tokens_unit: float = 1e9

    def effective_tokens(self, tokens: float, shares: np.ndarray) -> float:
        p = np.asarray(shares, dtype=float)
        pair_sum = float(p @ self.tau @ p - np.sum(np.diag(self.tau) * p * p))
        return tokens / self.tokens_unit * (1.0 + self.gamma * pair_sum)

    def predict(self, params: float, tokens: float, shares: Sequence[float]) -> float:
        p = np.asarray(shares, dtype=float)
        n = params / self.params_unit
        d_x = self.effective_tokens(tokens, p)
        if d_x <= 0:
            return math.inf
        return float(self.A * n ** (-(p @ self.alpha_n)) + self.B * d_x ** (-(p @ self.alpha_d)) + p @ self.l_inf)

    def to_dict(self) -> dict[str, Any]:
        return {"languages": list(self.languages), "A": self.A, "B": self.B, "gamma": self.gamma,
                "params_unit": self.params_unit, "tokens_unit": self.tokens_unit}


def _pair_sums(tau: np.ndarray, shares: np.ndarray) -> np.ndarray:
    off = tau - np.diag(np.diag(tau))
    return np.einsum("ri,ij,rj->r", shares, off, shares)


@dataclass(frozen=True)
class MultilingualFit:
    law: MultilingualLaw
    objective: float
    grad_norm: float
    n_runs: int

    def to_dict(self) -> dict[str, Any]:
        return {"law": self.law.to_dict(), "objective": self.objective, "grad_norm": self.grad_norm, "n_runs": self.n_runs}


def fit_multilingual(*, languages: Sequence[str], alpha_n: Sequence[float], alpha_d: Sequence[float],
                     l_inf: Sequence[float], tau: np.ndarray, params: Sequence[float], tokens: Sequence[float],
                     shares: np.ndarray, losses: Sequence[float], params_unit: float = 1e9, tokens_unit: float = 1e9,
                     delta: float = HUBER_DELTA) -> MultilingualFit:
    """Fit (A, B, gamma) of Eq. 6-7 by summed Huber on log-loss residuals, with the per-language
    exponents and irreducible losses fixed (as the paper does). log A, log B are free; gamma is free
    but kept where D_x stays positive on every run. Multi-start over a small grid, then a tight polish."""
    n = np.asarray(params, dtype=float) / params_unit
    d = np.asarray(tokens, dtype=float) / tokens_unit
    p = np.asarray(shares, dtype=float)
    y = np.log(np.asarray(losses, dtype=float))
    if p.ndim != 2 or p.shape[1] != len(languages) or p.shape[0] != len(y):
        raise ValueError(f"shares must be (runs x languages) = ({len(y)} x {len(languages)}), got {p.shape}")
    if len(y) < 3:
        raise ValueError(f"fitting A, B and gamma needs at least 3 mixture runs, got {len(y)}")
    a_n = p @ np.asarray(alpha_n, dtype=float)
    a_d = p @ np.asarray(alpha_d, dtype=float)
    floor = p @ np.asarray(l_inf, dtype=float)
    if np.any(np.exp(y) <= floor):
        bad = int(np.argmax(np.exp(y) <= floor))
        raise ValueError(f"mixture run {bad}: loss {math.exp(y[bad]):.4g} is not above the proportion-weighted "
                         f"irreducible loss {floor[bad]:.4g}; Eq. 6 cannot fit it")
    s = _pair_sums(np.asarray(tau, dtype=float), p)
    log_n = np.log(n)
    log_d = np.log(d)

    def value_and_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        log_a, log_b, gamma = theta
        boost = 1.0 + gamma * s
        if np.any(boost <= 0):
            return 1e6, np.zeros(3)
        term_n = np.exp(log_a - a_n * log_n)
        term_d = np.exp(log_b - a_d * (log_d + np.log(boost)))
        pred = term_n + term_d + floor
        r = np.log(pred) - y
        value = float(huber(r, delta).sum())
        dr = np.clip(r, -delta, delta) / pred
        grad = np.array([(dr * term_n).sum(), (dr * term_d).sum(), (dr * term_d * (-a_d) * s / boost).sum()])
        return value, grad

    best = None
    with single_threaded_blas():
        for log_a0, log_b0, gamma0 in itertools.product((-2.0, 0.0, 2.0), (-2.0, 0.0, 2.0, 4.0), (0.0, 1.0)):
            res = minimize(value_and_grad, np.array([log_a0, log_b0, gamma0]), jac=True, method="L-BFGS-B")
            if best is None or res.fun < best.fun:
                best = res
        assert best is not None
        polished = minimize(value_and_grad, best.x, jac=True, method="L-BFGS-B",
                            options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20000})
    if polished.fun <= best.fun:
        best = polished
    value, grad = value_and_grad(best.x)
    law = MultilingualLaw(languages=tuple(languages), alpha_n=np.asarray(alpha_n, float), alpha_d=np.asarray(alpha_d, float),
                          l_inf=np.asarray(l_inf, float), tau=np.asarray(tau, float), A=float(math.exp(best.x[0])),
                          B=float(math.exp(best.x[1])), gamma=float(best.x[2]), params_unit=params_unit,
                          tokens_unit=tokens_unit)
    return MultilingualFit(law=law, objective=value, grad_norm=float(np.linalg.norm(grad)), n_runs=len(y))


@dataclass(frozen=True)
class MultilingualOptimum:
    shares: dict[str, float]
    predicted_loss: float
    collapsed_to: str | None
    n_starts: int
    distinct_local_optima: int
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"shares": self.shares, "predicted_loss": self.predicted_loss, "collapsed_to": self.collapsed_to,
                "n_starts": self.n_starts, "distinct_local_optima": self.distinct_local_optima, "notes": list(self.notes)}


def optimize_multilingual(law: MultilingualLaw, *, params: float, tokens: float,
                          lower: Sequence[float] | None = None, upper: Sequence[float] | None = None,
                          total_share: float = 1.0, n_random_starts: int = 16, seed: int = 0) -> MultilingualOptimum:
    """Minimise Eq. 6 over the shares on the capped simplex. Eq. 6 is not convex in p (exponents are
    proportion-weighted), so we start from uniform, from each vertex-like point and from Dirichlet draws."""
    k = len(law.languages)
    lo = np.zeros(k) if lower is None else np.asarray(lower, dtype=float)
    hi = np.full(k, total_share) if upper is None else np.minimum(np.asarray(upper, dtype=float), total_share)
    if lo.sum() > total_share + 1e-12 or hi.sum() < total_share - 1e-12:
        raise ValueError("no shares satisfy the bounds: the minimum shares sum above, or the maximum shares below, "
                         f"the total share {total_share}")

    def objective(p: np.ndarray) -> float:
        value = law.predict(params, tokens, p)
        return value if math.isfinite(value) else 1e6

    rng = np.random.default_rng(seed)
    starts = [np.full(k, total_share / k)]
    for i in range(k):
        vertex = np.full(k, 0.01 * total_share / k)
        vertex[i] = total_share
        starts.append(vertex)
    starts += [rng.dirichlet(np.ones(k)) * total_share for _ in range(n_random_starts)]
    constraints = [{"type": "eq", "fun": lambda p: p.sum() - total_share, "jac": lambda p: np.ones_like(p)}]
    optima: list[tuple[float, np.ndarray]] = []
    with single_threaded_blas():
        for raw in starts:
            res = minimize(objective, project_onto_bounds(raw, lo, hi, total_share), method="SLSQP", bounds=list(zip(lo, hi)),
                           constraints=constraints, options={"ftol": 1e-14, "maxiter": 1000})
            optima.append((float(res.fun), np.clip(res.x, lo, hi)))
    optima.sort(key=lambda item: item[0])
    best_value, best_p = optima[0]
    distinct = []
    for value, p in optima:
        if all(np.abs(p - q).max() > 1e-3 for q in distinct):
            distinct.append(p)
    free = best_p - lo
    collapsed = None
    notes = []
    if np.sum(free > 1e-6 * total_share) == 1:
        collapsed = law.languages[int(np.argmax(free))]
        notes.append(f"Eq. 6 puts every free share on {collapsed}: it describes a mixture's average loss and is not a "
                     "usable allocation objective; optimise the weighted per-language losses instead (mix optimize's default).")
    return MultilingualOptimum(shares={lang: float(v) for lang, v in zip(law.languages, best_p)},
                               predicted_loss=best_value, collapsed_to=collapsed, n_starts=len(starts),
                               distinct_local_optima=len(distinct), notes=tuple(notes))


def multilingual_from_preset(preset: Mapping[str, Any], *, A: float, B: float, gamma: float) -> MultilingualLaw:
    """Eq. 6 with the paper's per-language exponents and tau from its synergy table; A, B, gamma given."""
    from codemix.laws.synergy import Synergy

    fitted = preset["per_language_law"]["fitted"]
    languages = tuple(preset["languages"])
    synergy = Synergy.from_dict(preset["synergy"]).subset(languages)
    return MultilingualLaw(languages=languages, alpha_n=np.array([fitted[l]["alpha_N"] for l in languages]),
                           alpha_d=np.array([fitted[l]["alpha_D"] for l in languages]),
                           l_inf=np.array([fitted[l]["L_inf"] for l in languages]), tau=synergy.tau, A=A, B=B, gamma=gamma)
