"""Loaders of the real scaling-law fixtures (see each folder's PROVENANCE.md), for the tests and
benchmarks/bench_laws.py. datablations and the OpenLM runs travel with the repository in tests/fixtures/;
Chinchilla has no licence: it is read from ../shared, never shipped.

`real_fit_cases` names every (N, D, loss) set the fitter is checked on: the three fixtures whole, and the
OpenLM runs (Gadre et al. 2024) per validation loss, per training set and restricted the way proxy grids
are (small models only; no over-training), which is where a fitter meets degenerate basins."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

import numpy as np

FIXTURES = Path(__file__).resolve().parent / "fixtures"

OPENLM_TARGETS = ("loss_openlm_val", "loss_c4_val", "loss_paloma_c4_en", "loss_paloma_dolma_100_programming_languages",
                  "loss_paloma_falcon_refinedweb", "loss_paloma_ptb", "loss_paloma_redpajama", "loss_de_en")
OPENLM_DATASETS = ("all", "c4_original", "rpj", "rw_original")
#: proxy-grid restrictions of the OpenLM runs: every run, models up to 411M parameters, tokens up to 4x
#: the Chinchilla-optimal 20 per parameter
OPENLM_SUBSETS: dict[str, Callable[[dict[str, str]], bool]] = {
    "all": lambda row: True,
    "N<=4.2e8": lambda row: float(row["params"]) <= 4.2e8,
    "M<=4": lambda row: float(row["chinchilla_multiplier"]) <= 4,
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:  # csv, not genfromtxt: Chinchilla's colour columns start with '#'
        return list(csv.DictReader(handle))


def chinchilla(shared: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """240 (N, D, loss) points: Epoch's outlier rule drops the 5 highest losses; D = C / (6 N)."""
    rows = _rows(shared / "fixtures" / "chinchilla" / "svg_extracted_data.csv")
    n = np.array([float(r["Model Size"]) for r in rows])
    c = np.array([float(r["Training FLOP"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    keep = loss < np.sort(loss)[-5]
    n, c, loss = n[keep], c[keep], loss[keep]
    return n, c / (6 * n), loss


def datablations() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """182 runs (N, D, U, loss), in raw parameters and tokens."""
    rows = _rows(FIXTURES / "datablations" / "c4_repetition_182.csv")
    cols = [np.array([float(r[k]) for r in rows]) * 1e9 for k in ("params_billions", "tokens_billions", "unique_tokens_billions")]
    return cols[0], cols[1], cols[2], np.array([float(r["val_loss"]) for r in rows])


def openlm(*, target: str, dataset: str = "all", subset: str = "all") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = [r for r in _rows(FIXTURES / "gadre-openlm" / "openlm_104_losses.csv")
            if (dataset == "all" or r["dataset_name"] == dataset) and OPENLM_SUBSETS[subset](r)]
    return (np.array([float(r["params"]) for r in rows]), np.array([float(r["tokens"]) for r in rows]),
            np.array([float(r[target]) for r in rows]))


def real_fit_cases(shared: Path) -> dict[str, Callable[[], tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Name -> loader of (N, D, loss)."""
    cases: dict[str, Callable[[], tuple[np.ndarray, np.ndarray, np.ndarray]]] = {
        "chinchilla": lambda: chinchilla(shared),
        "datablations/fresh": lambda: _fresh(datablations()),
        "datablations/all": lambda: datablations()[:2] + datablations()[3:],
    }
    for dataset in OPENLM_DATASETS:
        for subset in OPENLM_SUBSETS:
            for target in OPENLM_TARGETS:
                cases[f"openlm/{dataset}/{subset}/{target}"] = (
                    lambda d=dataset, s=subset, t=target: openlm(target=t, dataset=d, subset=s))
    return cases


def _fresh(runs: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, d, u, loss = runs
    keep = d <= u  # runs without repetition: the base law's data
    return n[keep], d[keep], loss[keep]
