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

Sampling designs: `seeded_sample` (simple random sample of files, optionally per stratum) and
`size_stratified_sample` (per language, size classes of equal bytes, more files from the large-file
classes), which `estimate_stratified(..., stratum_language=)` weights back per language.

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
    #: the sampling stratum when it is not the language (e.g. `python/3`, see `size_stratified_sample`)
    stratum: str | None = None


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


@dataclass(frozen=True)
class _Part:
    """One stratum's total: value, variance, degrees of freedom; `exact` when every file was read,
    `unbounded` when fewer than two files were sampled (no variance estimate)."""

    value: float
    variance: float
    dof: int
    exact: bool = False
    unbounded: bool = False
    observed: float = 0.0


def _combine(parts: Sequence[_Part], confidence: float) -> Interval:
    """Independent strata: totals and variances add; degrees of freedom add (at least 1)."""
    observed = sum(p.observed for p in parts)
    if all(p.exact for p in parts):
        return _exact(sum(p.value for p in parts))
    if any(p.unbounded for p in parts):
        return _unbounded(observed)
    value = sum(p.value for p in parts)
    variance = sum(p.variance for p in parts)
    if variance == 0.0:
        return Interval(value, value, value, 0.0, True)
    se = math.sqrt(variance)
    half = _t_quantile(max(1, sum(p.dof for p in parts)), confidence) * se
    return Interval(value, max(observed, value - half), value + half, se, True)


def _exact(value: float) -> Interval:
    return Interval(float(value), float(value), float(value), 0.0, False)


def _unbounded(low: float) -> Interval:
    return Interval(float("nan"), float(low), float("inf"), float("inf"), True)


def _ratio_part(y: np.ndarray, x: np.ndarray, x_total: float, n_population: int) -> _Part:
    n = len(y)
    observed = float(y.sum())
    if n == n_population:
        return _Part(observed, 0.0, 0, exact=True, observed=observed)
    if n < 2 or x.sum() == 0:
        return _Part(float("nan"), float("inf"), 0, unbounded=True, observed=observed)
    ratio = y.sum() / x.sum()
    leave_one_out_x = x.sum() - x
    if np.all(leave_one_out_x > 0):
        # jackknife variance of the ratio: on heavy-tailed file sizes it covers better than the
        # linearised N^2 (1 - f) / n * s_e^2 (synthetic check: 0.91-0.95 vs 0.87-0.93 at n = 30-1000)
        ratios = (y.sum() - y) / leave_one_out_x
        variance = x_total**2 * (1 - n / n_population) * (n - 1) / n * float(((ratios - ratios.mean()) ** 2).sum())
    else:
        residuals = y - ratio * x
        variance = n_population**2 * (1 - n / n_population) / n * float(residuals.var(ddof=1))
    return _Part(float(ratio * x_total), variance, n - 1, observed=observed)


def _mean_part(y: np.ndarray, n_population: int) -> _Part:
    n = len(y)
    observed = float(y.sum())
    if n == n_population:
        return _Part(observed, 0.0, 0, exact=True, observed=observed)
    if n < 2:
        return _Part(float("nan"), float("inf"), 0, unbounded=True, observed=observed)
    variance = n_population**2 * (1 - n / n_population) / n * float(y.var(ddof=1))
    return _Part(float(n_population * y.mean()), variance, n - 1, observed=observed)


def _ratio_total(y, x, x_total, n_population, confidence, floor) -> Interval:
    return _combine([_ratio_part(y, x, x_total, n_population)], confidence)


def _mean_total(y, n_population, confidence, floor) -> Interval:
    return _combine([_mean_part(y, n_population)], confidence)


def _check_sample(sample: Sequence[SampledFile]) -> None:
    for index, item in enumerate(sample):
        if item.bytes < 0 or item.tokens < 0:
            raise ValueError(f"sampled file #{index}: negative bytes or tokens ({item})")


