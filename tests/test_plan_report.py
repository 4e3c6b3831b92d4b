"""The plan picture: bars whose lengths are the available and planned tokens."""

import re
import xml.etree.ElementTree as ET

from codemix.pipeline.plan import BuildPlan, ComponentPlan
from codemix.pipeline.plan_report import plan_html, plan_svg


def make_plan() -> dict:
    comps = {
        "python": ComponentPlan(docs=10, bytes=4000, unique_tokens=1000, share=0.25, planned_tokens=500, epochs=0.5),
        "go": ComponentPlan(docs=3, bytes=900, unique_tokens=250, share=0.25, planned_tokens=500, epochs=2.0),
        "rust<&>": ComponentPlan(docs=7, bytes=2000, unique_tokens=800, share=0.5, planned_tokens=1000, epochs=1.25),
    }
    return BuildPlan(budget_tokens=2000, budget_source="config", strategy="uniform", components=comps,
                     max_shard_tokens=1000, notes=["a note with <markup>"]).to_dict()


def test_svg_bars_are_proportional_and_flag_repetition():
    svg = ET.fromstring(plan_svg(make_plan()))
    rects = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect") if r.find("{http://www.w3.org/2000/svg}title") is not None]
    assert len(rects) == 6  # available and planned per component
    widths = {r.find("{http://www.w3.org/2000/svg}title").text: float(r.get("width")) for r in rects}
    by_label = {t.split(":")[0] + (" planned" if "planned" in t else " available"): w for t, w in widths.items()}
    assert by_label["python available"] == 2 * by_label["python planned"]
    assert abs(by_label["rust<&> planned"] - 560) < 0.1  # the largest bar spans the plot
    fills = {r.find("{http://www.w3.org/2000/svg}title").text.split(":")[0]: r.get("fill") for r in rects if "planned" in r.find("{http://www.w3.org/2000/svg}title").text}
    assert fills["go"] != fills["python"]  # go is repeated (2 epochs), python is not


def test_html_is_self_contained_and_escaped():
    page = plan_html(make_plan())
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "rust&lt;&amp;&gt;" in page and "a note with &lt;markup&gt;" in page
    assert re.search(r"<th>total</th><th>20</th><th>2,050</th>", page)


def test_bar_labels_fit_inside_the_picture():
    """Issue 12 (9): the labels right of the longest bars were cut at the picture's right edge. Every label must
    fit at 7.63 px per character, the digit width of DejaVu Sans at 12 px (the widest usual sans-serif default)."""
    comps = {
        name: ComponentPlan(docs=10, bytes=4000, unique_tokens=123_456_789_012, share=0.125,
                            planned_tokens=987_654_321_098, epochs=8.0)
        for name in ("python", "javascript", "typescript")
    }
    plan = BuildPlan(budget_tokens=10**12, budget_source="config", strategy="uniform", components=comps,
                     max_shard_tokens=10**9).to_dict()
    svg = ET.fromstring(plan_svg(plan))
    width = float(svg.get("width"))
    labels = [t for t in svg.iter("{http://www.w3.org/2000/svg}text") if "→" in (t.text or "")]
    assert len(labels) == 3
    for text in labels:
        assert float(text.get("x")) + len(text.text) * 7.63 <= width, (text.text, text.get("x"), width)
