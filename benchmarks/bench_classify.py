"""Benchmark the language classifier on the evaluation set chosen by scripts/langid/build_eval_set.py.

    /work/venv/bin/python benchmarks/bench_classify.py [--manifest /work/cache/langid-eval/manifest.jsonl]
        [--results benchmarks/RESULTS.md] [--json out.json]

Reports accuracy with paths, content-only accuracy on whole files and on 20-line windows (from the
start and from the middle of each file), per-language precision and recall, the confusion matrices,
how well `other` is kept out of the seven languages, and throughput in MB/s on one core (one
process, files already in memory, classified in batches of 256 as the pipeline stage does; MB = 10^6 bytes of the whole files, of which the classifier reads
at most its byte cap). Every file's sha256 is checked against the manifest first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts" / "langid"))

from common import eval_windows  # noqa: E402

from datatrove.utils.batching import batched  # noqa: E402

from codemix import OTHER, TARGET_LANGUAGES  # noqa: E402
from codemix.langid import LanguageClassifier  # noqa: E402

LABELS = (*TARGET_LANGUAGES, OTHER)
BATCH_DOCS = 256  # the ClassifyLanguage stage's default batch
SECTION_START = "<!-- langid:start -->"
SECTION_END = "<!-- langid:end -->"


def load_eval_set(manifest: Path) -> list[dict]:
    items = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        data = Path(record["path"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != record["sha256"]:
            raise SystemExit(f"{record['path']}: content changed since the manifest was written (sha256 mismatch)")
        record["data"] = data
        items.append(record)
    return items


def content_cases(items: list[dict]) -> tuple[list[tuple[str, bytes | str, None]], list[tuple[str, bytes | str, None]]]:
    """The content-only cases of an eval set: whole files, and their 20-line windows (start, middle)."""
    files = [(item["label"], item["data"], None) for item in items]
    windows = [(item["label"], window, None) for item in items for _where, window in eval_windows(item["data"].decode("utf-8"))]
    return files, windows


def evaluate(
    name: str, cases: list[tuple[str, bytes | str, str | None]], classifier: LanguageClassifier, *, repeats: int = 1
) -> dict:
    """cases: (true label, data, path or None). Timed `repeats` times (same labels every time)."""
    confusion: Counter[tuple[str, str]] = Counter()
    evidence: Counter[str] = Counter()
    errors = []
    total_bytes = sum(len(data) if isinstance(data, bytes) else len(data.encode("utf-8")) for _, data, _ in cases)
    timings = []
    for _repeat in range(repeats):
        started = time.process_time()
        results = []
        # In batches, as the pipeline stage and the CLI call it.
        for batch in batched(cases, BATCH_DOCS):
            results += classifier.classify_batch([(data, path) for _truth, data, path in batch])
        timings.append(time.process_time() - started)
    # The median of the repeats: CPU time on this shared VM varies by a third from run to run.
    seconds = statistics.median(timings)
    for (truth, data, path), result in zip(cases, results):
        confusion[(truth, result.language)] += 1
        evidence[result.evidence.split(";")[0]] += 1
        if result.language != truth and len(errors) < 40:
            errors.append({"path": path, "truth": truth, "got": result.language, "evidence": result.evidence, "confidence": round(result.confidence, 3)})
    n = len(cases)
    correct = sum(count for (truth, got), count in confusion.items() if truth == got)
    per_language = {}
    for label in LABELS:
        true_positive = confusion[(label, label)]
        predicted = sum(count for (truth, got), count in confusion.items() if got == label)
        actual = sum(count for (truth, got), count in confusion.items() if truth == label)
        per_language[label] = {
            "precision": true_positive / predicted if predicted else None,
            "recall": true_positive / actual if actual else None,
            "support": actual,
        }
    other_total = sum(count for (truth, _), count in confusion.items() if truth == OTHER)
    return {
        "mode": name,
        "cases": n,
        "accuracy": correct / n if n else None,
        "other_kept_out": confusion[(OTHER, OTHER)] / other_total if other_total else None,
        "per_language": per_language,
        "confusion": {truth: {got: confusion[(truth, got)] for got in LABELS} for truth in LABELS},
        "megabytes": total_bytes / 1e6,
        "cpu_seconds": seconds,
        "cpu_seconds_per_repeat": timings,
        "mb_per_second": total_bytes / 1e6 / seconds if seconds else None,
        "evidence": dict(evidence.most_common()),
        "errors": errors,
    }


def markdown(results: list[dict], composition: dict, *, manifest: Path, model_bytes: int) -> str:
    def pct(value):
        return "n/a" if value is None else f"{100 * value:.2f}%"

    lines = [
        SECTION_START,
        "## Language identification (langid)",
        "",
        f"Machine: 2 cores, Python {platform.python_version()}, one process (one core). "
        f"Eval set: `{manifest}` built by `scripts/langid/build_eval_set.py` from the `eval` split of the registry index "
        f"(projects disjoint from training). Content model: {model_bytes / 1e6:.2f} MB. "
        f"Run: `python benchmarks/bench_classify.py`.",
        "",
        "| mode | cases | accuracy | floor | `other` kept out | floor | MB/s (1 core) | floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    floors = {"with paths": ("99.5%", "5"), "content-only, whole files": ("98.5%", "2"), "content-only, 20-line windows": ("95%", "2")}
    for result in results:
        accuracy_floor, speed_floor = floors.get(result["mode"], ("", ""))
        lines.append(
            f"| {result['mode']} | {result['cases']} | {pct(result['accuracy'])} | {accuracy_floor} | "
            f"{pct(result['other_kept_out'])} | 99% | {result['mb_per_second']:.2f} | {speed_floor} |"
        )
    lines += [
        "",
        "MB/s: megabytes of the whole inputs (10^6 bytes) per CPU second of this process (`time.process_time`, "
        "median of the timed repeats: CPU time on this shared VM varies by up to a third between identical runs), "
        f"model loaded beforehand; the classifier reads at most its byte cap of each file. Load average at the end "
        f"of the run: {os.getloadavg()[0]:.1f} on 2 cores (the machine was shared), so wall-clock rates would be lower. "
        "`other` kept out: the share of `other` files (or windows) not labelled as one of the seven languages. "
        "Windows: 20 lines from the start of each file and 20 from its middle (files over 40 lines).",
    ]
    lines += ["", "Eval set composition (files / projects):", "", "| language | files | projects | MB |", "| --- | ---: | ---: | ---: |"]
    for key, value in composition.items():
        lines.append(f"| {key} | {value['files']} | {value['projects']} | {value['bytes'] / 1e6:.2f} |")
    for result in results:
        lines += ["", f"### {result['mode']}: precision / recall", "", "| language | precision | recall | support |", "| --- | ---: | ---: | ---: |"]
        for label, value in result["per_language"].items():
            lines.append(f"| {label} | {pct(value['precision'])} | {pct(value['recall'])} | {value['support']} |")
        lines += ["", f"Confusion (rows: truth, columns: predicted):", "", "| truth \\ got | " + " | ".join(LABELS) + " |", "| --- |" + " ---: |" * len(LABELS)]
        for truth in LABELS:
            lines.append(f"| {truth} | " + " | ".join(str(result["confusion"][truth][got]) for got in LABELS) + " |")
    lines.append(SECTION_END)
    return "\n".join(lines) + "\n"


def write_section(results_path: Path, section: str) -> None:
    text = results_path.read_text(encoding="utf-8") if results_path.exists() else "# Benchmark results\n\n"
    if SECTION_START in text and SECTION_END in text:
        before, rest = text.split(SECTION_START, 1)
        after = rest.split(SECTION_END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results_path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=Path("/work/cache/langid-eval/manifest.jsonl"))
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    parser.add_argument("--json", type=Path, default=None, help="also write every number (and the first errors) here")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per mode; MB/s is from the median")
    parser.add_argument("--model", type=Path, default=None, help="a content model other than the shipped one")
    args = parser.parse_args(argv)

    items = load_eval_set(args.manifest)
    classifier = LanguageClassifier(model_path=args.model)
    classifier.model  # load once, outside the timed loops
    with_paths = [(item["label"], item["data"], item["path"]) for item in items]
    content, windows = content_cases(items)
    results = [
        evaluate("with paths", with_paths, classifier, repeats=args.repeats),
        evaluate("content-only, whole files", content, classifier, repeats=args.repeats),
        evaluate("content-only, 20-line windows", windows, classifier, repeats=args.repeats),
    ]
    for result in results:
        print(f"{result['mode']}: accuracy {result['accuracy']:.4f}, other kept out {result['other_kept_out']}, "
              f"{result['mb_per_second']:.2f} MB/s over {result['megabytes']:.1f} MB; evidence {result['evidence']}")
    summary_path = args.manifest.parent / "summary.json"
    composition = json.loads(summary_path.read_text())["composition"] if summary_path.exists() else {}
    model_bytes = classifier.model_path.stat().st_size if classifier.model_path else 0
    if not model_bytes:
        from codemix.langid.model import default_model_path

        model_bytes = default_model_path().stat().st_size
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if not args.no_write:
        write_section(args.results, markdown(results, composition, manifest=args.manifest, model_bytes=model_bytes))
        print(f"updated {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
