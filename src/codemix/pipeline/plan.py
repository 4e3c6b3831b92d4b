"""The build plan: how many tokens each mixture component gets, decided before any shard is written.

`budget_tokens: null` means every unique token exactly once (the corpus's natural mix; the mixture
strategy has nothing to decide). With a budget, the mixture strategy of `codemix.laws.mixture` turns
the unique tokens available per component into planned tokens that sum exactly to the budget.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from codemix.pipeline.inventory import Inventory
from codemix.schemas.config import BuildConfig


class PlanError(Exception):
    """The plan cannot be made (e.g. the budget needs more repetition than allowed)."""


@dataclass(frozen=True)
class ComponentPlan:
    docs: int
    bytes: int
    unique_tokens: int
    share: float
    planned_tokens: int
    epochs: float  # planned / unique: above 1 means repetition


@dataclass(frozen=True)
class BuildPlan:
    budget_tokens: int
    budget_source: str  # "config" or "all unique tokens once"
    strategy: str
    components: dict[str, ComponentPlan]
    max_shard_tokens: int
    binding: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    strategy_details: dict[str, Any] = field(default_factory=dict)
    estimated: list[str] = field(default_factory=list)  # quantities estimated from a sample, not measured
    # one per component planned above mixture.warn_epochs (`RepetitionWarning.to_dict()`)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def planned_shards(self) -> int:
        return max(1, math.ceil(self.budget_tokens / self.max_shard_tokens))

    @property
    def planned_text_bytes(self) -> int:
        """Text bytes the plan writes (before Parquet compression), from each component's bytes per token."""
        total = 0.0
        for comp in self.components.values():
            if comp.unique_tokens:
                total += comp.planned_tokens * comp.bytes / comp.unique_tokens
        return int(round(total))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "BuildPlan":
        """The plan `to_dict` wrote (keys it adds beside the fields, such as `totals`, are ignored)."""
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        values["components"] = {name: ComponentPlan(**comp) for name, comp in data["components"].items()}
        values["max_shard_tokens"] = data["shards"]["max_shard_tokens"]
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget_tokens": self.budget_tokens,
            "budget_source": self.budget_source,
            "strategy": self.strategy,
            "components": {name: asdict(comp) for name, comp in sorted(self.components.items())},
            "totals": {
                "docs": sum(c.docs for c in self.components.values()),
                "bytes": sum(c.bytes for c in self.components.values()),
                "unique_tokens": sum(c.unique_tokens for c in self.components.values()),
                "planned_tokens": sum(c.planned_tokens for c in self.components.values()),
            },
            "shards": {
                "count": self.planned_shards,
                "max_shard_tokens": self.max_shard_tokens,
                "planned_text_bytes": self.planned_text_bytes,
            },
            "binding": list(self.binding),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "strategy_details": self.strategy_details,
            "estimated": list(self.estimated),
        }


@dataclass(frozen=True)
class _Available:
    """What a component offers the plan: measured, or estimated from a sample."""

    docs: int
    total_bytes: int
    unique_tokens: int


def _available(inventory: Inventory, estimates: dict[str, dict[str, Any]] | None) -> dict[str, _Available]:
    if estimates is None:
        return {
            name: _Available(docs=c.docs, total_bytes=c.total_bytes, unique_tokens=c.unique_tokens)
            for name, c in inventory.components.items()
        }
    # A language the sample did not see has no value (unknown, with an upper bound): the plan has nothing of it.
    return {
        name: _Available(
            docs=round(est["files"]["value"] or 0), total_bytes=round(est["bytes"]["value"] or 0),
            unique_tokens=round(est["tokens"]["value"] or 0),
        )
        for name, est in estimates.items()
    }


def make_plan(
    config: BuildConfig, inventory: Inventory, *, estimates: dict[str, dict[str, Any]] | None = None
) -> BuildPlan:
    """The plan for the inventory, or, in a sampled dry run, for the `estimates` of each language."""
    comps = _available(inventory, estimates)
    unique = {name: comp.unique_tokens for name, comp in comps.items()}
    total_unique = sum(unique.values())
    if total_unique == 0:
        raise PlanError("no document of the configured languages survived reading, classification and cleaning")
    estimated = ["docs", "bytes", "unique_tokens", "planned_tokens (derived)"] if estimates is not None else []
    unseen = [
        f"{name} was not in the sample: its size is unknown (at most {est['tokens']['high']:,.0f} tokens, a 95% "
        "bound) and the plan has none of it"
        for name, est in sorted((estimates or {}).items()) if not est.get("observed", True)
    ]
    if config.budget_tokens is None:
        components = {
            name: ComponentPlan(
                docs=comp.docs,
                bytes=comp.total_bytes,
                unique_tokens=comp.unique_tokens,
                share=comp.unique_tokens / total_unique,
                planned_tokens=comp.unique_tokens,
                epochs=1.0 if comp.unique_tokens else 0.0,
            )
            for name, comp in comps.items()
        }
        notes = [
            "budget_tokens is null: every unique token is used exactly once, so the shares are the corpus's own; "
            f"the mixture strategy {config.mixture.strategy!r} applies once a budget is set"
        ] + unseen
        return BuildPlan(
            budget_tokens=total_unique,
            budget_source="all unique tokens once",
            strategy="natural",
            components=components,
            max_shard_tokens=config.output.max_shard_tokens,
            notes=notes,
            estimated=estimated,
        )

    from codemix.laws.mixture import InfeasiblePlanError, plan_mixture
    from codemix.laws.repetition import repetition_warnings

    try:
        mixture = plan_mixture(config.mixture, unique_tokens=unique, budget_tokens=config.budget_tokens)
    except InfeasiblePlanError as error:
        raise PlanError(str(error)) from None
    details = mixture.to_dict()
    components = {}
    for name, comp in comps.items():
        planned = mixture.components[name]
        components[name] = ComponentPlan(
            docs=comp.docs,
            bytes=comp.total_bytes,
            unique_tokens=comp.unique_tokens,
            share=float(planned.share),
            planned_tokens=int(planned.planned_tokens),
            epochs=(planned.planned_tokens / comp.unique_tokens) if comp.unique_tokens else 0.0,
        )
    warnings = repetition_warnings({n: c.planned_tokens for n, c in components.items()},
                                   {n: c.unique_tokens for n, c in components.items()},
                                   docs={n: c.docs for n, c in components.items()},
                                   warn_epochs=config.mixture.warn_epochs)
    return BuildPlan(
        budget_tokens=config.budget_tokens,
        budget_source="config",
        strategy=config.mixture.strategy,
        components=components,
        max_shard_tokens=config.output.max_shard_tokens,
        binding=list(mixture.binding),
        notes=list(mixture.notes) + unseen,
        strategy_details=details,
        estimated=estimated,
        warnings=[w.to_dict() for w in warnings],
    )
