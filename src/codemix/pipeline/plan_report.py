"""`--report plan.html`: the plan as a picture, per-component bars of available against planned tokens.

A self-contained HTML page with inline SVG (no plotting library, no scripts, no network), so it opens
anywhere and can be attached to a review.
"""

from __future__ import annotations

import html
import math
from typing import Any

from codemix.schemas.config import format_token_amount as _fmt_tokens

_BAR_HEIGHT = 18
_ROW_HEIGHT = 52
_LABEL_WIDTH = 110
_PLOT_WIDTH = 560
#: A generous width of one character of the 12 px sans-serif labels (DejaVu Sans digits are 7.6 px, Arial 6.7): the
#: picture is made wide enough for its longest label at this width, so no label is cut at the right edge.
_CHAR_WIDTH = 8.0
_AVAILABLE = "#9ecae1"
_PLANNED = "#3182bd"
_OVER = "#e6550d"
_WARN_CLASS = ' class="warn"'  # epochs above mixture.warn_epochs


def _bar_label(comp: dict[str, Any]) -> str:
    return (f"{_fmt_tokens(comp['unique_tokens'])} → {_fmt_tokens(comp['planned_tokens'])} "
            f"({comp['share']:.1%}, {comp['epochs']:.2f} ep)")


def _label_x(comp: dict[str, Any], scale: float) -> float:
    return _LABEL_WIDTH + max(comp["unique_tokens"], comp["planned_tokens"]) * scale + 6


def plan_svg(plan: dict[str, Any]) -> str:
    components = plan["components"]
    names = sorted(components)
    peak = max([1] + [max(c["unique_tokens"], c["planned_tokens"]) for c in components.values()])
    scale = _PLOT_WIDTH / peak
    height = _ROW_HEIGHT * len(names) + 40
    labels = {name: _bar_label(components[name]) for name in names}
    right = max([_LABEL_WIDTH + 480.0] + [_label_x(components[n], scale) + len(labels[n]) * _CHAR_WIDTH for n in names])
    width = math.ceil(right + 10)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12" role="img" aria-label="available and planned tokens per component">'
    ]
    for i, name in enumerate(names):
        comp = components[name]
        y = 10 + i * _ROW_HEIGHT
        available, planned = comp["unique_tokens"], comp["planned_tokens"]
        repeated = planned > available
        parts.append(f'<text x="0" y="{y + _BAR_HEIGHT}" font-weight="bold">{html.escape(name)}</text>')
        parts.append(
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{available * scale:.1f}" height="{_BAR_HEIGHT}" fill="{_AVAILABLE}">'
            f"<title>{html.escape(name)}: {available:,} unique tokens available</title></rect>"
        )
        parts.append(
            f'<rect x="{_LABEL_WIDTH}" y="{y + _BAR_HEIGHT + 2}" width="{planned * scale:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="{_OVER if repeated else _PLANNED}"><title>{html.escape(name)}: {planned:,} tokens planned '
            f'({comp["epochs"]:.2f} epochs)</title></rect>'
        )
        parts.append(f'<text x="{_label_x(comp, scale):.1f}" y="{y + _BAR_HEIGHT + 4}">{html.escape(labels[name])}</text>')
    legend_y = height - 12
    parts.append(f'<rect x="{_LABEL_WIDTH}" y="{legend_y - 10}" width="12" height="12" fill="{_AVAILABLE}"/>')
    parts.append(f'<text x="{_LABEL_WIDTH + 16}" y="{legend_y}">available (unique tokens)</text>')
    parts.append(f'<rect x="{_LABEL_WIDTH + 190}" y="{legend_y - 10}" width="12" height="12" fill="{_PLANNED}"/>')
    parts.append(f'<text x="{_LABEL_WIDTH + 206}" y="{legend_y}">planned</text>')
    parts.append(f'<rect x="{_LABEL_WIDTH + 270}" y="{legend_y - 10}" width="12" height="12" fill="{_OVER}"/>')
    parts.append(f'<text x="{_LABEL_WIDTH + 286}" y="{legend_y}">planned with repetition</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def plan_html(plan: dict[str, Any], *, title: str = "codemix plan") -> str:
    totals = plan["totals"]
    warned = {w["component"] for w in plan.get("warnings", [])}
    rows = "\n".join(
        f"<tr><td>{html.escape(n)}</td><td>{c['docs']:,}</td><td>{c['unique_tokens']:,}</td>"
        f"<td>{c['share']:.2%}</td><td>{c['planned_tokens']:,}</td>"
        f"<td{_WARN_CLASS if n in warned else ''}>{c['epochs']:.2f}</td></tr>"
        for n, c in sorted(plan["components"].items())
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in plan.get("notes", []))
    warnings = "".join(f"<li>{html.escape(w['message'])}</li>" for w in plan.get("warnings", []))
    warning_list = f'<h2>Warnings</h2>\n<ul class="warnings">{warnings}</ul>' if warnings else ""
    estimates = plan.get("estimated")
    estimate_note = (
        f"<p><strong>Estimated</strong> from a sample: {html.escape(', '.join(estimates))}.</p>" if estimates else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}td:first-child,th:first-child{{text-align:left}}
.warn{{color:#a63603;font-weight:bold}}ul.warnings{{color:#a63603}}</style>
</head><body>
<h1>{html.escape(title)}</h1>
<p>Strategy <code>{html.escape(str(plan['strategy']))}</code>; budget {plan['budget_tokens']:,} tokens
({html.escape(plan['budget_source'])}); {plan['shards']['count']} shard(s).</p>
{estimate_note}
{warning_list}
{plan_svg(plan)}
<table><tr><th>component</th><th>files</th><th>unique tokens</th><th>share</th><th>planned tokens</th><th>epochs</th></tr>
{rows}
<tr><th>total</th><th>{totals['docs']:,}</th><th>{totals['unique_tokens']:,}</th><th>100%</th>
<th>{totals['planned_tokens']:,}</th><th></th></tr></table>
<ul>{notes}</ul>
</body></html>
"""
