"""Chinchilla-style scaling-law fits: L(N, D) = E + A / N^alpha + B / D^beta.

The fit follows the careful practice of Besiroglu et al. (2024, "Chinchilla Scaling: A replication
attempt"), which found the original fit's bug:

- parameters live in log space, ``A = e^a``, ``B = e^b``, ``E = e^e``, and the prediction is
  ``log L = LSE(a - alpha log N, b - beta log D, e)`` (log-sum-exp, numerically stable);
- the objective is the Huber loss (delta 1e-3) of log-loss residuals, SUMMED over runs. The averaged
  form makes every gradient 1/n times smaller, so L-BFGS meets its tolerance after one or two steps
  and stops at the starting point: the documented pitfall;
- the objective has many local optima, some degenerate (E -> 0, an exponent -> 0), so we screen a grid
  of starts, run L-BFGS-B with tight tolerances from the most promising ones and from one start per
  region of the grid, compare the end points' basins (objective, E, alpha, beta), and report the
  gradient norm, how many starts reached the best basin and which parameters sit at a bound.

The data-constrained variant (Muennighoff et al. 2023) replaces N and D by effective quantities under
repetition; see `DataConstrainedLaw`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import math
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import numpy as np
from scipy.optimize import minimize

HUBER_DELTA = 1e-3

#: The Hoffmann et al. grid of starting points (4500 starts) in (a, b, e, alpha, beta).
FULL_GRID_AXES: dict[str, tuple[float, ...]] = {
    "a": (0.0, 5.0, 10.0, 15.0, 20.0, 25.0),
    "b": (0.0, 5.0, 10.0, 15.0, 20.0, 25.0),
    "e": (-1.0, -0.5, 0.0, 0.5, 1.0),
    "alpha": (0.0, 0.5, 1.0, 1.5, 2.0),
    "beta": (0.0, 0.5, 1.0, 1.5, 2.0),
}


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """L-BFGS-B calls LAPACK on 5x5 matrices thousands of times; a multi-threaded BLAS on a busy
    machine turns each call into milliseconds of thread spin (measured: 10x slower). Pin it to one
    thread while fitting when threadpoolctl is available."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional speed-up only
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@dataclass(frozen=True)
class ChinchillaLaw:
    """L(N, D) = E + A / (N / params_unit)^alpha + B / (D / tokens_unit)^beta."""

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    params_unit: float = 1.0
    tokens_unit: float = 1.0

    def predict(self, params: Any, tokens: Any) -> np.ndarray:
        n = np.asarray(params, dtype=float) / self.params_unit
        d = np.asarray(tokens, dtype=float) / self.tokens_unit
        return self.E + self.A / n**self.alpha + self.B / d**self.beta

    @property
    def theta(self) -> np.ndarray:
        """Log-space parameters (a, b, e, alpha, beta) in the law's units."""
        return np.array([math.log(self.A), math.log(self.B), math.log(self.E), self.alpha, self.beta])

    @classmethod
    def from_theta(cls, theta: Sequence[float], *, params_unit: float = 1.0, tokens_unit: float = 1.0) -> "ChinchillaLaw":
        a, b, e, alpha, beta = (float(v) for v in theta)
        return cls(E=math.exp(e), A=math.exp(a), B=math.exp(b), alpha=alpha, beta=beta,
                   params_unit=params_unit, tokens_unit=tokens_unit)

    def compute_optimal(self, compute_flops: float) -> tuple[float, float]:
        """(N_opt, D_opt) for C = 6 N D (Hoffmann et al. eq. 4), in raw params and tokens."""
        g = (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta))
        c6 = compute_flops / 6.0 / (self.params_unit * self.tokens_unit)
        n_opt = g * c6 ** (self.beta / (self.alpha + self.beta))
        d_opt = c6 ** (self.alpha / (self.alpha + self.beta)) / g
        return n_opt * self.params_unit, d_opt * self.tokens_unit

    def to_dict(self) -> dict[str, float]:
        return {"E": self.E, "A": self.A, "B": self.B, "alpha": self.alpha, "beta": self.beta,
                "params_unit": self.params_unit, "tokens_unit": self.tokens_unit}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "ChinchillaLaw":
        return cls(E=float(raw["E"]), A=float(raw["A"]), B=float(raw["B"]), alpha=float(raw["alpha"]),
                   beta=float(raw["beta"]), params_unit=float(raw.get("params_unit", 1.0)),
                   tokens_unit=float(raw.get("tokens_unit", 1.0)))


