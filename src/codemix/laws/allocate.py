"""The allocation solver: per-language token shares that minimise a weighted sum of predicted losses.

Problem (shares p over the modelled languages; fixed shares of other components are set aside):

    minimise    F(p) = sum_i w_i * [E_i + B_i * (x_i * D / unit_i)^(-beta_i)]
    with        x = S p,  S = I + synergy_scale * tau  (x_i: language i's effective share of the budget D)
    subject to  sum_i p_i = 1 - sum(fixed shares)
                min_share_i <= p_i <= min(max_share_i, max_epochs * U_i / D)

Each term is convex and decreasing in x_i > 0, x is linear in p, so F is convex where x > 0 (the
optimum keeps x > 0 whenever it can, because the loss blows up at x -> 0). Without synergy (S = I)
the KKT conditions give the closed-form water-filling solution

    p_i(lambda) = clip((w_i beta_i c_i / lambda)^(1/(beta_i+1)), lo_i, hi_i),  c_i = B_i (D/unit_i)^-beta_i

with one multiplier lambda set by the budget (found by root finding). With synergy we use SLSQP with
analytic gradients; exact zero shares (a language fed entirely by the others) and binding caps are
normal optima. Each result reports the KKT residual, which constraints bind, and each language's
marginal value of one more billion tokens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
from scipy.optimize import brentq, minimize

from codemix.laws.fit import single_threaded_blas

BILLION = 1e9


class InfeasiblePlanError(ValueError):
    """No shares satisfy the constraints. The message says why and the largest feasible budget."""

    def __init__(self, message: str, *, largest_feasible_budget_tokens: int | None = None):
        super().__init__(message)
        self.largest_feasible_budget_tokens = largest_feasible_budget_tokens


@dataclass(frozen=True)
class DataLaw:
    """The data term of a language's law at a fixed model size: loss(D) = E + B / (D / tokens_unit)^beta.

    ``E`` may include the constant A / N^alpha term; it does not change the allocation."""

    E: float
    B: float
    beta: float
    tokens_unit: float = 1.0

    def loss(self, tokens: Any) -> np.ndarray:
        return self.E + self.B * (np.asarray(tokens, dtype=float) / self.tokens_unit) ** (-self.beta)


# --- share bounds and feasibility ------------------------------------------------------------------
@dataclass(frozen=True)
class ShareBounds:
    names: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    upper_reason: tuple[str, ...]  # "max_share" | "max_epochs" | "no_unique_tokens" | "none"


def share_bounds(names: Sequence[str], *, budget_tokens: float, unique_tokens: Mapping[str, float] | None,
                 max_epochs: float | None, min_shares: Mapping[str, float] | None,
                 max_shares: Mapping[str, float] | None, total_share: float) -> ShareBounds:
    lower, upper, reasons = [], [], []
    for name in names:
        lo = float((min_shares or {}).get(name, 0.0))
        hi, reason = float((max_shares or {}).get(name, total_share)), "max_share"
        if name not in (max_shares or {}):
            hi, reason = total_share, "none"
        if unique_tokens is not None and name in unique_tokens:
            unique = float(unique_tokens[name])
            if unique <= 0:
                hi, reason = 0.0, "no_unique_tokens"
            elif max_epochs is not None:
                cap = max_epochs * unique / budget_tokens
                if cap < hi:
                    hi, reason = cap, "max_epochs"
        lower.append(lo)
        upper.append(hi)
        reasons.append(reason)
    return ShareBounds(names=tuple(names), lower=np.array(lower), upper=np.array(upper), upper_reason=tuple(reasons))


def level_fill(lower: Sequence[Any], upper: Sequence[Any], total: Any) -> tuple[Any, list[Any]]:
    """The equal level t with sum_i clip(t, lower_i, upper_i) = total, and those clipped values: every
    component gets the same amount except those held at a bound (UniMax; uniform under limits). Exact
    for Fractions (the sum is linear in t between consecutive bounds); ValueError when no t reaches
    the total."""
    if not lower:
        raise ValueError("level_fill needs at least one component")

    def filled(t: Any) -> Any:
        return sum(min(max(t, lo), hi) for lo, hi in zip(lower, upper))

    points = sorted(set(lower) | set(upper))
    if filled(points[0]) > total or filled(points[-1]) < total:
        raise ValueError(f"no common level fills {total}: the bounds allow {filled(points[0])} to {filled(points[-1])}")
    level = points[0]
    for a, b in zip(points, points[1:]):
        at_a, at_b = filled(a), filled(b)
        if at_a <= total <= at_b:
            level = a if at_b == at_a else a + (total - at_a) * (b - a) / (at_b - at_a)
            break
    return level, [min(max(level, lo), hi) for lo, hi in zip(lower, upper)]


def _feasible(budget: float, *, names: Sequence[str], unique_tokens: Mapping[str, float] | None, max_epochs: float | None,
              min_shares: Mapping[str, float] | None, max_shares: Mapping[str, float] | None, total_share: float,
              fixed_shares: Mapping[str, float]) -> bool:
    for name, share in fixed_shares.items():
        if share > 0 and unique_tokens is not None and name in unique_tokens:
            unique = float(unique_tokens[name])
            if unique <= 0 or (max_epochs is not None and share * budget > max_epochs * unique * (1 + 1e-12)):
                return False
    if not names:
        return abs(total_share) <= 1e-9
    b = share_bounds(names, budget_tokens=budget, unique_tokens=unique_tokens, max_epochs=max_epochs,
                     min_shares=min_shares, max_shares=max_shares, total_share=total_share)
    tol = 1e-12
    return bool(np.all(b.lower <= b.upper + tol) and b.lower.sum() <= total_share + 1e-9
                and b.upper.sum() >= total_share - 1e-9)


def largest_feasible_budget(**kwargs: Any) -> int | None:
    """The largest integer budget (tokens) for which the constraints can be met, or None if none can.
    Feasibility only shrinks as the budget grows (epoch caps tighten), so bisection is exact."""
    if not _feasible(1.0, **kwargs):
        return None
    lo, hi = 1, 2
    while _feasible(float(hi), **kwargs):
        lo, hi = hi, hi * 2
        if hi > 10**22:
            return None  # unbounded: no epoch cap binds
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _feasible(float(mid), **kwargs):
            lo = mid
        else:
            hi = mid
    return lo


def check_feasible(names: Sequence[str], *, budget_tokens: float, unique_tokens: Mapping[str, float] | None,
                   max_epochs: float | None, min_shares: Mapping[str, float] | None,
                   max_shares: Mapping[str, float] | None, total_share: float,
                   fixed_shares: Mapping[str, float] | None = None) -> ShareBounds:
    """Share bounds at this budget, or InfeasiblePlanError saying why and the largest feasible budget."""
    fixed = dict(fixed_shares or {})
    kwargs = dict(names=tuple(names), unique_tokens=unique_tokens, max_epochs=max_epochs, min_shares=min_shares,
                  max_shares=max_shares, total_share=total_share, fixed_shares=fixed)
    bounds = share_bounds(names, budget_tokens=budget_tokens, unique_tokens=unique_tokens, max_epochs=max_epochs,
                          min_shares=min_shares, max_shares=max_shares, total_share=total_share)
    if _feasible(float(budget_tokens), **kwargs):
        return bounds
    reasons = []
    for name, share in fixed.items():
        if share > 0 and unique_tokens is not None and name in unique_tokens:
            unique = float(unique_tokens[name])
            if unique <= 0:
                reasons.append(f"component {name!r} has 0 unique tokens but a fixed share {share:g}")
            elif max_epochs is not None and share * budget_tokens > max_epochs * unique:
                reasons.append(f"component {name!r} (fixed share {share:g}) needs {share * budget_tokens:,.0f} tokens, "
                               f"more than max_epochs={max_epochs:g} x {unique:,.0f} unique tokens")
    for i, name in enumerate(bounds.names):
        if bounds.lower[i] > bounds.upper[i] + 1e-12:
            reason = bounds.upper_reason[i]
            if reason == "no_unique_tokens":
                why = "it has 0 unique tokens"
            elif reason == "max_epochs":
                why = (f"max_epochs={max_epochs:g} x {float((unique_tokens or {}).get(name, 0)):,.0f} unique tokens "
                       f"allows share {bounds.upper[i]:.6g}")
            else:
                why = f"its max share is {bounds.upper[i]:g}"
            reasons.append(f"component {name!r} needs share >= {bounds.lower[i]:g} but {why}")
    if bounds.lower.sum() > total_share + 1e-9:
        reasons.append(f"the minimum shares sum to {bounds.lower.sum():.6g} > {total_share:.6g} available")
    if bounds.upper.sum() < total_share - 1e-9:
        capped = [f"{n} <= {u:.4g}" for n, u, r in zip(bounds.names, bounds.upper, bounds.upper_reason) if r != "none"]
        reasons.append(f"the components can take at most a share of {bounds.upper.sum():.6g} of the budget "
                       f"({', '.join(capped)}) but {total_share:.6g} must be filled")
    largest = largest_feasible_budget(**kwargs)
    tail = (f"largest feasible budget: {largest:,} tokens" if largest is not None
            else "no budget is feasible with these shares and caps")
    raise InfeasiblePlanError(f"budget {budget_tokens:,.0f} tokens is infeasible: " + "; ".join(reasons or ["constraints conflict"])
                              + f"; {tail}", largest_feasible_budget_tokens=largest)


# --- the objective --------------------------------------------------------------------------------
# Below X_MIN the convex power term is continued by its second-order Taylor expansion: still convex,
# finite and smooth, so a solver step that leaves the domain x > 0 does not produce inf/nan. Optima
# with x_i < X_MIN are reported as such (they mean "language i is starved").
X_MIN = 1e-6


def _phi(x: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x^-beta and its derivative, with the convex quadratic continuation below X_MIN."""
    xs = np.maximum(x, X_MIN)
    val = xs ** (-beta)
    d1 = -beta * xs ** (-beta - 1)
    low = x < X_MIN
    if np.any(low):
        d2 = beta * (beta + 1) * X_MIN ** (-beta - 2)
        dx = x - X_MIN
        val = np.where(low, val + d1 * dx + 0.5 * d2 * dx * dx, val)
        d1 = np.where(low, d1 + d2 * dx, d1)
    return val, d1


