"""Mixture strategies: from `mixture:` in the build config, unique tokens per component and a budget
to a `MixturePlan` with whole-token counts that sum exactly to the budget.

Rule for components a law set does not model (e.g. `paired`, or a language without a fitted law):
under `paper` and `optimize` they must be given a fixed share in `mixture.shares` (0 leaves them out);
otherwise planning fails naming them: nothing is dropped silently. Modelled languages that are not
components of the build are left out of the optimisation (and, for `paper`, the paper's shares are
renormalised over the languages present), with a note.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from codemix.laws.allocate import InfeasiblePlanError, allocate, level_fill
from codemix.laws.lawset import load_lawset, load_paper_preset
from codemix.schemas.config import MixtureConfig

__all__ = ["ComponentPlan", "InfeasiblePlanError", "MixturePlan", "paper_shares", "plan_mixture", "round_tokens"]


@dataclass(frozen=True)
class ComponentPlan:
    name: str
    share: float
    planned_tokens: int
    unique_tokens: int
    epochs: float

    def to_dict(self) -> dict[str, Any]:
        return {"share": self.share, "planned_tokens": self.planned_tokens, "unique_tokens": self.unique_tokens,
                "epochs": self.epochs}


@dataclass(frozen=True)
class MixturePlan:
    strategy: str
    budget_tokens: int
    components: dict[str, ComponentPlan]
    binding: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "budget_tokens": self.budget_tokens,
            "components": {name: self.components[name].to_dict() for name in sorted(self.components)},
            "binding": list(self.binding),
            "notes": list(self.notes),
            "details": self.details,
        }


def _fraction(value: float | Fraction) -> Fraction:
    # repr of a float is its shortest round-trip decimal: 26.77 -> 2677/100 exactly
    return value if isinstance(value, Fraction) else Fraction(repr(float(value)))


def round_tokens(shares: Mapping[str, Fraction], budget_tokens: int, caps: Mapping[str, int] | None = None) -> dict[str, int]:
    """Largest-remainder rounding of share x budget to whole tokens summing exactly to the budget.
    Ties (equal remainders) go to the component whose name sorts first. A component never gets a
    token beyond its cap, nor a token when its share is 0."""
    quotas = {name: share * budget_tokens for name, share in shares.items()}
    tokens = {name: math.floor(q) for name, q in quotas.items()}
    if caps:
        tokens = {name: min(t, caps.get(name, t)) for name, t in tokens.items()}
    left = budget_tokens - sum(tokens.values())
    order = sorted(quotas, key=lambda n: (-(quotas[n] - tokens[n]), n))
    while left > 0:
        progressed = False
        for name in order:
            if left == 0:
                break
            if shares[name] == 0 or (caps and name in caps and tokens[name] + 1 > caps[name]):
                continue
            tokens[name] += 1
            left -= 1
            progressed = True
        if not progressed:
            raise InfeasiblePlanError(f"cannot place the last {left} tokens of the budget without exceeding a cap")
    return tokens


def paper_shares(variant: str = "typescript_larger_cut") -> dict[str, Fraction]:
    """The paper's optimised 350B code split: (50B + delta) / 350B per language, as exact fractions."""
    experiment = load_paper_preset()["allocation_experiment"]
    deltas = dict(experiment["optimized_delta_tokens_b"])
    a, b = deltas.pop("typescript_or_javascript_a"), deltas.pop("typescript_or_javascript_b")
    larger, smaller = (b, a) if abs(b) > abs(a) else (a, b)
    if variant == "typescript_larger_cut":
        deltas["typescript"], deltas["javascript"] = larger, smaller
    elif variant == "javascript_larger_cut":
        deltas["javascript"], deltas["typescript"] = larger, smaller
    else:
        raise ValueError(f"unknown paper_variant {variant!r}")
    baseline = experiment["baseline_tokens_b"]
    code_total = sum(_fraction(baseline[lang]) for lang in deltas)
    return {lang: (_fraction(baseline[lang]) + _fraction(delta)) / code_total for lang, delta in deltas.items()}


