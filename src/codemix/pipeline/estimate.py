"""Per-language estimates of a sampled dry run (`codemix build CONFIG --dry-run --sample FRACTION`).

The sample (`codemix.stages.sample`) keeps each document with probability FRACTION and records, per
stratum (file extension), the whole population's documents and bytes. Within a stratum the language of
an unsampled file is unknown, so each stratum is estimated with the domain ratio estimator of
`codemix.tokens.estimate` (tokens of language L per sampled byte, times the stratum's bytes); strata are
independent, so totals and variances add. Extensions nearly decide the language, which makes the ratio
within a stratum tight. Strata with fewer than `min_stratum_docs` sampled documents are pooled, since a
ratio from one or two files has no usable variance. Files of at least 128 KB are always read (strata
of their own, exact): they carry most of the variance.

What is an estimate: every per-language quantity (files, bytes, tokens). Exact duplicates are found only
among sampled documents, so with duplicates across the population the estimate runs high.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from scipy import stats as scipy_stats

from codemix.pipeline.inventory import Inventory
from codemix.stages.sample import CERTAIN_SUFFIX
from codemix.tokens.estimate import SampledFile, estimate_domains

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


def estimate_languages(
    *,
    work: Path,
    inventory: Inventory,
    languages: list[str],
    confidence: float = 0.95,
    min_stratum_docs: int = 30,
) -> dict[str, dict[str, Any]]:
    """Estimated files, bytes and tokens per language, each with a `confidence` interval."""
    sampled, population = read_sample(work)
    kept: dict[str, tuple[str, int]] = {}
    for name in languages:
        comp = inventory.components[name]
        for doc_id, tokens in zip(comp.ids, comp.tokens.tolist()):
            kept[doc_id] = (name, int(tokens))
    by_stratum: dict[str, list[SampledFile]] = {}
    for doc_id, stratum, size in zip(*(sampled.column(c).to_pylist() for c in ("id", "stratum", "bytes"))):
        language, tokens = kept.get(doc_id, (None, 0))
        by_stratum.setdefault(stratum, []).append(SampledFile(language=language, bytes=size, tokens=tokens))
    # Pool strata too small to carry a variance.
    pooled_files: list[SampledFile] = []
    pooled_population = [0, 0]
    strata: dict[str, tuple[list[SampledFile], int, int]] = {}
    for stratum, (docs, size) in sorted(population.items()):
        files = by_stratum.get(stratum, [])
        # Strata read whole are exact whatever their size; pooling them with sampled ones would mix rates.
        if len(files) >= min_stratum_docs or stratum.endswith(CERTAIN_SUFFIX):
            strata[stratum] = (files, docs, size)
        else:
            pooled_files += files
            pooled_population[0] += docs
            pooled_population[1] += size
    if pooled_population[0]:
        strata[POOLED_STRATUM] = (pooled_files, pooled_population[0], pooled_population[1])
    parts: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {"files": [], "bytes": [], "tokens": []} for name in languages
    }
    for files, docs, size in strata.values():
        if not files:
            continue  # nothing sampled from these documents: they contribute no estimate (and no variance)
        result = estimate_domains(files, population_files=docs, population_bytes=size, languages=languages,
                                  confidence=confidence)
        for name, est in result.items():
            for key, interval in (("files", est.files), ("bytes", est.bytes), ("tokens", est.tokens)):
                parts[name][key].append((interval.value, interval.standard_error))
    out: dict[str, dict[str, Any]] = {}
    for name in languages:
        out[name] = {key: _combine(values, confidence).to_dict() for key, values in parts[name].items()}
        out[name]["sampled_files"] = inventory.components[name].docs
    return out