@dataclass(frozen=True)
class Allocation:
    languages: tuple[str, ...]
    shares: dict[str, float]  # over the modelled languages (they sum to total_share)
    budget_tokens: float
    total_share: float
    method: str
    objective: float  # weighted sum of predicted per-language losses
    predicted_loss: dict[str, float]
    effective_tokens: dict[str, float]
    kkt_residual: float
    multiplier: float
    binding: tuple[str, ...]
    marginal_value_per_billion_tokens: dict[str, float]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method, "budget_tokens": self.budget_tokens, "total_share": self.total_share,
            "shares": dict(self.shares), "tokens": {k: v * self.budget_tokens for k, v in self.shares.items()},
            "objective": self.objective, "predicted_loss": dict(self.predicted_loss),
            "effective_tokens": dict(self.effective_tokens), "kkt_residual": self.kkt_residual,
            "multiplier": self.multiplier, "binding": list(self.binding),
            "marginal_value_per_billion_tokens": dict(self.marginal_value_per_billion_tokens),
            "notes": list(self.notes),
        }


class _Objective:
    def __init__(self, *, coef: np.ndarray, beta: np.ndarray, synergy: np.ndarray | None):
        self.coef = coef
        self.beta = beta
        self.synergy = synergy

    def x(self, p: np.ndarray) -> np.ndarray:
        return p if self.synergy is None else self.synergy @ p

    def value_and_grad(self, p: np.ndarray) -> tuple[float, np.ndarray]:
        val, d1 = _phi(self.x(p), self.beta)
        grad_x = self.coef * d1
        grad = grad_x if self.synergy is None else self.synergy.T @ grad_x
        return float(self.coef @ val), grad


