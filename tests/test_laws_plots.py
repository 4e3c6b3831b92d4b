"""Plots (the optional `plot` extra): run only where matplotlib is importable."""

import json

import pytest

pytest.importorskip("matplotlib")

from codemix.laws.lawset import load_paper_preset  # noqa: E402
from codemix.laws.plots import allocation_figure, plot_allocation, plot_synergy  # noqa: E402


def _is_png(path):
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000


def test_synergy_heatmap_and_allocation_bars(tmp_path):
    from codemix.laws.synergy import Synergy

    synergy = Synergy.from_dict(load_paper_preset()["synergy"])
    assert _is_png(plot_synergy(synergy.to_dict(), tmp_path))
    path = plot_allocation({"uniform": {"python": 0.5, "java": 0.5}}, {"python": 0.6, "java": 0.4}, tmp_path,
                           budget_tokens=1e9)
    assert _is_png(path)


def test_fit_cli_plot(tmp_path):
    from test_laws_cli import _run, _synthetic_runs

    runs = tmp_path / "runs.csv"
    _synthetic_runs(runs)
    assert _run(["laws", "fit", str(runs), "--out", str(tmp_path / "fit.json"), "--bootstrap", "0", "--folds", "0", "--starts", "8",
                 "--plot", str(tmp_path / "plots")]) == 0
    names = sorted(p.name for p in (tmp_path / "plots").iterdir())
    assert names == ["fit_java.png", "fit_python.png", "synergy.png"]
    assert all(_is_png(tmp_path / "plots" / n) for n in names)
    assert json.loads((tmp_path / "fit.json").read_text())["languages"]["java"]["law"]["beta"] > 0


def test_mix_optimize_plot_shows_the_baseline_and_the_paper(tmp_path, monkeypatch):
    import codemix.laws.plots as plots
    from test_laws_cli import _run

    figures = []
    monkeypatch.setattr(plots, "allocation_figure", lambda *a, **k: figures.append(allocation_figure(*a, **k)) or figures[-1])
    assert _run(["mix", "optimize", "--laws", "paper", "--budget", "350B", "--plot", str(tmp_path), "--compare-paper"]) == 0
    assert _is_png(tmp_path / "allocation.png")
    (ax,) = figures[0].axes
    assert ax.get_legend_handles_labels()[1] == ["uniform (equal shares; no limit binds)", "paper's allocation", "optimised"]
    assert ax.get_ylabel() == "tokens (B)"


def test_small_budgets_plot_in_their_own_unit():
    fig = allocation_figure({"uniform": {"python": 0.5, "java": 0.5}}, {"python": 0.6, "java": 0.4}, budget_tokens=2e6)
    (ax,) = fig.axes
    assert ax.get_ylabel() == "tokens (M)"
    assert max(bar.get_height() for bar in ax.patches) == pytest.approx(1.2)  # 0.6 x 2M, in millions