def _unique(unique_tokens: Mapping[str, int]) -> dict[str, int]:
    out = {}
    for name, value in unique_tokens.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"unique_tokens[{name!r}] must be a non-negative integer, got {value!r}")
        out[name] = value
    if not out:
        raise ValueError("plan_mixture needs at least one component")
    return out


def _epochs_needed(tokens: Fraction, unique: int) -> str:
    """Epochs as a ceiling setting that allows them: rounded up to one decimal."""
    return f"{math.ceil(tokens / unique * 10) / 10:,.1f}"


def _check_epochs(shares: Mapping[str, Fraction], unique: Mapping[str, int], budget: int, max_epochs: float,
                  strategy: str) -> None:
    """Shares chosen without regard to caps (uniform, explicit, paper) cannot move tokens elsewhere:
    raise if any breaks the `max_epochs` ceiling, naming the component, its epochs, the key to raise
    and the largest budget these shares allow."""
    problems, limits = [], []
    for name in sorted(shares):
        share = shares[name]
        if share <= 0:
            continue
        if unique[name] == 0:
            problems.append(f"component {name!r} has 0 unique tokens but share {float(share):.6g}")
            limits.append(None)
            continue
        limits.append(math.floor(Fraction(max_epochs) * unique[name] / share))
        if share * budget > Fraction(max_epochs) * unique[name]:
            needed = share * budget
            problems.append(f"component {name!r} (share {float(share):.6g}) needs {float(needed):,.0f} tokens, "
                            f"{float(needed / unique[name]):,.1f} epochs of its {unique[name]:,} unique tokens, above "
                            f"the ceiling mixture.max_epochs={max_epochs:g} (raise mixture.max_epochs to at least "
                            f"{_epochs_needed(needed, unique[name])} to allow it)")
    if problems:
        largest = None if any(limit is None for limit in limits) else min(limits)
        tail = (f"largest feasible budget for these shares: {largest:,} tokens" if largest is not None
                else "no budget is feasible: remove the component or give it share 0")
        moves = ("" if strategy not in ("uniform", "explicit", "paper") else
                 f"; strategy {strategy!r} fixes the shares, while 'unimax' and 'optimize' move what a capped "
                 "component cannot take to the others")
        raise InfeasiblePlanError(f"strategy {strategy!r} at budget {budget:,} tokens is infeasible: "
                                  + "; ".join(problems) + f"; {tail}{moves}", largest_feasible_budget_tokens=largest)


def _unimax(unique: Mapping[str, int], budget: int, max_epochs: float) -> tuple[dict[str, Fraction], list[str]]:
    caps = {n: Fraction(max_epochs) * u for n, u in unique.items()}
    total_cap = sum(caps.values())
    if total_cap < budget:
        largest = math.floor(total_cap)
        total_unique = sum(unique.values())
        raise InfeasiblePlanError(
            f"strategy 'unimax' at budget {budget:,} tokens is infeasible: the ceiling mixture.max_epochs={max_epochs:g} "
            f"over all unique tokens ({total_unique:,}) gives at most {largest:,} tokens; largest feasible budget: "
            f"{largest:,} tokens"
            + (f" (or raise mixture.max_epochs to at least {_epochs_needed(Fraction(budget), total_unique)})"
               if total_unique else ""),
            largest_feasible_budget_tokens=largest)
    names = sorted(unique, key=lambda n: (caps[n], n))
    # one level for all, each component held at its cap when the level is above it (water-filling)
    level, tokens = level_fill([Fraction(0)] * len(names), [caps[n] for n in names], Fraction(budget))
    binding = [f"{n}: max_epochs" if unique[n] > 0 else f"{n}: no unique tokens" for n in names if caps[n] < level]
    return {n: t / budget for n, t in zip(names, tokens)}, binding


