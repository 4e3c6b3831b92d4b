"""Per-language token totals of a corpus too large to read whole, from a seeded sample of its files.

The sample is a simple random sample of files drawn without replacement by a seeded hash order
(`seeded_sample`), optionally within strata (e.g. per language when the language of every file is known
beforehand). Estimators, all design-based (Cochran, *Sampling Techniques*, ch. 2, 5 and 6):

- `stratified_ratio` (population bytes known per language): T_L = R_L * B_L with R_L = sum t / sum b over
  the sampled files of L. Token counts are nearly proportional to bytes, so this is far tighter than
  expanding a mean. Variance N_L^2 (1 - f_L) / n_L * s_e^2, residuals e_i = t_i - R_L b_i.
- `stratified_mean` (only file counts known per language): T_L = N_L * mean(t), variance
  N_L^2 (1 - f_L) / n_L * s_t^2.
- `domain_ratio` (the population's languages are unknown: the language is only learnt by reading a
  file, as in a dry run): with y_i = t_i when file i is labelled L, else 0, and x_i = b_i for every sampled
  file (dropped files included, with y_i = 0), T_L = B * sum y / sum x, jackknife variance as above.
  Files and bytes per language are estimated the same way. Language membership adds variance: without
  strata a language's share of bytes in the sample fluctuates, so intervals are much wider than with
  `stratified_ratio`; stratify (e.g. by extension) when the population allows it.
- `domain_mean` (only the population's file count is known): T_L = N * mean(y).

Intervals are T +- t_{0.975, n-1} * SE (Student's t for small samples). When every file was read the
result is exact (SE 0, `is_estimate` False); with fewer than two sampled files the interval is
[sampled tokens, inf) (stratified) or [0, inf) (domain) rather than a made-up number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import xxhash
from scipy import stats as scipy_stats


@dataclass(frozen=True)
class SampledFile:
    """One sampled file after reading: its language label (None when cleaning dropped it), UTF-8 bytes
    on disk (the population's unit) and tokens counted (0 when dropped)."""

    language: str | None
    bytes: int
    tokens: int


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float
    standard_error: float
    is_estimate: bool


@dataclass(frozen=True)
class LanguageEstimate:
    """Per-language totals. Every quantity is an `Interval` whose `is_estimate` says whether it was
    measured on the whole population (False) or inferred from the sample (True)."""

    language: str
    method: str
    sample_files: int
    sample_bytes: int
    sample_tokens: int
    files: Interval
    bytes: Interval | None
    tokens: Interval

    def to_dict(self) -> dict:
        return asdict(self)


def seeded_order_key(seed: int, key: str) -> int:
    """The position of `key` in the seeded order: a 64-bit xxh3 hash of the key, seeded."""
    return xxhash.xxh3_64_intdigest(key.encode("utf-8"), seed=seed)


def seeded_sample(
    keys: Sequence[str],
    *,
    seed: int,
    fraction: float | None = None,
    count: int | None = None,
    strata: Sequence[str] | None = None,
) -> list[int]:
    """Indices (sorted) of a simple random sample without replacement of `keys` (e.g. file paths).

    The order is a seeded hash of each key, so the sample depends only on the keys and the seed, not on
    listing order. Give `fraction` (of each stratum, at least one file per non-empty stratum) or `count`
    (total; not with strata). With `strata` (one label per key) the sample is drawn within each stratum.
    """
    if (fraction is None) == (count is None):
        raise ValueError("give exactly one of fraction or count")
    if fraction is not None and not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    if count is not None and count < 1:
        raise ValueError(f"count must be >= 1, got {count}")
    if len(set(keys)) != len(keys):
        raise ValueError("sample keys must be unique (they name files)")
    if strata is None:
        groups = {None: list(range(len(keys)))}
    else:
        if count is not None:
            raise ValueError("a stratified sample takes a fraction, not a count")
        if len(strata) != len(keys):
            raise ValueError(f"{len(strata)} strata labels for {len(keys)} keys")
        groups = {}
        for index, label in enumerate(strata):
            groups.setdefault(label, []).append(index)
    if not 0 <= seed < 2**64:
        raise ValueError(f"seed must be in [0, 2**64), got {seed}")
    order = np.fromiter((xxhash.xxh3_64_intdigest(key.encode("utf-8"), seed=seed) for key in keys), dtype=np.uint64, count=len(keys))
    chosen: list[int] = []
    for members in groups.values():
        members_array = np.asarray(members, dtype=np.int64)
        hashes = order[members_array]
        if len(np.unique(hashes)) == len(hashes):
            ordered = members_array[np.argsort(hashes, kind="stable")].tolist()
        else:  # a 64-bit collision: break the tie by key so listing order never matters
            ordered = sorted(members, key=lambda i: (int(order[i]), keys[i]))
        size = min(len(ordered), count) if count is not None else max(1, math.ceil(fraction * len(ordered)))
        chosen.extend(ordered[:size])
    return sorted(chosen)


def _t_quantile(dof: int, confidence: float) -> float:
    return float(scipy_stats.t.ppf(0.5 + confidence / 2, dof))


def _interval(value: float, se: float, dof: int, confidence: float, *, floor: float = 0.0) -> Interval:
    if se == 0.0:
        return Interval(value, value, value, 0.0, True)
    half = _t_quantile(dof, confidence) * se
    return Interval(value, max(floor, value - half), value + half, se, True)


def _exact(value: float) -> Interval:
    return Interval(float(value), float(value), float(value), 0.0, False)


def _unbounded(low: float) -> Interval:
    return Interval(float("nan"), float(low), float("inf"), float("inf"), True)


def _ratio_total(y: np.ndarray, x: np.ndarray, x_total: float, n_population: int, confidence: float, floor: float) -> Interval:
    n = len(y)
    if n == n_population:
        return _exact(y.sum())
    if n < 2 or x.sum() == 0:
        return _unbounded(floor)
    ratio = y.sum() / x.sum()
    leave_one_out_x = x.sum() - x
    if np.all(leave_one_out_x > 0):
        # jackknife variance of the ratio: on heavy-tailed file sizes it covers better than the
        # linearised N^2 (1 - f) / n * s_e^2 (synthetic check: 0.91-0.95 vs 0.87-0.93 at n = 30-1000)
        ratios = (y.sum() - y) / leave_one_out_x
        variance = x_total**2 * (1 - n / n_population) * (n - 1) / n * float(((ratios - ratios.mean()) ** 2).sum())
    else:
        residuals = y - ratio * x
        variance = n_population**2 * (1 - n / n_population) / n * residuals.var(ddof=1)
    return _interval(ratio * x_total, math.sqrt(variance), n - 1, confidence, floor=floor)


def _mean_total(y: np.ndarray, n_population: int, confidence: float, floor: float) -> Interval:
    n = len(y)
    if n == n_population:
        return _exact(y.sum())
    if n < 2:
        return _unbounded(floor)
    variance = n_population**2 * (1 - n / n_population) / n * y.var(ddof=1)
    return _interval(n_population * y.mean(), math.sqrt(variance), n - 1, confidence, floor=floor)


def _check_sample(sample: Sequence[SampledFile]) -> None:
    for index, item in enumerate(sample):
        if item.bytes < 0 or item.tokens < 0:
            raise ValueError(f"sampled file #{index}: negative bytes or tokens ({item})")


def estimate_stratified(
    sample: Sequence[SampledFile],
    *,
    population_files: Mapping[str, int],
    population_bytes: Mapping[str, int] | None = None,
    confidence: float = 0.95,
) -> dict[str, LanguageEstimate]:
    """Per-language totals when every population file's language is known (strata = languages).

    `sample` holds the sampled files of every language (each file's `language` is its stratum).
    With `population_bytes` the ratio estimator is used, else the mean-per-file estimator.
    """
    _check_sample(sample)
    result = {}
    for language, n_files in population_files.items():
        members = [s for s in sample if s.language == language]
        if len(members) > n_files:
            raise ValueError(f"language {language}: {len(members)} sampled files but a population of {n_files}")
        tokens = np.array([s.tokens for s in members], dtype=float)
        file_bytes = np.array([s.bytes for s in members], dtype=float)
        observed = float(tokens.sum())
        if population_bytes is not None:
            if language not in population_bytes:
                raise ValueError(f"language {language}: population bytes missing")
            estimate = _ratio_total(tokens, file_bytes, population_bytes[language], n_files, confidence, observed)
            method, bytes_interval = "stratified_ratio", _exact(population_bytes[language])
        else:
            estimate = _mean_total(tokens, n_files, confidence, observed)
            method, bytes_interval = "stratified_mean", None
        result[language] = LanguageEstimate(
            language=language,
            method=method if estimate.is_estimate else "exact",
            sample_files=len(members),
            sample_bytes=int(file_bytes.sum()),
            sample_tokens=int(observed),
            files=_exact(n_files),
            bytes=bytes_interval,
            tokens=estimate,
        )
    return result


def estimate_domains(
    sample: Sequence[SampledFile],
    *,
    population_files: int,
    population_bytes: int | None = None,
    languages: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> dict[str, LanguageEstimate]:
    """Per-language totals when languages are only known for the sampled files (a dry run's case).

    `sample` must hold every sampled file, including those cleaning dropped (language None, tokens 0),
    since they are part of the simple random sample of the population's files.
    """
    _check_sample(sample)
    n = len(sample)
    if n == 0:
        raise ValueError("an empty sample estimates nothing")
    if n > population_files:
        raise ValueError(f"{n} sampled files but a population of {population_files}")
    labels = [s.language for s in sample]
    languages = list(languages) if languages is not None else sorted({l for l in labels if l is not None})
    file_bytes = np.array([s.bytes for s in sample], dtype=float)
    tokens = np.array([s.tokens for s in sample], dtype=float)
    result = {}
    for language in languages:
        member = np.array([label == language for label in labels], dtype=float)
        y_tokens, y_bytes = tokens * member, file_bytes * member
        if population_bytes is not None:
            estimate = _ratio_total(y_tokens, file_bytes, population_bytes, population_files, confidence, float(y_tokens.sum()))
            bytes_estimate = _ratio_total(y_bytes, file_bytes, population_bytes, population_files, confidence, float(y_bytes.sum()))
            files_estimate = _ratio_total(member, file_bytes, population_bytes, population_files, confidence, float(member.sum()))
            method = "domain_ratio"
        else:
            estimate = _mean_total(y_tokens, population_files, confidence, float(y_tokens.sum()))
            bytes_estimate = _mean_total(y_bytes, population_files, confidence, float(y_bytes.sum()))
            files_estimate = _mean_total(member, population_files, confidence, float(member.sum()))
            method = "domain_mean"
        result[language] = LanguageEstimate(
            language=language,
            method=method if estimate.is_estimate else "exact",
            sample_files=int(member.sum()),
            sample_bytes=int(y_bytes.sum()),
            sample_tokens=int(y_tokens.sum()),
            files=files_estimate,
            bytes=bytes_estimate,
            tokens=estimate,
        )
    return result