def huber(residuals: np.ndarray, delta: float = HUBER_DELTA) -> np.ndarray:
    """Huber loss, identical to ``scipy.special.huber(delta, r)``."""
    abs_r = np.abs(residuals)
    return np.where(abs_r <= delta, 0.5 * residuals * residuals, delta * (abs_r - 0.5 * delta))


def _lse3_with_weights(z0: np.ndarray, z1: np.ndarray, z2: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    top = np.maximum(np.maximum(z0, z1), z2)
    e0, e1, e2 = np.exp(z0 - top), np.exp(z1 - top), np.exp(z2 - top)
    total = e0 + e1 + e2
    return top + np.log(total), e0 / total, e1 / total, e2 / total


class HuberLogObjective:
    """Summed Huber loss of log-loss residuals for the log-space Chinchilla model, with gradient.

    ``log_n``/``log_d`` are the logs of the (effective) N and D in the law's units.
    """

    def __init__(self, *, log_n: np.ndarray, log_d: np.ndarray, log_loss: np.ndarray, delta: float = HUBER_DELTA):
        self.log_n = np.asarray(log_n, dtype=float)
        self.log_d = np.asarray(log_d, dtype=float)
        self.log_loss = np.asarray(log_loss, dtype=float)
        self.delta = delta

    def value(self, theta: np.ndarray) -> float:
        return self.value_and_grad(theta)[0]

    def value_and_grad(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        a, b, e, alpha, beta = theta
        pred, w0, w1, w2 = _lse3_with_weights(a - alpha * self.log_n, b - beta * self.log_d,
                                              np.full_like(self.log_n, e))
        r = pred - self.log_loss
        value = float(huber(r, self.delta).sum())
        dr = np.clip(r, -self.delta, self.delta)  # derivative of Huber
        g0, g1 = dr * w0, dr * w1
        grad = np.array([g0.sum(), g1.sum(), (dr * w2).sum(), -(g0 * self.log_n).sum(), -(g1 * self.log_d).sum()])
        return value, grad

    def batch_values(self, thetas: np.ndarray) -> np.ndarray:
        """Objective at many parameter vectors at once (for screening a grid of starts)."""
        out = np.empty(len(thetas))
        for start in range(0, len(thetas), 512):
            t = thetas[start:start + 512]
            z0 = t[:, 0:1] - t[:, 3:4] * self.log_n[None, :]
            z1 = t[:, 1:2] - t[:, 4:5] * self.log_d[None, :]
            z2 = np.broadcast_to(t[:, 2:3], z0.shape)
            pred = _lse3_with_weights(z0, z1, z2)[0]
            out[start:start + 512] = huber(pred - self.log_loss[None, :], self.delta).sum(axis=1)
        return out


def full_start_grid() -> np.ndarray:
    return np.array(list(itertools.product(*FULL_GRID_AXES.values())), dtype=float)


@dataclass(frozen=True)
class FitOptions:
    """How hard to search.

    Starts come from the Hoffmann grid (4500 points), screened in one vectorised pass. The default
    runs L-BFGS-B from the ``n_starts`` best-screened points AND from the best (a, b) of every
    (e, alpha, beta) cell of the grid (125 more): the best-screened points alone tend to share one
    region, and on real proxy grids that region can be a degenerate basin (E -> 0) while a lower
    objective lies elsewhere. ``n_starts=None`` runs every grid point. Every start is run with the
    tight tolerances, so each ends at a true local optimum and the basins can be compared."""

    n_starts: int | None = 32
    diverse_starts: bool = True
    delta: float = HUBER_DELTA
    ftol: float = 1e-15
    gtol: float = 1e-12
    grid: np.ndarray | None = None


#: E's lower bound, as a fraction of the smallest observed loss: effectively 0, but a bound L-BFGS-B can
#: reach, so a fit that wants no irreducible loss says so instead of drifting towards E = 1e-100.
E_FLOOR_OF_MIN_LOSS = 1e-6
#: converged: the projected gradient norm of the summed objective is at most this at the optimum
CONVERGED_GRAD_NORM = 1e-6
#: two end points are one basin when their objectives agree to this relative tolerance and their
#: E, alpha and beta to ``BASIN_PARAM_RTOL`` (A and B are weakly identified: they are not compared)
BASIN_OBJECTIVE_RTOL = 1e-7
BASIN_PARAM_RTOL = 1e-3


@dataclass(frozen=True)
class FitResult:
    law: ChinchillaLaw
    objective: float
    grad_norm: float  # projected gradient (components pushing against a bound are not counted)
    n_runs: int
    n_starts: int
    n_starts_in_best_basin: int  # starts whose local optimum is the reported one (objective, E, alpha, beta)
    converged: bool  # small gradient, and (with several starts) the best basin reached from at least 2 of them
    n_basins: int = 1  # distinct local optima the starts ended in
    degenerate: tuple[str, ...] = ()  # parameters at a bound: the runs do not identify them

    def to_dict(self) -> dict[str, Any]:
        return {"law": self.law.to_dict(), "objective": self.objective, "grad_norm": self.grad_norm,
                "n_runs": self.n_runs, "n_starts": self.n_starts,
                "n_starts_in_best_basin": self.n_starts_in_best_basin, "n_basins": self.n_basins,
                "converged": self.converged, "degenerate": list(self.degenerate)}


def _lbfgsb(objective: HuberLogObjective, x0: np.ndarray, bounds: Sequence[tuple[float | None, float | None]] | None = None,
            **options: Any):
    return minimize(objective.value_and_grad, x0, jac=True, method="L-BFGS-B", bounds=bounds, options=options)


def theta_bounds(log_loss: np.ndarray) -> list[tuple[float | None, float | None]]:
    """L-BFGS-B bounds on (a, b, e, alpha, beta): E >= E_FLOOR_OF_MIN_LOSS x the smallest loss, exponents >= 0."""
    e_floor = float(np.min(log_loss)) + math.log(E_FLOOR_OF_MIN_LOSS)
    return [(None, None), (None, None), (e_floor, None), (0.0, None), (0.0, None)]


def select_starts(objective: HuberLogObjective, grid: np.ndarray, options: FitOptions) -> np.ndarray:
    """The start points: the whole grid (n_starts=None), or the n_starts best-screened points plus,
    with diverse_starts, the best-screened (a, b) of every (e, alpha, beta) cell, in grid order."""
    if options.n_starts is None or options.n_starts >= len(grid):
        return grid
    initial = objective.batch_values(grid)
    # stable sort: ties keep the grid order, so the choice is deterministic
    chosen = set(np.argsort(initial, kind="stable")[: options.n_starts].tolist())
    if options.diverse_starts:
        best_in_cell: dict[tuple[float, ...], int] = {}
        for i, point in enumerate(grid):
            cell = tuple(point[2:])
            if cell not in best_in_cell or initial[i] < initial[best_in_cell[cell]]:
                best_in_cell[cell] = i
        chosen.update(best_in_cell.values())
    return grid[sorted(chosen)]


def _same_basin(theta: np.ndarray, value: float, best_theta: np.ndarray, best_value: float) -> bool:
    if value > best_value + BASIN_OBJECTIVE_RTOL * max(abs(best_value), 1e-300):
        return False
    e, alpha, beta = math.exp(theta[2]), theta[3], theta[4]
    e0, alpha0, beta0 = math.exp(best_theta[2]), best_theta[3], best_theta[4]
    return bool(abs(e - e0) <= BASIN_PARAM_RTOL * max(e0, 1e-12)
                and abs(alpha - alpha0) <= BASIN_PARAM_RTOL * max(alpha0, 1e-3)
                and abs(beta - beta0) <= BASIN_PARAM_RTOL * max(beta0, 1e-3))


def _projected_gradient(grad: np.ndarray, theta: np.ndarray, bounds: Sequence[tuple[float | None, float | None]]) -> np.ndarray:
    out = grad.copy()
    for i, (low, high) in enumerate(bounds):
        if low is not None and theta[i] <= low + 1e-12 and grad[i] > 0:
            out[i] = 0.0  # at the lower bound, a positive gradient only pushes further out
        if high is not None and theta[i] >= high - 1e-12 and grad[i] < 0:
            out[i] = 0.0
    return out


def degenerate_parameters(theta: np.ndarray, bounds: Sequence[tuple[float | None, float | None]]) -> tuple[str, ...]:
    """Parameters of a fit that sit at their bound: the runs do not identify them."""
    out = []
    if theta[2] <= bounds[2][0] + 1e-9:
        out.append(f"E at its lower bound ({E_FLOOR_OF_MIN_LOSS:g} x the smallest loss): the runs show no irreducible "
                   "loss, so the law extrapolates as a pure power law")
    for index, name, what in ((3, "alpha", "model size"), (4, "beta", "training tokens")):
        if theta[index] <= 1e-9:
            out.append(f"{name} at 0: the runs show no gain from {what}")
    return tuple(out)


def fit_theta(objective: HuberLogObjective, *, options: FitOptions = FitOptions(),
              warm_start: np.ndarray | None = None) -> FitResult:
    """Minimise the objective from every start (grid screening, or a warm start) with tight tolerances;
    compare the end points' basins. Returns a FitResult with the law in the objective's own units."""
    bounds = theta_bounds(objective.log_loss)
    tight = dict(ftol=options.ftol, gtol=options.gtol, maxiter=20000)
    with single_threaded_blas():
        if warm_start is not None:
            lows = np.array([b[0] if b[0] is not None else -np.inf for b in bounds])
            starts = np.maximum(np.asarray(warm_start, dtype=float), lows)[None, :]
        else:
            grid = full_start_grid() if options.grid is None else np.asarray(options.grid, dtype=float)
            starts = select_starts(objective, grid, options)
        ends = [_lbfgsb(objective, x0, bounds, **tight) for x0 in starts]
    order = sorted(range(len(ends)), key=lambda i: (float(ends[i].fun), i))
    best = ends[order[0]]
    theta, value = np.asarray(best.x, dtype=float), float(best.fun)
    representatives: list[tuple[np.ndarray, float]] = []
    n_best = 0
    for i in order:  # basins: each end point joins the first (lowest) basin it matches
        x, f = np.asarray(ends[i].x, dtype=float), float(ends[i].fun)
        for rep_x, rep_f in representatives:
            if _same_basin(x, f, rep_x, rep_f):
                break
        else:
            representatives.append((x, f))
        n_best += _same_basin(x, f, theta, value)
    _, grad = objective.value_and_grad(theta)
    grad_norm = float(np.linalg.norm(_projected_gradient(grad, theta, bounds)))
    converged = bool(grad_norm <= CONVERGED_GRAD_NORM and (len(starts) == 1 or n_best >= 2))
    return FitResult(law=ChinchillaLaw.from_theta(theta), objective=value, grad_norm=grad_norm, n_runs=len(objective.log_loss),
                     n_starts=len(starts), n_starts_in_best_basin=n_best, converged=converged,
                     n_basins=len(representatives), degenerate=degenerate_parameters(theta, bounds))


def fit_chinchilla(params: Sequence[float], tokens: Sequence[float], losses: Sequence[float], *,
                   options: FitOptions = FitOptions(), params_unit: float = 1.0, tokens_unit: float = 1.0,
                   warm_start: ChinchillaLaw | None = None) -> FitResult:
    """Fit L(N, D) = E + A/N^alpha + B/D^beta by summed Huber on log-loss residuals."""
    n = np.asarray(params, dtype=float) / params_unit
    d = np.asarray(tokens, dtype=float) / tokens_unit
    loss = np.asarray(losses, dtype=float)
    if not (len(n) == len(d) == len(loss)):
        raise ValueError("params, tokens and losses must have the same length")
    if len(loss) < 5:
        raise ValueError(f"a 5-parameter law needs at least 5 runs, got {len(loss)}")
    if np.any(n <= 0) or np.any(d <= 0) or np.any(loss <= 0):
        raise ValueError("params, tokens and losses must all be positive")
    objective = HuberLogObjective(log_n=np.log(n), log_d=np.log(d), log_loss=np.log(loss), delta=options.delta)
    fit = fit_theta(objective, options=options, warm_start=None if warm_start is None else warm_start.theta)
    law = ChinchillaLaw.from_theta(fit.law.theta, params_unit=params_unit, tokens_unit=tokens_unit)
    return dataclasses.replace(fit, law=law)


# --- uncertainty -----------------------------------------------------------------------------------
PARAM_NAMES = ("E", "A", "B", "alpha", "beta")


def _law_values(law: ChinchillaLaw) -> dict[str, float]:
    return {"E": law.E, "A": law.A, "B": law.B, "alpha": law.alpha, "beta": law.beta}


@dataclass(frozen=True)
class BootstrapResult:
    n_resamples: int
    seed: int
    standard_error: dict[str, float]
    ci95: dict[str, tuple[float, float]]

    def to_dict(self) -> dict[str, Any]:
        return {"n_resamples": self.n_resamples, "seed": self.seed, "standard_error": self.standard_error,
                "ci95": {k: list(v) for k, v in self.ci95.items()}}


def bootstrap(params: Sequence[float], tokens: Sequence[float], losses: Sequence[float], *, fit: FitResult,
              n_resamples: int = 200, seed: int = 0, options: FitOptions = FitOptions()) -> BootstrapResult:
    """Resample runs with replacement and refit (warm-started at the full fit, then polished).

    Warm starts make each refit cheap; they can under-cover a second basin far away, which is why
    the intervals are percentile intervals of refits rather than a local curvature estimate."""
    n = np.asarray(params, dtype=float)
    d = np.asarray(tokens, dtype=float)
    loss = np.asarray(losses, dtype=float)
    rng = np.random.default_rng(seed)
    samples: dict[str, list[float]] = {k: [] for k in PARAM_NAMES}
    for _ in range(n_resamples):
        idx = rng.integers(0, len(loss), len(loss))
        refit = fit_chinchilla(n[idx], d[idx], loss[idx], options=options, params_unit=fit.law.params_unit,
                               tokens_unit=fit.law.tokens_unit, warm_start=fit.law)
        for key, value in _law_values(refit.law).items():
            samples[key].append(value)
    se = {k: float(np.std(v, ddof=1)) for k, v in samples.items()}
    ci = {k: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) for k, v in samples.items()}
    return BootstrapResult(n_resamples=n_resamples, seed=seed, standard_error=se, ci95=ci)


@dataclass(frozen=True)
class HeldOutResult:
    """K-fold cross-validated prediction error of the loss (not log-loss), refitting per fold."""

    n_folds: int
    seed: int
    mean_abs_relative_error: float
    max_abs_relative_error: float
    rmse: float

    def to_dict(self) -> dict[str, Any]:
        return {"n_folds": self.n_folds, "seed": self.seed, "mean_abs_relative_error": self.mean_abs_relative_error,
                "max_abs_relative_error": self.max_abs_relative_error, "rmse": self.rmse}


def held_out_error(params: Sequence[float], tokens: Sequence[float], losses: Sequence[float], *, fit: FitResult,
                   n_folds: int = 5, seed: int = 0, options: FitOptions = FitOptions()) -> HeldOutResult:
    n = np.asarray(params, dtype=float)
    d = np.asarray(tokens, dtype=float)
    loss = np.asarray(losses, dtype=float)
    n_folds = max(2, min(n_folds, len(loss) // 5))
    order = np.random.default_rng(seed).permutation(len(loss))
    folds = np.array_split(order, n_folds)
    predicted = np.empty(len(loss))
    for fold in folds:
        train = np.setdiff1d(order, fold)
        refit = fit_chinchilla(n[train], d[train], loss[train], options=options, params_unit=fit.law.params_unit,
                               tokens_unit=fit.law.tokens_unit, warm_start=fit.law)
        predicted[fold] = refit.law.predict(n[fold], d[fold])
    rel = np.abs(predicted - loss) / loss
    return HeldOutResult(n_folds=n_folds, seed=seed, mean_abs_relative_error=float(rel.mean()),
                         max_abs_relative_error=float(rel.max()),
                         rmse=float(np.sqrt(np.mean((predicted - loss) ** 2))))


# --- data-constrained variant (Muennighoff et al. 2023) ---------------------------------------------
@dataclass(frozen=True)
class DataConstrainedLaw:
    """L = E + A / N'^alpha + B / D'^beta with effective data and parameters under repetition:

    D' = U_D + U_D R_D* (1 - exp(-R_D / R_D*)),  R_D = max(D / U_D - 1, 0),  U_D = unique tokens;
    N' = U_N + U_N R_N* (1 - exp(-R_N / R_N*)),  R_N = max(N / U_N - 1, 0),  U_N = min(N, N_opt(C(U_D)))
    where C(U) is the compute at which U tokens are compute-optimal under ``base``.
    """

    base: ChinchillaLaw
    r_d_star: float
    r_n_star: float

    def effective(self, params: Any, tokens: Any, unique_tokens: Any) -> tuple[np.ndarray, np.ndarray]:
        law = self.base
        n = np.asarray(params, dtype=float) / law.params_unit
        d = np.asarray(tokens, dtype=float) / law.tokens_unit
        u = np.asarray(unique_tokens, dtype=float) / law.tokens_unit
        g = (law.alpha * law.A / (law.beta * law.B)) ** (1.0 / (law.alpha + law.beta))
        # D_opt(C) = (C/6)^(alpha/(alpha+beta)) / G = U  =>  C/6 = (U G)^((alpha+beta)/alpha)
        c6 = (u * g) ** ((law.alpha + law.beta) / law.alpha)
        n_opt = g * c6 ** (law.beta / (law.alpha + law.beta))
        u_n = np.minimum(n, n_opt)
        r_n = np.maximum(n / u_n - 1.0, 0.0)
        r_d = np.maximum(d / u - 1.0, 0.0)
        d_eff = u + u * self.r_d_star * (1.0 - np.exp(-r_d / self.r_d_star))
        n_eff = u_n + u_n * self.r_n_star * (1.0 - np.exp(-r_n / self.r_n_star))
        return n_eff, d_eff

    def predict(self, params: Any, tokens: Any, unique_tokens: Any) -> np.ndarray:
        n_eff, d_eff = self.effective(params, tokens, unique_tokens)
        law = self.base
        return law.E + law.A / n_eff**law.alpha + law.B / d_eff**law.beta

    def objective(self, params: Any, tokens: Any, unique_tokens: Any, losses: Any, delta: float = HUBER_DELTA) -> float:
        n_eff, d_eff = self.effective(params, tokens, unique_tokens)
        obj = HuberLogObjective(log_n=np.log(n_eff), log_d=np.log(d_eff),
                                log_loss=np.log(np.asarray(losses, dtype=float)), delta=delta)
        return obj.value(self.base.theta)

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base.to_dict(), "r_d_star": self.r_d_star, "r_n_star": self.r_n_star}


@dataclass(frozen=True)
class DataConstrainedFit:
    law: DataConstrainedLaw
    objective: float
    grad_norm: float
    n_runs: int

    def to_dict(self) -> dict[str, Any]:
        return {"law": self.law.to_dict(), "objective": self.objective, "grad_norm": self.grad_norm,
                "n_runs": self.n_runs}


def fit_data_constrained(params: Sequence[float], tokens: Sequence[float], unique_tokens: Sequence[float],
                         losses: Sequence[float], *, base: ChinchillaLaw,
                         start_grid: Sequence[float] = (1e-3, 20.0 / 3, 40.0 / 3, 20.0)) -> DataConstrainedFit:
    """Fit R_D* and R_N* with the base law frozen (Muennighoff et al.'s procedure: their starting grid
    is linspace(0, 20, 4) for both; 0 is replaced by 1e-3 because R* enters as a divisor).

    R_D* and R_N* lie on a ridge (weakly identified): compare fits by objective and predictions."""
    n, d, u, loss = (np.asarray(x, dtype=float) for x in (params, tokens, unique_tokens, losses))
    if np.any(u <= 0):
        raise ValueError("unique tokens must be positive for the data-constrained fit")

    def value(log_r: np.ndarray) -> float:
        law = DataConstrainedLaw(base=base, r_d_star=float(np.exp(log_r[0])), r_n_star=float(np.exp(log_r[1])))
        return law.objective(n, d, u, loss)

    def value_and_grad(log_r: np.ndarray) -> tuple[float, np.ndarray]:
        # two parameters: central differences are cheap and accurate enough for the polish
        f0 = value(log_r)
        grad = np.empty(2)
        for k in range(2):
            step = np.zeros(2)
            step[k] = 1e-6
            grad[k] = (value(log_r + step) - value(log_r - step)) / 2e-6
        return f0, grad

    best = None
    with single_threaded_blas():
        for r_d0, r_n0 in itertools.product(start_grid, start_grid):
            res = minimize(value_and_grad, np.log([r_d0, r_n0]), jac=True, method="L-BFGS-B",
                           bounds=[(-7.0, 9.0), (-7.0, 9.0)])
            if best is None or res.fun < best.fun:
                best = res
    assert best is not None
    law = DataConstrainedLaw(base=base, r_d_star=float(np.exp(best.x[0])), r_n_star=float(np.exp(best.x[1])))
    _, grad = value_and_grad(best.x)
    return DataConstrainedFit(law=law, objective=float(best.fun), grad_norm=float(np.linalg.norm(grad)), n_runs=len(loss))


__all__ = [
    "BootstrapResult", "ChinchillaLaw", "DataConstrainedFit", "DataConstrainedLaw", "FitOptions", "FitResult",
    "HeldOutResult", "HuberLogObjective", "bootstrap", "fit_chinchilla", "fit_data_constrained", "full_start_grid",
    "held_out_error", "huber",
]