def estimate_stratified(
    sample: Sequence[SampledFile],
    *,
    population_files: Mapping[str, int],
    population_bytes: Mapping[str, int] | None = None,
    stratum_language: Mapping[str, str] | None = None,
    confidence: float = 0.95,
) -> dict[str, LanguageEstimate]:
    """Per-language totals when every population file's stratum is known.

    Strata are the keys of `population_files`; a sampled file's stratum is its `stratum`, else its
    `language`. Without `stratum_language` each stratum is a language; with it (e.g. from
    `size_stratified_sample`) stratum totals and variances are summed per language. With
    `population_bytes` (per stratum) the ratio estimator is used, else the mean-per-file estimator.
    """
    _check_sample(sample)
    members: dict[str, list[SampledFile]] = {stratum: [] for stratum in population_files}
    for index, item in enumerate(sample):
        stratum = item.stratum if item.stratum is not None else item.language
        if stratum not in members:
            raise ValueError(f"sampled file #{index}: stratum {stratum!r} is not in the population")
        members[stratum].append(item)
    if population_bytes is not None:
        missing = [stratum for stratum in population_files if stratum not in population_bytes]
        if missing:
            raise ValueError(f"population bytes missing for {missing}")
    to_language = stratum_language or {stratum: stratum for stratum in population_files}
    languages: dict[str, list[str]] = {}
    for stratum in population_files:
        languages.setdefault(to_language[stratum], []).append(stratum)

    result = {}
    for language, strata in languages.items():
        parts, n_sampled, sampled_bytes, sampled_tokens = [], 0, 0, 0
        for stratum in strata:
            chosen = members[stratum]
            if len(chosen) > population_files[stratum]:
                raise ValueError(f"stratum {stratum}: {len(chosen)} sampled files but a population of {population_files[stratum]}")
            tokens = np.array([s.tokens for s in chosen], dtype=float)
            file_bytes = np.array([s.bytes for s in chosen], dtype=float)
            if population_bytes is not None:
                parts.append(_ratio_part(tokens, file_bytes, population_bytes[stratum], population_files[stratum]))
            else:
                parts.append(_mean_part(tokens, population_files[stratum]))
            n_sampled += len(chosen)
            sampled_bytes += int(file_bytes.sum())
            sampled_tokens += int(tokens.sum())
        estimate = _combine(parts, confidence)
        if population_bytes is not None:
            method = "size_stratified_ratio" if len(strata) > 1 else "stratified_ratio"
            bytes_interval = _exact(sum(population_bytes[stratum] for stratum in strata))
        else:
            method, bytes_interval = "stratified_mean", None
        result[language] = LanguageEstimate(
            language=language,
            method=method if estimate.is_estimate else "exact",
            sample_files=n_sampled,
            sample_bytes=sampled_bytes,
            sample_tokens=sampled_tokens,
            files=_exact(sum(population_files[stratum] for stratum in strata)),
            bytes=bytes_interval,
            tokens=estimate,
        )
    return result


@dataclass(frozen=True)
class SampleDesign:
    """A drawn sample and what `estimate_stratified` needs to weight it."""

    indices: list[int]  # sorted indices of the sampled keys
    strata: list[str]  # stratum of every key (population), e.g. "python/3"
    stratum_language: dict[str, str]
    population_files: dict[str, int]
    population_bytes: dict[str, int]


