"""Repetition: what a dry-run plan offers per component, and a warning for every component planned
above the warning threshold of epochs.

The thresholds are `mixture.warn_epochs` (default 4) and `mixture.max_epochs` (default 16) of the build
config; `codemix.schemas.config` states why (Muennighoff et al. 2023). The warning threshold only warns;
the ceiling is enforced by the planner (`codemix.laws.mixture`), which never plans a component beyond it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from codemix.laws.lawset import read_json_file
from codemix.schemas.config import format_token_amount

__all__ = ["PlanComponent", "RepetitionWarning", "read_plan_components", "repetition_warnings"]


@dataclass(frozen=True)
class PlanComponent:
    """One component of a dry-run plan: its unique tokens and, when the plan says, its documents."""

    unique_tokens: int
    docs: int | None = None


def read_plan_components(path: Path) -> dict[str, PlanComponent]:
    """The components of a dry-run plan: ``{"components": {name: {"unique_tokens": int, "docs": int?}}}``
    (other keys are ignored). ValueError naming the file and the key otherwise."""
    raw = read_json_file(path, what="the plan")
    components = raw.get("components") if isinstance(raw, dict) else None
    if not isinstance(components, dict) or not components:
        raise ValueError(f"{path}: expected {{\"components\": {{name: {{\"unique_tokens\": int}}}}}}")
    out = {}
    for name, entry in components.items():
        entry = entry if isinstance(entry, dict) else {}
        unique, docs = entry.get("unique_tokens"), entry.get("docs")
        if isinstance(unique, bool) or not isinstance(unique, int) or unique < 0:
            raise ValueError(f"{path}: components.{name}.unique_tokens must be a non-negative integer, got {unique!r}")
        if docs is not None and (isinstance(docs, bool) or not isinstance(docs, int) or docs < 0):
            raise ValueError(f"{path}: components.{name}.docs must be a non-negative integer, got {docs!r}")
        out[name] = PlanComponent(unique_tokens=unique, docs=docs)
    return out


@dataclass(frozen=True)
class RepetitionWarning:
    component: str
    epochs: float
    planned_tokens: int
    unique_tokens: int
    docs: int | None
    warn_epochs: float
    setting: str  # the key or option that sets the threshold, named in the message

    @property
    def message(self) -> str:
        files = "" if self.docs is None else f" of {self.docs:,} file{'' if self.docs == 1 else 's'}"
        return (f"{self.component}: {self.epochs:,.1f} epochs ({format_token_amount(self.planned_tokens)} planned "
                f"tokens from {format_token_amount(self.unique_tokens)} unique tokens{files}), above "
                f"{self.setting}={self.warn_epochs:g}: repeated tokens are worth nearly as much as fresh ones "
                "only up to about 4 epochs and add little beyond about 16 (Muennighoff et al. 2023)")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "repetition", "component": self.component, "epochs": self.epochs,
                "planned_tokens": self.planned_tokens, "unique_tokens": self.unique_tokens, "docs": self.docs,
                "warn_epochs": self.warn_epochs, "message": self.message}


def repetition_warnings(planned_tokens: Mapping[str, int], unique_tokens: Mapping[str, int], *, warn_epochs: float,
                        docs: Mapping[str, int | None] | None = None,
                        setting: str = "mixture.warn_epochs") -> list[RepetitionWarning]:
    """One warning per component whose planned tokens exceed ``warn_epochs`` passes over its unique
    tokens, in component name order."""
    out = []
    for name in sorted(planned_tokens):
        planned, unique = int(planned_tokens[name]), int(unique_tokens.get(name, 0))
        if unique > 0 and planned > warn_epochs * unique:
            out.append(RepetitionWarning(component=name, epochs=planned / unique, planned_tokens=planned,
                                         unique_tokens=unique, docs=(docs or {}).get(name), warn_epochs=warn_epochs,
                                         setting=setting))
    return out
