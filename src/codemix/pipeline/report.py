"""Machine-readable build stats and the summary table every run ends with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from datatrove.utils.stats import PipelineStats

from codemix.pairing.programs import shown_paths
from codemix.pipeline.executors import stage_logs
from codemix.pipeline.plan import BuildPlan
from codemix.pipeline.workdir import BuildPaths
from codemix.stages.pair import load_pair_quality
from codemix.stages.rejects import read_rejects


def merged_stage_stats(logging_dir: Path) -> list[dict[str, Any]]:
    """datatrove's per-task stats of one executor stage, summed over tasks."""
    files = sorted((logging_dir / "stats").glob("*.json")) if (logging_dir / "stats").is_dir() else []
    total: PipelineStats | None = None
    for file in files:
        stats = PipelineStats.from_json(json.loads(file.read_text()))
        total = stats if total is None else total + stats
    return json.loads(total.to_json()) if total is not None else []


def rejected_counts(rejects_dir: Path) -> dict[str, int]:
    """Dropped documents per reason, from the reject records every dropping step writes."""
    counts: dict[str, int] = {}
    for record in read_rejects(rejects_dir):
        counts[record["reason"]] = counts.get(record["reason"], 0) + 1
    return dict(sorted(counts.items()))


def collect_stats(*, paths: BuildPaths) -> dict[str, Any]:
    """What was kept per component (the plan stage's inventory), dropped per reason (every reject record),
    counted per stage (datatrove's stats, summed over tasks) and, when the build pairs, the pair quality
    (`codemix.pairing.quality`, merged from the pairing stage's per-bucket summaries)."""
    inventory = json.loads(paths.inventory.read_text())
    stages = {stage_dir.name: merged_stage_stats(stage_dir) for stage_dir in stage_logs(paths)}
    stats = {**inventory, "dropped": rejected_counts(paths.rejected), "stages": stages}
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


def summary_table(*, stats: dict[str, Any], plan: BuildPlan, achieved: dict[str, int] | None = None) -> str:
    """Per component: files, bytes, unique tokens, planned (and achieved) tokens, epochs; then drops by reason."""
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
    dropped = stats.get("dropped", {})
    if dropped:
        out.append("")
        out.append(_table(["dropped (reason)", "files"], [[k, f"{v:,}"] for k, v in dropped.items()]
                          + [["total", f"{sum(dropped.values()):,}"]]))
    if "pairing" in stats:
        out += ["", pair_quality_table(stats["pairing"]), "", worst_pairs_table(stats["pairing"])]
    out.append("")
    out.append(
        f"shards: {plan.planned_shards} of at most {plan.max_shard_tokens:,} tokens; "
        f"text bytes planned: {plan.planned_text_bytes:,} (before compression)"
    )
    out.extend(f"warning: {warning['message']}" for warning in plan.warnings)
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