def size_stratified_sample(
    keys: Sequence[str],
    file_bytes: Sequence[int],
    *,
    seed: int,
    fraction: float,
    groups: Sequence[str] | None = None,
    size_classes: int = 8,
) -> SampleDesign:
    """Sample `fraction` of the files of each group (language), stratified by file size.

    Token totals of code are dominated by few large files (on the registry corpus the largest 1% of
    files carry 81-94% of the ratio estimator's variance), so a simple random sample of files is often
    off by more than 3% at 5%. Within each group the files, sorted by size, are cut into
    `size_classes` classes of about equal total bytes, and the group's ceil(fraction * N) sampled
    files are allocated n_h ~ N_h * sqrt(mean bytes_h) (Neyman allocation when the residual spread
    grows with file size and reading costs bytes), at least 2 per class, all files of a class when
    the allocation exceeds it. Within a class files are taken in seeded hash order. The sample holds
    `fraction` of the files but more than `fraction` of the bytes (12-42% at 5% on the registry corpus).
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    if len(file_bytes) != len(keys) or (groups is not None and len(groups) != len(keys)):
        raise ValueError("keys, file_bytes and groups must have one entry per file")
    if size_classes < 1:
        raise ValueError(f"size_classes must be >= 1, got {size_classes}")
    if len(set(keys)) != len(keys):
        raise ValueError("sample keys must be unique (they name files)")
    labels = list(groups) if groups is not None else ["all"] * len(keys)
    sizes = np.asarray(file_bytes, dtype=np.int64)
    if len(sizes) and sizes.min() < 0:
        raise ValueError("file_bytes must be >= 0")
    key_array = np.asarray(keys, dtype=object)
    order_hash = np.fromiter((seeded_order_key(seed, key) for key in keys), dtype=np.uint64, count=len(keys))
    label_names, label_codes = np.unique(np.asarray(labels, dtype=object), return_inverse=True)
    strata = [""] * len(keys)
    stratum_language: dict[str, str] = {}
    population_files: dict[str, int] = {}
    population_bytes: dict[str, int] = {}
    chosen: list[int] = []
    for code, label in enumerate(label_names):
        members = np.flatnonzero(label_codes == code)
        # sort by size, ties by key: classes never depend on listing order
        members = members[np.lexsort((key_array[members].astype(str), sizes[members]))]
        member_sizes = sizes[members]
        total = int(member_sizes.sum())
        before = np.cumsum(member_sizes) - member_sizes
        classes = np.minimum(size_classes - 1, before * size_classes // total) if total > 0 else np.zeros(len(members), np.int64)
        class_members = {int(c): members[classes == c] for c in np.unique(classes)}
        names = {c: f"{label}/{c}" for c in class_members}
        for c, rows in class_members.items():
            stratum_language[names[c]] = str(label)
            population_files[names[c]] = len(rows)
            population_bytes[names[c]] = int(sizes[rows].sum())
            for i in rows.tolist():
                strata[i] = names[c]
        allocation = _allocate(
            list(names.values()),
            target=max(1, math.ceil(fraction * len(members))),
            sizes={n: population_files[n] for n in names.values()},
            weights={n: population_files[n] * math.sqrt(max(1.0, population_bytes[n] / population_files[n])) for n in names.values()},
        )
        for c, rows in class_members.items():
            hashes = order_hash[rows]
            if len(np.unique(hashes)) == len(hashes):
                ordered = rows[np.argsort(hashes, kind="stable")].tolist()
            else:  # a 64-bit collision: break the tie by key
                ordered = sorted(rows.tolist(), key=lambda i: (int(order_hash[i]), keys[i]))
            chosen.extend(ordered[: allocation[names[c]]])
    return SampleDesign(sorted(chosen), strata, stratum_language, population_files, population_bytes)


def _allocate(names: list[str], *, target: int, sizes: dict[str, int], weights: dict[str, float]) -> dict[str, int]:
    """Integer sample sizes ~ weights summing to `target`, each in [min(2, size), size]."""
    allocation = {n: min(2, sizes[n]) for n in names}
    remaining = target - sum(allocation.values())
    open_names = [n for n in names if allocation[n] < sizes[n]]
    while remaining > 0 and open_names:
        weight_sum = sum(weights[n] for n in open_names)
        shares = {n: remaining * weights[n] / weight_sum for n in open_names}
        added = 0
        for n in open_names:
            extra = min(sizes[n] - allocation[n], math.floor(shares[n]))
            allocation[n] += extra
            added += extra
        if added == 0:  # hand out the rest one by one, largest share first
            for n in sorted(open_names, key=lambda n: -shares[n]):
                if remaining - added == 0:
                    break
                if allocation[n] < sizes[n]:
                    allocation[n] += 1
                    added += 1
        remaining -= added
        open_names = [n for n in open_names if allocation[n] < sizes[n]]
    return allocation


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
