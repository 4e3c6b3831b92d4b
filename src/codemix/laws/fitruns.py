"""Fit everything a runs file supports and write the fit JSON (`codemix.laws.fit`, version 1)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from codemix.laws.fit import FitOptions, FitResult, bootstrap, fit_chinchilla, fit_data_constrained, held_out_error
from codemix.laws.lawset import FIT_FORMAT, FIT_VERSION
from codemix.laws.multilingual import fit_multilingual
from codemix.laws.runs import Run
from codemix.laws.synergy import synergy_from_runs

MIN_RUNS_PER_LANGUAGE = 5
#: L = E + A / N^alpha + B / D^beta: with 2 model sizes, the runs fix only E + A / N1^alpha and
#: E + A / N2^alpha, two numbers for three unknowns (E, A, alpha); likewise for token counts.
MIN_DISTINCT_VALUES = 3


def grid_problem(params: Sequence[float], tokens: Sequence[float]) -> str | None:
    """Why these (N, D) runs cannot fit a per-language law, or None when they can."""
    n_sizes, n_budgets = len(set(params)), len(set(tokens))
    if len(params) >= MIN_RUNS_PER_LANGUAGE and n_sizes >= MIN_DISTINCT_VALUES and n_budgets >= MIN_DISTINCT_VALUES:
        return None
    return (f"{len(params)} runs at {n_sizes} model size(s) and {n_budgets} token count(s); the 5-parameter law "
            f"E + A/N^alpha + B/D^beta needs at least {MIN_RUNS_PER_LANGUAGE} runs, at {MIN_DISTINCT_VALUES} or more "
            f"distinct model sizes and {MIN_DISTINCT_VALUES} or more distinct token counts (with 2 sizes, A, alpha "
            "and E cannot be told apart)")


def _fit_notes(language: str, fit: FitResult) -> list[str]:
    """What a reader of the fit must know: parameters the runs do not identify, and a search that did
    not confirm its optimum."""
    notes = [f"{language}: {reason}" for reason in fit.degenerate]
    if not fit.converged:
        notes.append(f"{language}: not converged (gradient norm {fit.grad_norm:.1e}, best basin reached from "
                     f"{fit.n_starts_in_best_basin} of {fit.n_starts} starts): refit with --starts all")
    return notes


@dataclass(frozen=True)
class FitRunsOptions:
    bootstrap_resamples: int = 100
    held_out_folds: int = 5
    seed: int = 0
    data_constrained: bool = False
    fit_options: FitOptions = FitOptions()


def fit_runs(runs: list[Run], *, options: FitRunsOptions = FitRunsOptions(), source: str = "runs") -> dict[str, Any]:
    by_language: dict[str, list[Run]] = defaultdict(list)
    for run in runs:
        if run.kind == "language":
            by_language[run.language].append(run)
    synergy_runs = [r for r in runs if r.kind == "synergy"]
    mixture_runs = [r for r in runs if r.kind == "mixture"]
    notes: list[str] = []
    languages: dict[str, Any] = {}
    for language in sorted(by_language):
        group = by_language[language]
        problem = grid_problem([r.params for r in group], [r.tokens for r in group])
        if problem:
            raise ValueError(f"{source}: language {language!r} has {problem} (rows "
                             f"{', '.join(str(r.row) for r in group[:20])}{', ...' if len(group) > 20 else ''})")
        n = np.array([r.params for r in group])
        d = np.array([r.tokens for r in group])
        loss = np.array([r.loss for r in group])
        unique = [r.unique_tokens for r in group]
        entry: dict[str, Any] = {}
        if options.data_constrained:
            if any(u is None for u in unique):
                rows = [r.row for r in group if r.unique_tokens is None]
                raise ValueError(f"{source}: the data-constrained fit needs unique_tokens on every run of {language!r} "
                                 f"(missing on rows {', '.join(map(str, rows[:10]))})")
            u = np.array(unique, dtype=float)
            fresh = d <= u
            problem = grid_problem(list(n[fresh]), list(d[fresh]))
            if problem:
                raise ValueError(f"{source}: {language!r}: the data-constrained fit first fits the base law on runs "
                                 f"without repetition (tokens <= unique_tokens), and those are {problem}")
            base = fit_chinchilla(n[fresh], d[fresh], loss[fresh], options=options.fit_options)
            constrained = fit_data_constrained(n, d, u, loss, base=base.law)
            entry.update(base.to_dict())
            entry["data_constrained"] = constrained.to_dict()
            fit = base
            n, d, loss = n[fresh], d[fresh], loss[fresh]
        else:
            fit = fit_chinchilla(n, d, loss, options=options.fit_options)
            entry.update(fit.to_dict())
        if options.bootstrap_resamples > 0:
            entry["bootstrap"] = bootstrap(n, d, loss, fit=fit, n_resamples=options.bootstrap_resamples,
                                           seed=options.seed, options=options.fit_options).to_dict()
        if options.held_out_folds > 1 and len(loss) >= 10:
            entry["held_out"] = held_out_error(n, d, loss, fit=fit, n_folds=options.held_out_folds, seed=options.seed,
                                               options=options.fit_options).to_dict()
        notes.extend(_fit_notes(language, fit))
        languages[language] = entry
    synergy = None
    if synergy_runs:
        synergy = synergy_from_runs([{"language": r.language, "auxiliary_language": r.auxiliary_language, "loss": r.loss}
                                     for r in synergy_runs])
    multilingual = None
    if mixture_runs:
        components = sorted({name for r in mixture_runs for name, _ in r.shares or ()})
        without_law = [c for c in components if c not in languages]
        if without_law:
            raise ValueError(f"{source}: mixture runs have shares of {', '.join(without_law)} but no per-language fit; "
                             "Eq. 6 needs each language's exponents and irreducible loss")
        shares = np.array([[dict(r.shares or ()).get(c, 0.0) for c in components] for r in mixture_runs])
        if synergy is not None and all(c in synergy.languages for c in components):
            tau = synergy.subset(components).tau
        else:
            tau = np.zeros((len(components), len(components)))
            notes.append("mixture runs without a synergy matrix over their languages: tau = 0, gamma is not identified")
        laws = [languages[c]["law"] for c in components]
        ml = fit_multilingual(languages=components, alpha_n=[l["alpha"] for l in laws], alpha_d=[l["beta"] for l in laws],
                              l_inf=[l["E"] for l in laws], tau=tau, params=[r.params for r in mixture_runs],
                              tokens=[r.tokens for r in mixture_runs], shares=shares, losses=[r.loss for r in mixture_runs],
                              params_unit=1.0, tokens_unit=1.0)
        multilingual = ml.to_dict()
    if not languages and synergy is None:
        raise ValueError(f"{source}: nothing to fit: no per-language runs and no synergy runs")
    return {"format": FIT_FORMAT, "version": FIT_VERSION, "source": source, "n_runs": len(runs),
            "languages": languages, "synergy": None if synergy is None else synergy.to_dict(),
            "multilingual": multilingual, "notes": notes}