def plan_mixture(mixture: MixtureConfig, *, unique_tokens: Mapping[str, int], budget_tokens: int,
                 laws_base_dir: Path | None = None) -> MixturePlan:
    """Plan how many tokens of each component to take. ``unique_tokens``: per component (language
    names, "paired"). Relative ``mixture.laws`` paths resolve against ``laws_base_dir`` when given."""
    if isinstance(budget_tokens, bool) or not isinstance(budget_tokens, int) or budget_tokens <= 0:
        raise ValueError(f"budget_tokens must be a positive integer, got {budget_tokens!r}")
    unique = _unique(unique_tokens)
    names = sorted(unique)
    strategy = mixture.strategy
    max_epochs = mixture.max_epochs
    notes: list[str] = []
    binding: list[str] = []
    details: dict[str, Any] = {}

    if strategy == "uniform":
        shares = {n: Fraction(1, len(names)) for n in names}
        _check_epochs(shares, unique, budget_tokens, max_epochs, strategy)
    elif strategy == "explicit":
        given = mixture.shares or {}
        unknown = sorted(set(given) - set(names))
        missing = sorted(set(names) - set(given))
        if unknown:
            raise ValueError(f"mixture.shares names components that are not in the build: {', '.join(unknown)} "
                             f"(components: {', '.join(names)})")
        if missing:
            raise ValueError(f"mixture.shares has no share for component(s) {', '.join(missing)}; give each a share "
                             "(0 leaves it out)")
        shares = {n: _fraction(given[n]) for n in names}
        total = sum(shares.values())
        shares = {n: s / total for n, s in shares.items()}  # exact renormalisation of a sum within 1e-6 of 1
        _check_epochs(shares, unique, budget_tokens, max_epochs, strategy)
    elif strategy == "unimax":
        shares, binding = _unimax(unique, budget_tokens, max_epochs)
    elif strategy == "paper":
        shares, notes = _paper_plan(mixture, names)
        _check_epochs(shares, unique, budget_tokens, max_epochs, strategy)
    elif strategy == "optimize":
        shares, binding, notes, details = _optimize_plan(mixture, unique, names, budget_tokens, laws_base_dir)
    else:  # pragma: no cover - the config literal forbids it
        raise ValueError(f"unknown mixture strategy {strategy!r}")

    caps = {n: math.floor(Fraction(max_epochs) * unique[n]) for n in names}
    tokens = round_tokens(shares, budget_tokens, caps)
    components = {
        n: ComponentPlan(name=n, share=float(shares[n]), planned_tokens=tokens[n], unique_tokens=unique[n],
                         epochs=(tokens[n] / unique[n]) if unique[n] else 0.0)
        for n in names
    }
    return MixturePlan(strategy=strategy, budget_tokens=budget_tokens, components=components,
                       binding=tuple(binding), notes=tuple(notes), details=details)


def _fixed_shares(mixture: MixtureConfig, names: list[str], modelled: set[str], what: str) -> dict[str, Fraction]:
    fixed = {n: _fraction(v) for n, v in (mixture.shares or {}).items()}
    unknown = sorted(set(fixed) - set(names))
    if unknown:
        raise ValueError(f"mixture.shares names components that are not in the build: {', '.join(unknown)}")
    overlap = sorted(set(fixed) & modelled)
    if overlap:
        raise ValueError(f"mixture.shares fixes {', '.join(overlap)}, which {what} models; with strategy "
                         f"{mixture.strategy!r}, `shares` is only for components it does not model")
    unmodelled = sorted(set(names) - modelled - set(fixed))
    if unmodelled:
        raise ValueError(f"component(s) {', '.join(unmodelled)} are not modelled by {what}; give each a fixed share "
                         f"in mixture.shares (e.g. shares: {{{unmodelled[0]}: 0.1}}, or 0 to leave it out)")
    return fixed


