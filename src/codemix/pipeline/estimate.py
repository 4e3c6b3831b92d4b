"""Per-language estimates of a sampled dry run (`codemix build CONFIG --dry-run --sample FRACTION`).

The sample (`codemix.stages.sample`) keeps each document with a known inclusion probability that grows
with its size, and records the whole population's documents and bytes per stratum (file extension).
Within a stratum the language of an unsampled file is unknown, so each language's total is a ratio
estimate under Poisson sampling: its tokens per byte among the sampled documents, each weighted by
1 / inclusion probability, times the stratum's bytes; strata are independent, so totals and variances
add. Extensions nearly decide the language and tokens are nearly proportional to bytes, which makes
the ratio tight. Strata with fewer than `min_stratum_docs` sampled documents are pooled.

What is an estimate: every per-language quantity (files, bytes, tokens). The dedup stages ran on the sample;
exact duplicates are also resolved against the unsampled documents (the sample step hashes every document), so a
sampled copy that an unsampled copy would displace in a build counts zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from scipy import stats as scipy_stats

from codemix.stages.dedup import SURVIVOR_ORDER

POOLED_STRATUM = "(pooled small strata)"


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float
    standard_error: float

    def to_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high, "standard_error": self.standard_error}


def _combine(parts: list[tuple[float, float]], confidence: float) -> Estimate:
    """Sum independent stratum estimates (value, standard error); a normal interval on the total."""
    value = sum(v for v, _ in parts)
    se = math.sqrt(sum(s * s for _, s in parts))
    z = float(scipy_stats.norm.ppf(0.5 + confidence / 2))
    return Estimate(value=value, low=max(0.0, value - z * se), high=value + z * se, standard_error=se)


def read_sample(work: Path) -> tuple[pa.Table, dict[str, tuple[int, int]]]:
    folder = work / "sample"
    sampled = pa.concat_tables([pq.read_table(f) for f in sorted(folder.glob("*.sampled.parquet"))])
    population: dict[str, tuple[int, int]] = {}
    for file in sorted(folder.glob("*.population.parquet")):
        for row in pq.read_table(file).to_pylist():
            docs, size = population.get(row["stratum"], (0, 0))
            population[row["stratum"]] = (docs + row["docs"], size + row["bytes"])
    return sampled, population


def _outranked_by_unsampled(work: Path, sampled_ids: set[str]) -> set[str]:
    """Ids of sampled documents a build would drop as exact duplicates of an unsampled copy: one that comes first
    by the dedup stages' survivor order (`codemix.stages.dedup.SURVIVOR_ORDER`, with "has a pair key" for "can
    be paired": the sample step records hashes, not groups). Among sampled copies the dedup stages decided."""
    table = pa.concat_tables([pq.read_table(f) for f in sorted((work / "sample").glob("*.hashes.parquet"))])
    table = table.append_column("unpaired", pc.invert(table.column("paired")))
    table = table.sort_by([("content_sha256", "ascending"), *SURVIVOR_ORDER])
    sha = table.column("content_sha256").to_numpy(zero_copy_only=False)
    ids = table.column("id").to_numpy(zero_copy_only=False)
    sampled = np.isin(ids, np.array(sorted(sampled_ids), dtype=object))
    group_start = np.ones(len(sha), dtype=bool)
    group_start[1:] = sha[1:] != sha[:-1]
    unsampled_so_far = np.cumsum(~sampled)  # up to and including each row
    before_group = (unsampled_so_far - ~sampled)[group_start][np.cumsum(group_start) - 1]
    unsampled_before = unsampled_so_far - (~sampled) - before_group
    return set(ids[sampled & (unsampled_before > 0)].tolist())


def _weighted_ratio(y: np.ndarray, x: np.ndarray, p: np.ndarray, x_total: float) -> tuple[float, float]:
    """Ratio estimate of a total under Poisson sampling: (sum y/p) / (sum x/p) * X, and its standard error
    by linearisation: residuals e = y - R x, variance (X / X_hat)^2 * sum (1 - p) e^2 / p^2."""
    x_hat = float(np.sum(x / p))
    if x_hat <= 0:
        return 0.0, 0.0
    ratio = float(np.sum(y / p)) / x_hat
    residuals = y - ratio * x
    variance = (x_total / x_hat) ** 2 * float(np.sum((1 - p) * residuals**2 / p**2))
    return ratio * x_total, math.sqrt(max(variance, 0.0))


def estimate_languages(
    *,
    work: Path,
    index_files: list[Path],
    languages: list[str],
    confidence: float = 0.95,
    min_stratum_docs: int = 30,
) -> dict[str, dict[str, Any]]:
    """Estimated files, bytes and tokens per language, each with a `confidence` interval."""
    sampled, population = read_sample(work)
    outranked = _outranked_by_unsampled(work, set(sampled.column("id").to_pylist()))
    # the sampled documents that survived cleaning, classification and dedup (a sample: small by design)
    kept: dict[str, tuple[str, int]] = {}
    for path in index_files:
        table = pq.read_table(path, columns=["component", "id", "tokens"])
        for name, doc_id, tokens in zip(*(table.column(c).to_pylist() for c in ("component", "id", "tokens"))):
            kept[doc_id] = (name, int(tokens))
    rows: dict[str, list[tuple[str | None, int, int, float]]] = {}
    columns = ("id", "stratum", "bytes", "probability")
    for doc_id, stratum, size, probability in zip(*(sampled.column(c).to_pylist() for c in columns)):
        # A copy the build would drop as an exact duplicate of an unsampled document counts zero.
        language, tokens = kept.get(doc_id, (None, 0)) if doc_id not in outranked else (None, 0)
        rows.setdefault(stratum, []).append((language, tokens, size, probability))
    # Pool strata too small to carry a variance.
    strata: dict[str, tuple[list, int]] = {}
    pooled: tuple[list, int] = ([], 0)
    for stratum, (docs, size) in sorted(population.items()):
        members = rows.get(stratum, [])
        if len(members) >= min_stratum_docs:
            strata[stratum] = (members, size)
        else:
            pooled = (pooled[0] + members, pooled[1] + size)
    if pooled[1]:
        strata[POOLED_STRATUM] = pooled
    parts: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {"files": [], "bytes": [], "tokens": []} for name in languages
    }
    for members, size in strata.values():
        if not members:
            continue  # nothing sampled from these documents: no estimate (and no variance) from them
        labels = [m[0] for m in members]
        tokens = np.array([m[1] for m in members], dtype=float)
        file_bytes = np.array([m[2] for m in members], dtype=float)
        probability = np.array([m[3] for m in members], dtype=float)
        for name in languages:
            member = np.array([label == name for label in labels], dtype=float)
            for key, y in (("files", member), ("bytes", file_bytes * member), ("tokens", tokens * member)):
                parts[name][key].append(_weighted_ratio(y, file_bytes, probability, size))
    out: dict[str, dict[str, Any]] = {}
    for name in languages:
        out[name] = {key: _combine(values, confidence).to_dict() for key, values in parts[name].items()}
        out[name]["sampled_files"] = sum(1 for language, _tokens in kept.values() if language == name)
    return out
