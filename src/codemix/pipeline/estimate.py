"""Per-language estimates of a sampled dry run (`codemix build CONFIG --dry-run --sample FRACTION`).

The sample (`codemix.stages.sample`) keeps each document with a known inclusion probability that grows
with its size, and records the whole population's documents and bytes per stratum (file extension).
Within a stratum the language of an unsampled file is unknown, so each language's total is a ratio
estimate under Poisson sampling: its tokens per byte among the sampled documents, each weighted by
1 / inclusion probability, times the stratum's bytes (Sarndal, Swensson and Wretman, *Model Assisted Survey
Sampling*, 5.6 and 10.3); strata are independent, so totals and variances add. Extensions nearly decide the
language and tokens are nearly proportional to bytes, which makes the ratio tight. Strata with fewer than
`min_stratum_docs` sampled documents are pooled.

Intervals: estimate +- t * SE, the linearised variance `(X / X_hat)^2 * sum (1 - p) e^2 / p^2` of each
stratum's ratio (residuals e = y - R x), and Student's t with Satterthwaite's degrees of freedom, each
stratum contributing (its sampled documents of the language - 1): a language seen in few documents gets a
wider interval than the normal one. Measured coverage: `tests/test_estimate.py` (synthetic populations, 200+
seeds) and `benchmarks/bench_sampled_dry_run.py` (real code, `benchmarks/RESULTS.md`).

A language the sample did not see at all is not "0 [0, 0]": it is unknown, reported with `observed: false`,
no value, and a one-sided 95% upper bound (`unobserved_bound`): every document the sample did not read had
inclusion probability at least `fraction * max(1, bytes / reference_bytes)`, so a language of N files and B
bytes is missed with probability at most exp(-fraction * N) and at most exp(-fraction * B / reference_bytes).

What is an estimate: every per-language quantity (files, bytes, tokens). The dedup stages ran on the sample;
exact duplicates are also resolved against the unsampled documents (the sample step hashes every document), so a
sampled copy that an unsampled copy would displace in a build counts zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
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
#: The columns `estimate_totals` reads: one row per sampled document; `language` is null (and `tokens` 0) for a
#: sampled document the build would drop (cleaning, classification, or an exact duplicate of another).
SAMPLE_ROWS_SCHEMA = pa.schema([
    ("id", pa.string()), ("stratum", pa.string()), ("bytes", pa.int64()), ("probability", pa.float64()),
    ("language", pa.string()), ("tokens", pa.int64()),
])  # fmt: skip


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float
    standard_error: float

    def to_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high, "standard_error": self.standard_error}


@dataclass(frozen=True)
class _Part:
    """One stratum's share of a language's total."""

    value: float
    variance: float
    sampled_docs: float  # effective number of terms in the variance


def _interval(parts: list[_Part], confidence: float) -> Estimate:
    """Sum independent stratum parts; a Student-t interval with Satterthwaite's degrees of freedom."""
    value = sum(p.value for p in parts)
    variance = sum(p.variance for p in parts)
    se = math.sqrt(variance)
    if variance > 0:
        dof = variance**2 / sum(p.variance**2 / max(p.sampled_docs - 1, 1) for p in parts if p.variance > 0)
        q = float(scipy_stats.t.ppf(0.5 + confidence / 2, dof))
    else:  # every document of the language was read with certainty: the total is exact
        q = 0.0
    return Estimate(value=value, low=max(0.0, value - q * se), high=value + q * se, standard_error=se)


def _ratio_part(y: np.ndarray, x: np.ndarray, p: np.ndarray, x_total: float) -> _Part:
    """Ratio estimate of a total under Poisson sampling, (sum y/p) / (sum x/p) * X, and its linearised variance:
    residuals e = y - R x, variance (X / X_hat)^2 * sum (1 - p) e^2 / p^2."""
    x_hat = float(np.sum(x / p))
    if x_hat <= 0:
        return _Part(0.0, 0.0, 0)
    ratio = float(np.sum(y / p)) / x_hat
    residuals = y - ratio * x
    terms = (1 - p) * residuals**2 / p**2
    total = float(np.sum(terms))
    variance = (x_total / x_hat) ** 2 * total
    effective = total**2 / float(np.sum(terms**2)) if total > 0 else 0.0
    return _Part(ratio * x_total, max(variance, 0.0), effective)


def unobserved_bound(
    *, fraction: float, reference_bytes: int, unread_docs: int, unread_bytes: int, tokens_per_byte: float,
    confidence: float = 0.95,
) -> dict[str, float]:
    """One-sided `confidence` upper bounds on the files, bytes and tokens of a language no sampled document had.

    Each unread document had inclusion probability p >= fraction * max(1, bytes / reference_bytes), so a
    language of N files and B bytes escapes the sample with probability prod(1 - p) <= exp(-sum p), which is
    below 1 - confidence once N > ln(1 / (1 - confidence)) / fraction or B > reference_bytes * that. Tokens:
    at most `tokens_per_byte` per byte (1 for byte-level BPE: each token holds a byte or more; the caller
    passes the highest ratio the sample saw if larger) plus an end-of-document token per file. Capped by what
    the sample did not read."""
    scale = math.log(1 / (1 - confidence)) / fraction
    files = min(float(unread_docs), scale)
    size = min(float(unread_bytes), reference_bytes * scale)
    return {"files": files, "bytes": size, "tokens": size * max(1.0, tokens_per_byte) + files}


