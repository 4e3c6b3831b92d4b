"""Plots (optional `plot` extra: matplotlib): fitted curves with the data, the synergy heatmap, and
baseline against optimised allocation bars. Importing this module without matplotlib raises ImportError."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from codemix.laws.fit import ChinchillaLaw  # noqa: E402
from codemix.laws.runs import Run  # noqa: E402
from codemix.schemas.config import token_unit  # noqa: E402


def plot_fit(fit: Mapping[str, Any], runs: list[Run], out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for language, entry in fit.get("languages", {}).items():
        law = ChinchillaLaw.from_dict(entry["law"])
        group = [r for r in runs if r.kind == "language" and r.language == language]
        fig, ax = plt.subplots(figsize=(6, 4))
        sizes = sorted({r.params for r in group})
        colors = plt.cm.viridis(np.linspace(0, 0.9, len(sizes)))
        for color, n in zip(colors, sizes):
            pts = sorted((r.tokens, r.loss) for r in group if r.params == n)
            d = np.array([p[0] for p in pts])
            ax.scatter(d, [p[1] for p in pts], color=color, s=14, label=f"N={n:.3g}")
            grid = np.geomspace(d.min() / 1.5, d.max() * 1.5, 100)
            ax.plot(grid, law.predict(np.full_like(grid, n), grid), color=color, lw=1)
        ax.set_xscale("log")
        ax.set_xlabel("training tokens D")
        ax.set_ylabel("validation loss")
        ax.set_title(f"{language}: E={law.E:.3f} alpha={law.alpha:.3f} beta={law.beta:.3f}")
        if len(sizes) <= 12:
            ax.legend(fontsize=7)
        fig.tight_layout()
        path = out_dir / f"fit_{language}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    if fit.get("synergy"):
        written.append(plot_synergy(fit["synergy"], out_dir))
    return written


def plot_synergy(synergy: Mapping[str, Any], out_dir: Path) -> Path:
    order = list(synergy["order"])
    rel = np.asarray(synergy["relative_gain"], dtype=float) * 100
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    bound = float(np.abs(rel).max()) or 1.0
    image = ax.imshow(rel, cmap="RdBu", vmin=-bound, vmax=bound)
    ax.set_xticks(range(len(order)), order, rotation=45, ha="right")
    ax.set_yticks(range(len(order)), order)
    ax.set_xlabel("auxiliary language j")
    ax.set_ylabel("target language i")
    for i in range(len(order)):
        for j in range(len(order)):
            ax.text(j, i, f"{rel[i, j]:.1f}", ha="center", va="center", fontsize=7)
    fig.colorbar(image, label="relative gain % (positive: j helps i)")
    fig.tight_layout()
    path = Path(out_dir) / "synergy.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def allocation_figure(baselines: Mapping[str, Mapping[str, float]], optimised: Mapping[str, float], *,
                      budget_tokens: float) -> Any:
    """Grouped bars per language: each baseline (label -> shares), then the optimised shares, in tokens
    of the unit that suits the budget."""
    names = list(optimised)
    unit, size = token_unit(budget_tokens * max([*optimised.values(), *(v for b in baselines.values() for v in b.values())]))
    series = [*baselines.items(), ("optimised", optimised)]
    width = 0.8 / len(series)
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(7 + len(series), 4))
    for k, (label, shares) in enumerate(series):
        ax.bar(x + (k - (len(series) - 1) / 2) * width, [shares.get(n, 0) * budget_tokens / size for n in names],
               width, label=label)
    ax.set_xticks(x, names, rotation=30, ha="right")
    ax.set_ylabel(f"tokens ({unit})" if unit else "tokens")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_allocation(baselines: Mapping[str, Mapping[str, float]], optimised: Mapping[str, float], out_dir: Path, *,
                    budget_tokens: float) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fig = allocation_figure(baselines, optimised, budget_tokens=budget_tokens)
    path = out_dir / "allocation.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