def _water_fill(coef: np.ndarray, beta: np.ndarray, lo: np.ndarray, hi: np.ndarray, total: float) -> np.ndarray:
    positive = coef > 0

    def shares(log_lam: float) -> np.ndarray:
        p = lo.copy()
        with np.errstate(over="ignore"):
            raw = np.exp((np.log(coef[positive] * beta[positive]) - log_lam) / (beta[positive] + 1))
        p[positive] = np.clip(raw, lo[positive], hi[positive])
        return p

    def excess(log_lam: float) -> float:
        return float(shares(log_lam).sum() - total)

    if not np.any(positive) or excess(-700.0) < 0:
        # every weighted language is at its cap: spread the rest over zero-weight languages, in order
        p = shares(-700.0) if np.any(positive) else lo.copy()
        rest = total - p.sum()
        for i in np.flatnonzero(~positive):
            take = min(rest, hi[i] - p[i])
            p[i] += take
            rest -= take
        return p
    lo_l, hi_l = -50.0, 50.0
    while excess(lo_l) < 0:
        lo_l -= 50.0
    while excess(hi_l) > 0:
        hi_l += 50.0
    log_lam = brentq(excess, lo_l, hi_l, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    return shares(log_lam)


def project_onto_bounds(raw: np.ndarray, lo: np.ndarray, hi: np.ndarray, total: float) -> np.ndarray:
    """The point `clip(raw + t, lo, hi)` that sums to `total`, with the shift `t` found by bisection."""
    a, b = -10.0, 10.0
    for _ in range(200):
        mid = 0.5 * (a + b)
        if np.clip(raw + mid, lo, hi).sum() > total:
            b = mid
        else:
            a = mid
    return np.clip(raw + 0.5 * (a + b), lo, hi)


def kkt_report(grad: np.ndarray, p: np.ndarray, lo: np.ndarray, hi: np.ndarray, total: float,
               *, tol: float = 1e-9) -> tuple[float, float, np.ndarray, np.ndarray]:
    """(relative KKT residual, multiplier lambda, at_lower mask, at_upper mask) for
    min F(p) s.t. sum p = total, lo <= p <= hi, with stationarity grad_i = lambda - mu_lo_i + mu_hi_i."""
    at_lo = (p <= lo + tol) & (hi - lo > tol)
    at_hi = (p >= hi - tol) & ~at_lo
    free = ~(at_lo | at_hi)
    fixed = hi - lo <= tol
    at_lo &= ~fixed
    at_hi &= ~fixed
    free &= ~fixed
    if np.any(free):
        lam = float(np.median(grad[free]))
    else:
        # any lambda in [max grad over upper-bound vars, min grad over lower-bound vars] satisfies the signs
        low_side = grad[at_hi].max() if np.any(at_hi) else -np.inf
        high_side = grad[at_lo].min() if np.any(at_lo) else np.inf
        if math.isfinite(low_side) and math.isfinite(high_side):
            lam = 0.5 * (low_side + high_side)
        else:
            lam = float(low_side if math.isfinite(low_side) else high_side if math.isfinite(high_side) else 0.0)
    res = np.zeros_like(grad)
    res[free] = np.abs(grad[free] - lam)
    res[at_lo] = np.maximum(0.0, lam - grad[at_lo])  # mu_lo = grad - lam must be >= 0
    res[at_hi] = np.maximum(0.0, grad[at_hi] - lam)  # mu_hi = lam - grad must be >= 0
    primal = max(abs(p.sum() - total), float(np.max(np.maximum(lo - p, 0.0))), float(np.max(np.maximum(p - hi, 0.0))))
    scale = max(float(np.max(np.abs(grad))), 1e-300)
    return max(float(res.max()) / scale, primal), lam, at_lo, at_hi


def allocate(laws: Mapping[str, DataLaw], *, budget_tokens: float,
             unique_tokens: Mapping[str, float] | None = None, max_epochs: float | None = None,
             min_shares: Mapping[str, float] | None = None, max_shares: Mapping[str, float] | None = None,
             weights: Mapping[str, float] | None = None, synergy_tau: np.ndarray | None = None,
             synergy_scale: float = 1.0, fixed_shares: Mapping[str, float] | None = None) -> Allocation:
    """Optimal shares for the languages in ``laws`` (in that order). ``synergy_tau[i, j]``: relative
    gain of language i from language j (see `codemix.laws.synergy`), in the order of ``laws``."""
    names = tuple(laws)
    if not names:
        raise ValueError("allocate needs at least one language law")
    if budget_tokens <= 0:
        raise ValueError(f"budget must be positive, got {budget_tokens}")
    fixed = {k: float(v) for k, v in (fixed_shares or {}).items()}
    if any(v < 0 for v in fixed.values()):
        raise ValueError("fixed shares must be non-negative")
    total = 1.0 - sum(fixed.values())
    if total < -1e-12:
        raise InfeasiblePlanError(f"the fixed shares sum to {sum(fixed.values()):.6g} > 1")
    total = max(total, 0.0)
    for label, mapping in (("min_shares", min_shares), ("max_shares", max_shares), ("weights", weights)):
        unknown = sorted(set(mapping or {}) - set(names))
        if unknown:
            raise ValueError(f"{label} names languages without a law: {', '.join(unknown)} (laws for: {', '.join(names)})")
    w = np.array([float((weights or {}).get(n, 1.0)) for n in names])
    if np.any(w < 0) or not np.any(w > 0):
        raise ValueError("weights must be non-negative and not all zero")
    bounds = check_feasible(names, budget_tokens=budget_tokens, unique_tokens=unique_tokens, max_epochs=max_epochs,
                            min_shares=min_shares, max_shares=max_shares, total_share=total, fixed_shares=fixed)
    lo, hi = bounds.lower, np.maximum(bounds.upper, bounds.lower)
    beta = np.array([laws[n].beta for n in names])
    coef = w * np.array([laws[n].B * (budget_tokens / laws[n].tokens_unit) ** (-laws[n].beta) for n in names])
    constant = float(w @ np.array([laws[n].E for n in names]))
    synergy = None
    if synergy_tau is not None and synergy_scale != 0:
        tau = np.asarray(synergy_tau, dtype=float)
        if tau.shape != (len(names), len(names)):
            raise ValueError(f"synergy tau must be {len(names)}x{len(names)}, got {tau.shape}")
        synergy = np.eye(len(names)) + synergy_scale * (tau - np.diag(np.diag(tau)))
        if not np.any(synergy - np.eye(len(names))):
            synergy = None
    notes: list[str] = []
    if total <= 0:
        p = np.zeros(len(names))
        method = "trivial"
    elif synergy is None:
        p = _water_fill(coef, beta, lo, hi, total)
        method = "water-filling"
    else:
        p = _solve_slsqp(coef, beta, synergy, lo, hi, total)
        method = "slsqp"
    obj = _Objective(coef=coef, beta=beta, synergy=synergy)
    value, grad = obj.value_and_grad(p)
    kkt, lam, at_lo, at_hi = kkt_report(grad, p, lo, hi, total)
    x = obj.x(p)
    if np.any(x < X_MIN):
        starved = [n for n, xi in zip(names, x) if xi < X_MIN]
        notes.append(f"effective share below {X_MIN:g} for {', '.join(starved)}: their predicted loss is extrapolated")
    binding = []
    for i, name in enumerate(names):
        if at_hi[i] or (hi[i] - lo[i] <= 1e-9 and hi[i] < total):
            reason = bounds.upper_reason[i] if bounds.upper_reason[i] != "none" else "takes the whole budget"
            binding.append(f"{name}: {reason} (share {hi[i]:.6g})")
        elif at_lo[i]:
            binding.append(f"{name}: {'zero share' if lo[i] == 0 else 'min_share'} (share {lo[i]:.6g})")
    # d(objective)/d(tokens_i) = grad_i / D; value of one more billion tokens = the loss it removes
    marginal = {n: float(-grad[i] / budget_tokens * BILLION) for i, n in enumerate(names)}
    predicted = {}
    x_tokens = x * budget_tokens
    for i, n in enumerate(names):
        predicted[n] = float(laws[n].E + laws[n].B * _phi(np.array([x[i]]), np.array([beta[i]]))[0][0]
                             * (budget_tokens / laws[n].tokens_unit) ** (-beta[i]))
    return Allocation(languages=names, shares={n: float(v) for n, v in zip(names, p)}, budget_tokens=float(budget_tokens),
                      total_share=total, method=method, objective=constant + value, predicted_loss=predicted,
                      effective_tokens={n: float(v) for n, v in zip(names, x_tokens)}, kkt_residual=kkt,
                      multiplier=lam, binding=tuple(binding), marginal_value_per_billion_tokens=marginal, notes=tuple(notes))


def _solve_slsqp(coef: np.ndarray, beta: np.ndarray, synergy: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                 total: float) -> np.ndarray:
    obj = _Objective(coef=coef, beta=beta, synergy=synergy)
    k = len(coef)
    # start from the no-synergy water-filling optimum, projected into the box
    start = project_onto_bounds(_water_fill(coef, beta, lo, hi, total), lo, hi, total)
    scale = obj.value_and_grad(start)[0] or 1.0

    def f(p: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = obj.value_and_grad(p)
        return value / scale, grad / scale

    constraints = [{"type": "eq", "fun": lambda p: np.sum(p) - total, "jac": lambda p: np.ones(k)}]
    best_p, best_f = start, f(start)[0]
    with single_threaded_blas():
        for x0 in (start, project_onto_bounds(np.full(k, total / k), lo, hi, total)):
            res = minimize(f, x0, jac=True, method="SLSQP", bounds=list(zip(lo, hi)), constraints=constraints,
                           options={"ftol": 1e-16, "maxiter": 2000})
            p = project_onto_bounds(np.clip(res.x, lo, hi), lo, hi, total)
            value = f(p)[0]
            if value < best_f:
                best_p, best_f = p, value
    return best_p


def uniform_allocation(names: Sequence[str], total: float = 1.0) -> dict[str, float]:
    return {n: total / len(names) for n in names}


def evaluate_shares(laws: Mapping[str, DataLaw], shares: Mapping[str, float], *, budget_tokens: float,
                    weights: Mapping[str, float] | None = None, synergy_tau: np.ndarray | None = None,
                    synergy_scale: float = 1.0) -> dict[str, Any]:
    """Predicted per-language losses and the weighted objective of any allocation (to compare two)."""
    names = tuple(laws)
    p = np.array([float(shares.get(n, 0.0)) for n in names])
    x = p.copy()
    if synergy_tau is not None and synergy_scale != 0:
        tau = np.asarray(synergy_tau, dtype=float)
        x = (np.eye(len(names)) + synergy_scale * (tau - np.diag(np.diag(tau)))) @ p
    losses = {}
    for i, n in enumerate(names):
        eff = x[i] * budget_tokens
        losses[n] = float(laws[n].loss(eff)) if eff > 0 else math.inf
    w = {n: float((weights or {}).get(n, 1.0)) for n in names}
    return {"predicted_loss": losses, "objective": float(sum(w[n] * losses[n] for n in names))}