def estimate_totals(
    sample: pa.Table,
    population: Mapping[str, tuple[int, int]],
    *,
    languages: list[str],
    fraction: float,
    reference_bytes: int,
    confidence: float = 0.95,
    min_stratum_docs: int = 30,
) -> dict[str, dict[str, Any]]:
    """Estimated files, bytes and tokens per language, each with a `confidence` interval, from the sampled
    documents (`SAMPLE_ROWS_SCHEMA`) and the population's (documents, bytes) per stratum.

    A language with no sampled document has `observed: false`, null values and the bounds of
    `unobserved_bound` as its interval `[0, high]`."""
    columns = {name: sample.column(name).to_numpy(zero_copy_only=False) for name in sample.column_names}
    by_stratum: dict[str, np.ndarray] = {}
    for stratum in set(columns["stratum"].tolist()):
        by_stratum[stratum] = np.flatnonzero(columns["stratum"] == stratum)
    strata: list[tuple[np.ndarray, int]] = []
    pooled_rows: list[np.ndarray] = []
    pooled_bytes = 0
    for stratum, (_, size) in sorted(population.items()):
        rows = by_stratum.get(stratum, np.empty(0, dtype=np.int64))
        if len(rows) >= min_stratum_docs:
            strata.append((rows, size))
        else:
            pooled_rows.append(rows)
            pooled_bytes += size
    if pooled_bytes:
        strata.append((np.concatenate(pooled_rows) if pooled_rows else np.empty(0, dtype=np.int64), pooled_bytes))
    labels = columns["language"]
    tokens = columns["tokens"].astype(float)
    file_bytes = columns["bytes"].astype(float)
    probability = columns["probability"].astype(float)
    out: dict[str, dict[str, Any]] = {}
    for name in languages:
        member = (labels == name).astype(float)
        sampled_files = int(member.sum())
        if not sampled_files:
            continue
        parts: dict[str, list[_Part]] = {"files": [], "bytes": [], "tokens": []}
        for rows, size in strata:
            if not len(rows):
                continue  # nothing sampled from these documents: no estimate (and no variance) from them
            x, p, m = file_bytes[rows], probability[rows], member[rows]
            for key, y in (("files", m), ("bytes", x * m), ("tokens", tokens[rows] * m)):
                parts[key].append(_ratio_part(y, x, p, size))
        out[name] = {key: _interval(values, confidence).to_dict() for key, values in parts.items()}
        out[name].update(observed=True, sampled_files=sampled_files)
    unread_docs = sum(docs for docs, _ in population.values()) - sample.num_rows
    unread_bytes = sum(size for _, size in population.values()) - int(file_bytes.sum())
    kept = tokens > 0
    tokens_per_byte = float(np.max(tokens[kept] / np.maximum(file_bytes[kept], 1))) if kept.any() else 1.0
    bound = unobserved_bound(fraction=fraction, reference_bytes=reference_bytes, unread_docs=unread_docs,
                             unread_bytes=unread_bytes, tokens_per_byte=tokens_per_byte, confidence=confidence)
    for name in languages:
        if name not in out:
            out[name] = {key: {"value": None, "low": 0.0, "high": bound[key], "standard_error": None}
                         for key in ("files", "bytes", "tokens")}
            out[name].update(observed=False, sampled_files=0)
    return {name: out[name] for name in languages}


# --- reading a dry run's sample ----------------------------------------------------------------------
def read_sample(work: Path) -> tuple[pa.Table, dict[str, tuple[int, int]]]:
    """The sampled documents (id, stratum, bytes, probability) and the population's (docs, bytes) per stratum."""
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


def sample_rows(work: Path, index_files: list[Path], languages: list[str]) -> pa.Table:
    """Every sampled document of a dry run's work directory (`SAMPLE_ROWS_SCHEMA`): its language and tokens
    when the build would keep it (it is in the index: it survived cleaning, classification and the dedup
    stages), else null and 0; a copy the build would drop as an exact duplicate of an unsampled document
    counts zero too."""
    sampled, _ = read_sample(work)
    outranked = _outranked_by_unsampled(work, set(sampled.column("id").to_pylist()))
    kept: dict[str, tuple[str, int]] = {}  # the sampled documents that survived: a sample, small by design
    for path in index_files:
        table = pq.read_table(path, columns=["component", "id", "tokens"])
        for name, doc_id, tokens in zip(*(table.column(c).to_pylist() for c in ("component", "id", "tokens"))):
            if name in languages:
                kept[doc_id] = (name, int(tokens))
    ids = sampled.column("id").to_pylist()
    labelled = [(None, 0) if doc_id in outranked else kept.get(doc_id, (None, 0)) for doc_id in ids]
    return pa.table({
        "id": ids, "stratum": sampled.column("stratum"), "bytes": sampled.column("bytes"),
        "probability": sampled.column("probability"), "language": [label for label, _ in labelled],
        "tokens": [tokens for _, tokens in labelled],
    }, schema=SAMPLE_ROWS_SCHEMA)  # fmt: skip


def estimate_languages(
    *,
    work: Path,
    index_files: list[Path],
    languages: list[str],
    fraction: float,
    reference_bytes: int,
    confidence: float = 0.95,
) -> dict[str, dict[str, Any]]:
    """`estimate_totals` over a sampled dry run's work directory."""
    _, population = read_sample(work)
    return estimate_totals(sample_rows(work, index_files, languages), population, languages=languages,
                           fraction=fraction, reference_bytes=reference_bytes, confidence=confidence)