def _paper_plan(mixture: MixtureConfig, names: list[str]) -> tuple[dict[str, Fraction], list[str]]:
    variant = mixture.paper_variant or "typescript_larger_cut"
    published = paper_shares(variant)
    present = [n for n in names if n in published]
    fixed = _fixed_shares(mixture, names, set(present), "the paper's allocation")
    if not present:
        raise ValueError("strategy 'paper' needs at least one of the paper's languages among the components")
    notes = [f"paper's 350B reallocation (variant {variant}): (50B + delta) / 350B per language, scaled to the budget; "
             "the TypeScript/JavaScript assignment and Rust's 0 delta are inferred (see docs/laws.md)"]
    absent = [n for n in published if n not in present]
    base = sum(published[n] for n in present)
    if absent:
        notes.append(f"languages not in the build ({', '.join(absent)}): the paper's shares are renormalised over "
                     f"{', '.join(present)}")
    code_total = 1 - sum(fixed.values())
    shares = {n: published[n] / base * code_total for n in present}
    shares.update(fixed)
    if fixed:
        notes.append("fixed shares for components the paper does not model: "
                     + ", ".join(f"{n}={float(v):g}" for n, v in sorted(fixed.items())))
    return shares, notes


def _optimize_plan(mixture: MixtureConfig, unique: Mapping[str, int], names: list[str], budget: int,
                   laws_base_dir: Path | None) -> tuple[dict[str, Fraction], list[str], list[str], dict[str, Any]]:
    lawset = load_lawset(mixture.laws or "paper", base_dir=laws_base_dir)
    present = tuple(n for n in lawset.languages if n in unique)
    fixed = _fixed_shares(mixture, names, set(present), f"the laws ({lawset.source})")
    if not present:
        raise ValueError(f"strategy 'optimize': no component has a law in {lawset.source} "
                         f"(laws for: {', '.join(lawset.languages)})")
    notes = list(lawset.notes)
    absent = [n for n in lawset.languages if n not in unique]
    if absent:
        notes.append(f"laws for languages not in the build are ignored: {', '.join(absent)}")
    for key in ("min_shares", "max_shares", "weights"):
        unknown = sorted(set(getattr(mixture, key) or {}) - set(present))
        if unknown:
            raise ValueError(f"mixture.{key} names {', '.join(unknown)}, which is not an optimised language "
                             f"(optimised: {', '.join(present)})")
    scale = 1.0 if mixture.synergy_scale is None else mixture.synergy_scale
    tau = lawset.tau_for(present) if lawset.synergy is not None and scale > 0 else None
    if tau is None:
        notes.append("no synergy: each language's loss depends on its own tokens only (water-filling)")
    try:
        allocation = allocate({n: lawset.data_laws[n] for n in present}, budget_tokens=float(budget),
                              unique_tokens={n: float(u) for n, u in unique.items()}, max_epochs=mixture.max_epochs,
                              min_shares=mixture.min_shares, max_shares=mixture.max_shares, weights=mixture.weights,
                              synergy_tau=tau, synergy_scale=scale, fixed_shares={n: float(v) for n, v in fixed.items()})
    except InfeasiblePlanError as error:
        raise InfeasiblePlanError(
            f"strategy 'optimize': {error}; every component is capped at the ceiling mixture.max_epochs="
            f"{mixture.max_epochs:g} epochs of its unique tokens: raise mixture.max_epochs to allow more repetition",
            largest_feasible_budget_tokens=error.largest_feasible_budget_tokens) from None
    shares: dict[str, Fraction] = {n: Fraction(v) for n, v in allocation.shares.items()}
    shares = {n: max(v, Fraction(0)) for n, v in shares.items()}
    code_total = 1 - sum(fixed.values())
    raw_total = sum(shares.values())
    if raw_total > 0:
        shares = {n: v * code_total / raw_total for n, v in shares.items()}  # exact sum after float solve
    shares.update(fixed)
    details = {"laws": lawset.source, "allocation": allocation.to_dict()}
    return shares, list(allocation.binding), notes + list(allocation.notes), details
