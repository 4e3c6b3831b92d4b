"""Machine-readable build stats, the warnings a run must not keep to its log files, and the summary table every
run ends with."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from datatrove.utils.stats import PipelineStats

from codemix.pairing.programs import shown_paths
from codemix.pipeline.executors import stage_logs
from codemix.pipeline.plan import BuildPlan
from codemix.pipeline.workdir import BuildPaths
from codemix.schemas.config import BuildConfig
from codemix.stages.pair import load_pair_quality
from codemix.stages.rejects import read_rejects

#: Reject stages of the readers (`read-<input index>`): they run before a dry run's sample is drawn, so their
#: counts are over every file even under `--sample`.
READ_STAGE_PREFIX = "read-"
#: Drop reasons that mean an input file is damaged: the run says so in its warnings, file by file.
DAMAGED_FILE_REASONS = ("truncated_file", "corrupt_file", "corrupt_row_group")
#: At most this many damaged files are named one by one in the warnings (stats.json counts them all).
MAX_DAMAGED_WARNINGS = 20


def merged_stage_stats(logging_dir: Path) -> list[dict[str, Any]]:
    """datatrove's per-task stats of one executor stage, summed over tasks."""
    files = sorted((logging_dir / "stats").glob("*.json")) if (logging_dir / "stats").is_dir() else []
    total: PipelineStats | None = None
    for file in files:
        stats = PipelineStats.from_json(json.loads(file.read_text()))
        total = stats if total is None else total + stats
    return json.loads(total.to_json()) if total is not None else []


def _sample_probabilities(work: Path) -> dict[str, float]:
    """Inclusion probability of every sampled document of a sampled dry run (empty for a full run)."""
    files = sorted((work / "sample").glob("*.sampled.parquet")) if (work / "sample").is_dir() else []
    if not files:
        return {}
    from codemix.pipeline.estimate import read_sample

    sampled, _ = read_sample(work)
    return dict(zip(sampled.column("id").to_pylist(), sampled.column("probability").to_pylist()))


def drop_report(paths: BuildPaths) -> dict[str, Any]:
    """Drops by reason, by input and reason, and the damaged input files, from every reject record.

    In a sampled dry run only the readers' drops are counted over every file; every later drop is a count
    over the sample, reported beside its Horvitz-Thompson estimate over every file (each sampled drop
    weighted by 1 / its inclusion probability)."""
    probabilities = _sample_probabilities(paths.work)
    by_reason: Counter[str] = Counter()
    by_input: dict[str, Counter[str]] = {}
    sampled: Counter[str] = Counter()
    estimated: dict[str, float] = {}
    damaged: dict[tuple[str, str], list] = {}  # (input, file) -> [first record's detail, records]
    for record in read_rejects(paths.rejected):
        reason = record["reason"]
        by_reason[reason] += 1
        by_input.setdefault(record.get("source") or "?", Counter())[reason] += 1
        if probabilities and not str(record.get("stage", "")).startswith(READ_STAGE_PREFIX):
            sampled[reason] += 1
            estimated[reason] = estimated.get(reason, 0.0) + 1.0 / probabilities.get(record["id"], 1.0)
        if reason in DAMAGED_FILE_REASONS:
            entry = damaged.setdefault((str(record.get("source")), str(record.get("file"))), [record.get("detail"), 0])
            entry[1] += 1
    report: dict[str, Any] = {
        "dropped": dict(sorted(by_reason.items())),
        "dropped_per_input": {name: dict(sorted(c.items())) for name, c in sorted(by_input.items())},
        "damaged_files": [
            f"{detail}{f' ({count:,} rows lost in all)' if count > 1 else ''} [input {source!r}]"
            for (source, _), (detail, count) in sorted(damaged.items())
        ],
    }
    if probabilities:
        report["dropped_in_sample"] = {
            reason: {"sampled": sampled[reason], "estimated_total": round(estimated[reason], 1)}
            for reason in sorted(sampled)
        }
    return report


def input_warnings(*, config: BuildConfig, kept_per_input: dict[str, int], drops: dict[str, Any],
                   sampled: bool = False) -> list[str]:
    """What a user must not miss: an input that contributed nothing while others did, every damaged file."""
    names = list(dict.fromkeys(item.display_name() for item in config.inputs))
    warnings = []
    if any(kept_per_input.get(name, 0) for name in names):
        for name in names:
            if not kept_per_input.get(name, 0):
                warnings.append(f"input {name!r} contributed no document{' to the sample' if sampled else ''}: "
                                f"{_input_drops(name, drops)}")
    damaged = drops.get("damaged_files", [])
    warnings += [f"damaged input file: {line}" for line in damaged[:MAX_DAMAGED_WARNINGS]]
    if len(damaged) > MAX_DAMAGED_WARNINGS:
        warnings.append(f"... and {len(damaged) - MAX_DAMAGED_WARNINGS} more damaged files (stats.json lists them all)")
    return warnings


