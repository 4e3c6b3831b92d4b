"""Cross-language synergy: the gain matrix and the transfer coefficients tau.

Design (the paper's): for each target language i, train on the target seen twice (the self-repetition
baseline, L(i+i)) and on the target plus an auxiliary language j at 50:50 (L(i+j)), with the same
total tokens, and measure the target's validation loss.

Sign convention (codemix's, and the one the paper's own numbers follow):

    gain(i, j)          = L(i+i) - L(i+j)
    relative_gain(i, j) = gain(i, j) / L(i+i)          positive: auxiliary j HELPS target i
    tau[i, j]           = relative_gain(i, j) for i != j, tau[i, i] = 0

The paper prints its gain formula the other way round (L(i+j) - L(i+i)), yet reports positive
percentages where the auxiliary language lowers the loss (e.g. Java with C#: 0.718 vs 0.903, +20.58%);
we follow the numbers, not the printed formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np


@dataclass(frozen=True)
class Synergy:
    """``losses[i][j]``: target i's loss when trained with auxiliary j (diagonal: target twice)."""

    languages: tuple[str, ...]
    losses: np.ndarray

    def __post_init__(self) -> None:
        k = len(self.languages)
        if self.losses.shape != (k, k):
            raise ValueError(f"synergy losses must be {k}x{k} for {k} languages, got shape {self.losses.shape}")
        if len(set(self.languages)) != k:
            raise ValueError("synergy languages must not repeat")
        if not np.all(np.isfinite(self.losses)) or np.any(self.losses <= 0):
            raise ValueError("synergy losses must be positive numbers (a missing pair? every cell is needed)")

    @property
    def gain(self) -> np.ndarray:
        return np.diag(self.losses)[:, None] - self.losses

    @property
    def relative_gain(self) -> np.ndarray:
        return self.gain / np.diag(self.losses)[:, None]

    @property
    def tau(self) -> np.ndarray:
        tau = self.relative_gain.copy()
        np.fill_diagonal(tau, 0.0)
        return tau

    def subset(self, languages: Sequence[str]) -> "Synergy":
        idx = [self.languages.index(lang) for lang in languages]
        return Synergy(languages=tuple(languages), losses=self.losses[np.ix_(idx, idx)])

    def relative_gain_percent(self) -> dict[str, dict[str, float]]:
        rel = self.relative_gain * 100.0
        return {t: {a: float(rel[i, j]) for j, a in enumerate(self.languages)} for i, t in enumerate(self.languages)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": list(self.languages),
            "target_loss_rows_by_auxiliary_columns": self.losses.tolist(),
            "relative_gain": self.relative_gain.tolist(),
            "tau": self.tau.tolist(),
            "sign": "relative_gain[i][j] = (L(i+i) - L(i+j)) / L(i+i); positive = auxiliary j helps target i",
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "Synergy":
        return cls(languages=tuple(raw["order"]),
                   losses=np.asarray(raw["target_loss_rows_by_auxiliary_columns"], dtype=float))


def synergy_from_runs(rows: Sequence[Mapping[str, Any]], *, languages: Sequence[str] | None = None) -> Synergy:
    """Build the matrix from synergy runs: dicts with ``language`` (target), ``auxiliary_language``
    and ``loss``. Repeated (target, auxiliary) runs (seeds) are averaged. Every cell must be present."""
    cells: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        cells.setdefault((row["language"], row["auxiliary_language"]), []).append(float(row["loss"]))
    if languages is None:
        names = sorted({t for t, _ in cells} | {a for _, a in cells})
    else:
        names = list(languages)
    missing = [f"{t}+{a}" for t in names for a in names if (t, a) not in cells]
    if missing:
        raise ValueError(f"synergy runs are missing {len(missing)} (target+auxiliary) cells: {', '.join(missing[:10])}"
                         + (" ..." if len(missing) > 10 else "") + "; the baseline target+target cells are needed too")
    losses = np.array([[np.mean(cells[(t, a)]) for a in names] for t in names])
    return Synergy(languages=tuple(names), losses=losses)