def _input_drops(name: str, drops: dict[str, Any]) -> str:
    dropped = drops.get("dropped_per_input", {}).get(name, {})
    if not dropped:
        return "it yielded no document at all (no file, or no row)"
    total = sum(dropped.values())
    return f"all {total:,} of its documents were dropped ({_by_count(dropped)})"


def _by_count(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {count:,}" for reason, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def nothing_survived_message(*, config: BuildConfig, drops: dict[str, Any]) -> str:
    """Why no document survived: the drop reasons by count, every input (each contributed nothing) with its own,
    and the damaged files."""
    dropped = drops.get("dropped", {})
    lines = [f"no document of the configured languages ({', '.join(config.languages)}) survived reading, "
             "cleaning, classification and deduplication."]
    if dropped:
        lines.append(f"Dropped {sum(dropped.values()):,} documents: {_by_count(dropped)}.")
    else:
        lines.append("No document was read at all.")
    for item in config.inputs:
        name = item.display_name()
        lines.append(f"Input {name!r} contributed nothing: {_input_drops(name, drops)}.")
    for line in drops.get("damaged_files", [])[:MAX_DAMAGED_WARNINGS]:
        lines.append(f"Damaged input file: {line}.")
    lines.append("The reject records (one per dropped document, with the reason) are in the work folder's "
                 "rejected/ (see docs/ingest.md).")
    return "\n".join(lines)


def collect_stats(*, config: BuildConfig, paths: BuildPaths) -> dict[str, Any]:
    """What was kept per component and input (the plan stage's inventory), dropped per reason and input (every
    reject record), counted per stage (datatrove's stats, summed over tasks), the run's warnings and, when the
    build pairs, the pair quality (`codemix.pairing.quality`, merged from the pairing stage's per-bucket summaries)."""
    inventory = json.loads(paths.inventory.read_text())
    drops = drop_report(paths)
    stages = {stage_dir.name: merged_stage_stats(stage_dir) for stage_dir in stage_logs(paths)}
    warnings = input_warnings(config=config, kept_per_input=inventory.get("kept_per_input", {}), drops=drops,
                              sampled="dropped_in_sample" in drops)
    stats = {**inventory, **drops, "warnings": warnings, "stages": stages}
    quality = load_pair_quality(paths.pairs)
    if quality is not None:
        stats["pairing"] = quality.report()
    return stats


def _table(headers: list[str], rows: list[list[str]], *, left_columns: frozenset[int] = frozenset({0})) -> str:
    """A plain-text table: the `left_columns` (text) aligned left, the others (numbers) right."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    fmt = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if i in left_columns else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
    ).rstrip()
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(headers), rule, *(fmt(r) for r in rows)])


def _dropped_table(stats: dict[str, Any]) -> str:
    dropped = stats.get("dropped", {})
    in_sample = stats.get("dropped_in_sample")
    if not in_sample:
        return _table(["dropped (reason)", "files"], [[k, f"{v:,}"] for k, v in dropped.items()]
                      + [["total", f"{sum(dropped.values()):,}"]])
    rows = []
    for reason, count in dropped.items():
        sampled = in_sample.get(reason, {}).get("sampled", 0)
        whole = count - sampled  # the readers' drops, counted over every file
        if whole:
            rows.append([reason, f"{whole:,}", "all files (read before sampling)"])
        if sampled:
            estimate = in_sample[reason]["estimated_total"]
            rows.append([reason, f"{sampled:,}", f"the sample only: about {estimate:,.0f} in all files"])
    return _table(["dropped (reason)", "files", "counted over"], rows, left_columns=frozenset({0, 2}))


def summary_table(*, stats: dict[str, Any], plan: BuildPlan, achieved: dict[str, int] | None = None) -> str:
    """Per component: files, bytes, unique tokens, planned (and achieved) tokens, epochs; then drops by reason,
    then the warnings."""
    headers = ["component", "files", "bytes", "unique tokens", "share", "planned tokens", "epochs"]
    if achieved is not None:
        headers.append("written tokens")
    rows = []
    for name, comp in sorted(plan.components.items()):
        row = [
            name,
            f"{comp.docs:,}",
            f"{comp.bytes:,}",
            f"{comp.unique_tokens:,}",
            f"{comp.share:.1%}",
            f"{comp.planned_tokens:,}",
            f"{comp.epochs:.2f}",
        ]
        if achieved is not None:
            row.append(f"{achieved.get(name, 0):,}")
        rows.append(row)
    total = [
        "total",
        f"{sum(c.docs for c in plan.components.values()):,}",
        f"{sum(c.bytes for c in plan.components.values()):,}",
        f"{sum(c.unique_tokens for c in plan.components.values()):,}",
        "100.0%",
        f"{sum(c.planned_tokens for c in plan.components.values()):,}",
        "",
    ]
    if achieved is not None:
        total.append(f"{sum(achieved.values()):,}")
    rows.append(total)
    out = [_table(headers, rows)]
    removed = stats.get("removed_by_dedup", {})
    if removed:
        headers, rows, left = dedup_removal_rows(removed)
        out += ["", _table(headers, rows, left_columns=left)]
    if stats.get("dropped"):
        out += ["", _dropped_table(stats)]
    if "pairing" in stats:
        out += ["", pair_quality_table(stats["pairing"]), "", worst_pairs_table(stats["pairing"])]
    out.append("")
    out.append(
        f"shards: {plan.planned_shards} of at most {plan.max_shard_tokens:,} tokens; "
        f"text bytes planned: {plan.planned_text_bytes:,} (before compression)"
    )
    out.extend(f"warning: {warning['message']}" for warning in plan.warnings)
    out.extend(f"warning: {warning}" for warning in stats.get("warnings", []))
    return "\n".join(out)


#: A table's headers, rows, and the columns aligned left (text; the others are numbers).
TableRows = tuple[list[str], list[list[str]], frozenset[int]]


def dedup_removal_rows(removed: dict[str, dict[str, dict[str, int]]]) -> TableRows:
    """`removed_by_dedup` (reason -> language -> counts) per language: documents removed for each reason and the
    tokens removed, then a total; the dedup table of the build summary and the card."""
    reasons = sorted(removed)
    languages = sorted({language for per_language in removed.values() for language in per_language})
    rows = []
    for language in [*languages, "total"]:
        chosen = languages if language == "total" else [language]
        docs = [sum(removed[r].get(name, {}).get("docs", 0) for name in chosen) for r in reasons]
        tokens = sum(removed[r].get(name, {}).get("tokens", 0) for r in reasons for name in chosen)
        rows.append([language, *(f"{count:,}" for count in docs), f"{tokens:,}"])
    return ["removed by dedup", *reasons, "tokens"], rows, frozenset({0})


def pair_quality_rows(pairing: dict[str, Any]) -> TableRows:
    """One row per direction with pairs or drops: the pair quality table of the build summary and the card."""
    limit = pairing["size_ratio_limit"]
    headers = ["direction", "split", "pairs", "documents", "median tokens", "p95 tokens", f"sides >{limit:g}x apart",
               "dropped (reason: groups)"]
    rows = []
    for name, direction in pairing["directions"].items():
        if not direction["pairs"] and not direction["dropped"]:
            continue
        rows.append([
            name,
            direction["split"],
            f"{direction['pairs']:,}",
            f"{direction['documents']:,}",
            f"{direction['median_tokens']:,}" if direction["median_tokens"] is not None else "-",
            f"{direction['p95_tokens']:,}" if direction["p95_tokens"] is not None else "-",
            f"{direction['share_size_ratio_over_limit']:.1%}",
            ", ".join(f"{reason}: {count:,}" for reason, count in direction["dropped"].items()) or "-",
        ])
    return headers, rows, frozenset({0, 1, 7})


def worst_pairs_rows(pairing: dict[str, Any]) -> TableRows:
    """Headers and rows of the pairs whose sides differ most in size, largest ratio first; each pair's files
    relative to the directory they all share."""
    headers = ["pair key", "languages", "tokens", "ratio", "files"]
    rows = []
    for entry in pairing["worst_pairs"]:
        sides = [len(files) for files in entry["files"]]
        shown = shown_paths([path for files in entry["files"] for path in files])
        rows.append([
            entry["pair_key"],
            " / ".join(entry["languages"]),
            " / ".join(f"{t:,}" for t in entry["tokens"]),
            f"{entry['ratio']:.2f}",
            " / ".join(", ".join(shown[sum(sides[:i]):sum(sides[:i + 1])]) for i in range(len(sides))),
        ])
    return headers, rows, frozenset({0, 1, 4})


def pair_quality_table(pairing: dict[str, Any]) -> str:
    headers, rows, left = pair_quality_rows(pairing)
    return "pair quality\n" + _table(headers, rows, left_columns=left)


def worst_pairs_table(pairing: dict[str, Any]) -> str:
    headers, rows, left = worst_pairs_rows(pairing)
    return f"pairs whose sides differ most in size (tokens of code, {len(rows)} worst)\n" + _table(
        headers, rows, left_columns=left)
