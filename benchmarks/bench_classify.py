"""Benchmark the language classifier on an evaluation set chosen by scripts/langid/build_eval_set.py.

    python benchmarks/bench_classify.py --set dev|dev2|...|dev27|test|fresh27|humaneval [--root /work/cache/langid]
        [--results benchmarks/RESULTS.md] [--json out.json] [--no-write]

Reports accuracy with paths, content-only accuracy on whole files, on 20-line windows (from the start
and from the middle of each file; again split into the windows with code and those of comments only) and on
snippets (definitions of 5 to 30 lines cut with tree-sitter, and 5-30 line windows of `other` files),
per-language precision and recall, the confusion matrices, how well
`other` is kept out of the seven languages, throughput in MB/s on one core (one process, texts already in
memory, classified in batches of 256 as the pipeline stage does; MB = 10^6 bytes of the whole inputs, of
which the classifier reads at most its byte cap; the median of `--repeats` timed runs) and the peak
resident memory. Every file's sha256 is checked against the manifest first.

`--set humaneval` measures short real solutions instead: each HumanEval-X problem's prompt and canonical solution
(`tests/fixtures/humaneval-x/`: Python, Java, JavaScript, Go, Rust and C++, which must be `other`; Rust's prompt
holds only the doc comment, so its `declaration`, the signature, goes between them) without a path, content only,
with accuracy per language. HumanEval-X has no C# and no TypeScript.

Test, fresh27 and humaneval are reported, never read for errors: for them the benchmark keeps counts and confusion
matrices only, and refuses `--errors` (nor may `scripts/langid/tune.py` tune on them). Every run appends (time,
set, model sha256, commit) to the set's `evaluations.jsonl`, so when each set was first evaluated is on record.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts" / "langid"))

from common import EVAL_SETS, REPORT_ONLY_SETS, TRAINED_ON_SETS, eval_windows  # noqa: E402

from datatrove.utils.batching import batched  # noqa: E402

from codemix import OTHER, TARGET_LANGUAGES  # noqa: E402
from codemix.langid import Classification, LanguageClassifier  # noqa: E402
from codemix.langid.classifier import has_code  # noqa: E402
from codemix.langid.model import default_model_path  # noqa: E402

LABELS = (*TARGET_LANGUAGES, OTHER)
BATCH_DOCS = 256  # the ClassifyLanguage stage's default batch
DEFAULT_ROOT = Path("/work/cache/langid")
# Short real solutions: HumanEval-X, report only (never tuned on; its errors are never printed).
HUMANEVAL_SET = "humaneval"
HUMANEVAL_DIR = REPO / "tests" / "fixtures" / "humaneval-x"
HUMANEVAL_LABELS = {"python": "python", "java": "java", "js": "javascript", "go": "go", "rust": "rust", "cpp": OTHER}


def section_markers(set_name: str) -> tuple[str, str]:
    return f"<!-- langid:{set_name}:start -->", f"<!-- langid:{set_name}:end -->"


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


def load_snippets(path: Path) -> list[tuple[str, str, None]]:
    """The snippet cases of a set: (label, text, no path)."""
    if not path.exists():
        return []
    return [(record["label"], record["text"], None)
            for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


def content_cases(items: list[dict]) -> tuple[list[tuple[str, bytes | str, None]], list[tuple[str, bytes | str, None]]]:
    """The content-only cases of an eval set: whole files, and their 20-line windows (start, middle)."""
    files = [(item["label"], item["data"], None) for item in items]
    windows = [(item["label"], window, None) for item in items for _where, window in eval_windows(item["data"].decode("utf-8"))]
    return files, windows


def humaneval_cases(folder: Path = HUMANEVAL_DIR) -> dict[str, list[tuple[str, str, None]]]:
    """Per HumanEval-X file (`python`, ..., `cpp`), each problem's prompt + canonical solution as a case (label,
    text, no path); Rust's is prompt + declaration + solution, its prompt being only the doc comment. C++ is `other`."""
    cases: dict[str, list[tuple[str, str, None]]] = {}
    for stem, label in HUMANEVAL_LABELS.items():
        with gzip.open(folder / f"humaneval_{stem}.jsonl.gz", "rt", encoding="utf-8") as handle:
            cases[stem] = [(label, record["prompt"] + (record["declaration"] if stem == "rust" else "")
                            + record["canonical_solution"], None) for record in map(json.loads, handle)]
    return cases


def set_name_of(directory: Path) -> str:
    """The set a directory holds, from its summary (a directory without one is treated as test)."""
    summary = directory / "summary.json"
    return json.loads(summary.read_text()).get("set", "test") if summary.exists() else "test"


def text_of(data: bytes | str) -> str:
    """A case's text (its bytes decoded, undecodable bytes replaced)."""
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data


def classify_timed(
    cases: list[tuple[str, bytes | str, str | None]], classifier: LanguageClassifier, *, repeats: int = 1
) -> tuple[list[Classification], list[float]]:
    """Classify `cases` (true label, data, path or None) `repeats` times (same labels every time): the labels of
    the last run and the CPU seconds of each."""
    timings = []
    results: list[Classification] = []
    for _repeat in range(repeats):
        started = time.process_time()
        results = []
        # In batches, as the pipeline stage and the CLI call it.
        for batch in batched(cases, BATCH_DOCS):
            results += classifier.classify_batch([(data, path) for _truth, data, path in batch])
        timings.append(time.process_time() - started)
    return results, timings


def summarize(
    name: str,
    cases: list[tuple[str, bytes | str, str | None]],
    results: list[Classification],
    *,
    timings: list[float] | None = None,
    keep_errors: int = 0,
) -> dict:
    """Accuracy, `other` kept out, precision and recall per language, the confusion matrix and evidence counts of
    `results` against the cases' true labels; MB/s from `timings` (none: a slice of a timed run, no MB/s). The first
    `keep_errors` errors are kept (text start, truth, label, evidence): dev sets only."""
    confusion: Counter[tuple[str, str]] = Counter()
    evidence: Counter[str] = Counter()
    errors = []
    total_bytes = sum(len(data) if isinstance(data, bytes) else len(data.encode("utf-8")) for _, data, _ in cases)
    # The median of the repeats: CPU time on this shared VM varies by a third from run to run.
    seconds = statistics.median(timings) if timings else None
    for (truth, data, path), result in zip(cases, results, strict=True):
        confusion[(truth, result.language)] += 1
        evidence[result.evidence.split(";")[0]] += 1
        if result.language != truth and len(errors) < keep_errors:
            errors.append({"path": path, "truth": truth, "got": result.language, "evidence": result.evidence,
                           "confidence": round(result.confidence, 3), "text": text_of(data)[:400]})
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
        "cpu_seconds_per_repeat": timings or [],
        "mb_per_second": total_bytes / 1e6 / seconds if seconds else None,
        "evidence": dict(evidence.most_common()),
        "errors": errors,
    }


def evaluate(
    name: str,
    cases: list[tuple[str, bytes | str, str | None]],
    classifier: LanguageClassifier,
    *,
    repeats: int = 1,
    keep_errors: int = 0,
) -> dict:
    """cases: (true label, data, path or None), classified and timed `repeats` times (`classify_timed`), then
    summarized (`summarize`)."""
    results, timings = classify_timed(cases, classifier, repeats=repeats)
    return summarize(name, cases, results, timings=timings, keep_errors=keep_errors)


WINDOWS_MODE = "content-only, 20-line windows"
WINDOWS_WITH_CODE_MODE = "content-only, 20-line windows with code"
WINDOWS_COMMENTS_ONLY_MODE = "content-only, 20-line windows of comments only"


def split_by_code(
    cases: list[tuple[str, bytes | str, str | None]], results: list[Classification], *, keep_errors: int = 0
) -> list[dict]:
    """The same labels summarized twice more: over the cases that hold code, and over those that hold nothing but
    comments (`has_code`, the classifier's own test: fewer than MIN_CODE_CHARS characters outside comments; a window
    cut out of a licence header or a long doc comment). In a piece of comments only the words are a licence or prose,
    and which language's file it was cut from is not in the text: this split shows how much of the windows'
    accuracy and of `other` kept out is such pieces."""
    with_code = [has_code(text_of(data)) for _truth, data, _path in cases]
    rows = []
    for name, wanted in ((WINDOWS_WITH_CODE_MODE, True), (WINDOWS_COMMENTS_ONLY_MODE, False)):
        chosen = [index for index, code in enumerate(with_code) if code is wanted]
        rows.append(summarize(name, [cases[index] for index in chosen], [results[index] for index in chosen],
                              keep_errors=keep_errors))
    return rows


def record_evaluation(directory: Path, set_name: str, model_sha256: str) -> str:
    """Append this run to the set's `evaluations.jsonl`; return the time of the set's first evaluation."""
    log = directory / "evaluations.jsonl"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"time": now, "set": set_name, "model_sha256": model_sha256, "commit": commit}) + "\n")
    return json.loads(log.read_text(encoding="utf-8").splitlines()[0])["time"]


FLOORS = {  # (accuracy, MB/s) floors of issue 13, on the reviewers' held-out set
    "with paths": ("99.5%", "5"),
    "content-only, whole files": ("98.5%", "2"),
    "content-only, 20-line windows": ("95.5%", "2"),
    "content-only, snippets": ("95% (90% each)", ""),
    "content-only, HumanEval-X prompt + solution": ("95% (90% each)", ""),
}


def markdown(results: list[dict], composition: dict, *, set_name: str, directory: Path, model_bytes: int,
             first_evaluated: str, peak_rss_mb: float) -> str:
    def pct(value):
        return "n/a" if value is None else f"{100 * value:.2f}%"

    def speed(value):
        return "" if value is None else f"{value:.2f}"

    start, end = section_markers(set_name)
    lines = [
        start,
        f"### langid, {set_name} set",
        "",
        f"Machine: 2 cores (shared with other sessions), Python {platform.python_version()}, one process (one core). "
        + ("Set: HumanEval-X's prompt + canonical solution of each of its 164 problems in Python, Java, JavaScript, Go, "
           "Rust and C++ (`other`), no path (`tests/fixtures/humaneval-x/`; no C#, no TypeScript). "
           if set_name == HUMANEVAL_SET else
           f"Set: `{directory}` (`scripts/langid/build_eval_set.py --set {set_name}`, index split "
           f"`{EVAL_SETS[set_name]}`; "
           + ("projects the model trains on from round 8 (`common.TRAINING_SPLITS`): this measures fit, not "
              "generalization). " if set_name in TRAINED_ON_SETS else
              "projects disjoint from training and from the other sets). "))
        + "Content model: "
        f"{model_bytes / 1e6:.2f} MB. Peak resident memory of the benchmark process: {peak_rss_mb:.0f} MB. "
        f"First evaluated: {first_evaluated}. Run: `python benchmarks/bench_classify.py --set {set_name}`.",
        "",
        "| mode | cases | accuracy | floor | `other` kept out | MB/s (1 core) | floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        accuracy_floor, speed_floor = FLOORS.get(result["mode"], ("", ""))
        lines.append(
            f"| {result['mode']} | {result['cases']} | {pct(result['accuracy'])} | {accuracy_floor} | "
            f"{pct(result['other_kept_out'])} | {speed(result['mb_per_second'])} | {speed_floor} |"
        )
    lines += [
        "",
        "MB/s: megabytes of the whole inputs (10^6 bytes) per CPU second of this process (`time.process_time`, "
        "median of the timed repeats), model loaded beforehand. "
        f"Load average at the end of the run: {os.getloadavg()[0]:.1f} on 2 cores. "
        "`other` kept out: the share of `other` cases not labelled as one of the seven languages. Windows: 20 "
        "lines from the start of each file and 20 from its middle (files over 40 lines); the same labels again over "
        "the windows with code and over those of nothing but comments (the classifier's `has_code`: a licence header, "
        "a long doc comment), which say nothing of the language of the file they were cut from (no MB/s: slices of "
        "the timed run). Snippets: definitions of "
        "5-30 lines cut with tree-sitter from the set's files of the seven languages (dedented), and 5-30 line "
        "windows of its `other` files.",
        "",
        "Recall per language (accuracy on that language's cases):",
        "",
        "| mode | " + " | ".join(LABELS) + " |",
        "| --- |" + " ---: |" * len(LABELS),
    ]
    for result in results:
        lines.append(f"| {result['mode']} | " + " | ".join(pct(result["per_language"][label]["recall"]) for label in LABELS) + " |")
    lines += ["", "Composition (files / projects / snippets):", "", "| language | files | projects | snippets | MB |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for key, value in composition.items():
        lines.append(f"| {key} | {value['files']} | {value['projects']} | {value.get('snippets', 0)} | {value['bytes'] / 1e6:.2f} |")
    for result in results:
        lines += ["", f"#### {set_name}, {result['mode']}: precision / recall and confusion", "",
                  "| language | precision | recall | support |", "| --- | ---: | ---: | ---: |"]
        for label, value in result["per_language"].items():
            lines.append(f"| {label} | {pct(value['precision'])} | {pct(value['recall'])} | {value['support']} |")
        lines += ["", "| truth \\ got | " + " | ".join(LABELS) + " |", "| --- |" + " ---: |" * len(LABELS)]
        for truth in LABELS:
            lines.append(f"| {truth} | " + " | ".join(str(result["confusion"][truth][got]) for got in LABELS) + " |")
    lines.append(end)
    return "\n".join(lines) + "\n"


def write_section(results_path: Path, section: str, set_name: str) -> None:
    """Replace the set's section of RESULTS.md (between its markers), or append it."""
    start, end = section_markers(set_name)
    text = results_path.read_text(encoding="utf-8") if results_path.exists() else "# Benchmark results\n\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results_path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=[*sorted(EVAL_SETS), HUMANEVAL_SET], required=True)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="where build_eval_set.py wrote the sets")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    parser.add_argument("--json", type=Path, default=None, help="also write every number here")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per mode; MB/s is from the median")
    parser.add_argument("--model", type=Path, default=None, help="a content model other than the shipped one")
    parser.add_argument("--errors", type=int, default=0, help="keep the first N errors per mode (dev set only)")
    args = parser.parse_args(argv)
    directory = args.root / args.set
    report_only = args.set in REPORT_ONLY_SETS or args.set == HUMANEVAL_SET
    if args.errors and report_only:
        raise SystemExit(f"the {args.set} set is reported on only: its errors are never printed (counts and "
                         "confusion matrices only); read errors on the dev set")
    if args.set == HUMANEVAL_SET:
        return humaneval_main(args, directory)
    if set_name_of(directory) != args.set:
        raise SystemExit(f"{directory}: its summary says set {set_name_of(directory)!r}, not {args.set!r}")

    items = load_eval_set(directory / "manifest.jsonl")
    snippets = load_snippets(directory / "snippets.jsonl")
    classifier = LanguageClassifier(model_path=args.model)
    classifier.model  # load once, outside the timed loops
    model_path = classifier.model_path or default_model_path()
    model_sha256 = hashlib.sha256(model_path.read_bytes()).hexdigest()
    first_evaluated = record_evaluation(directory, args.set, model_sha256)
    with_paths = [(item["label"], item["data"], item["path"]) for item in items]
    content, windows = content_cases(items)
    keep = 0 if report_only else args.errors
    results = [
        evaluate("with paths", with_paths, classifier, repeats=args.repeats, keep_errors=keep),
        evaluate("content-only, whole files", content, classifier, repeats=args.repeats, keep_errors=keep),
    ]
    window_labels, window_timings = classify_timed(windows, classifier, repeats=args.repeats)
    results += [summarize(WINDOWS_MODE, windows, window_labels, timings=window_timings, keep_errors=keep),
                *split_by_code(windows, window_labels, keep_errors=keep)]
    if snippets:
        results.append(evaluate("content-only, snippets", snippets, classifier, repeats=args.repeats, keep_errors=keep))
    return report(args, directory, results, model_path, model_sha256, first_evaluated, composition=None)


def humaneval_main(args: argparse.Namespace, directory: Path) -> int:
    """Short real solutions (HumanEval-X), content only, report only."""
    cases_by_file = humaneval_cases()
    classifier = LanguageClassifier(model_path=args.model)
    classifier.model  # load once, outside the timed loops
    model_path = classifier.model_path or default_model_path()
    model_sha256 = hashlib.sha256(model_path.read_bytes()).hexdigest()
    directory.mkdir(parents=True, exist_ok=True)
    first_evaluated = record_evaluation(directory, args.set, model_sha256)
    cases = [case for stem in HUMANEVAL_LABELS for case in cases_by_file[stem]]
    results = [evaluate("content-only, HumanEval-X prompt + solution", cases, classifier, repeats=args.repeats)]
    composition = {
        f"humaneval_{stem} ({label})": {"files": len(cases_by_file[stem]), "projects": 1, "snippets": 0,
                                         "bytes": sum(len(text.encode("utf-8")) for _, text, _ in cases_by_file[stem])}
        for stem, label in HUMANEVAL_LABELS.items()
    }
    return report(args, directory, results, model_path, model_sha256, first_evaluated, composition=composition)


def report(args: argparse.Namespace, directory: Path, results: list[dict], model_path: Path, model_sha256: str,
           first_evaluated: str, *, composition: dict | None) -> int:
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for result in results:
        print(f"{args.set} {result['mode']}: accuracy {result['accuracy']:.4f}, other kept out {result['other_kept_out']}, "
              + (f"{result['mb_per_second']:.2f} MB/s over " if result["mb_per_second"] else "")
              + f"{result['megabytes']:.1f} MB; evidence {result['evidence']}")
        for error in result["errors"]:
            print(json.dumps(error))
    print(f"peak resident memory {peak_rss_mb:.0f} MB; {args.set} set first evaluated {first_evaluated}")
    if composition is None:
        summary_path = directory / "summary.json"
        composition = json.loads(summary_path.read_text())["composition"] if summary_path.exists() else {}
    if args.json:
        args.json.write_text(json.dumps({"set": args.set, "model_sha256": model_sha256, "first_evaluated": first_evaluated,
                                         "peak_rss_mb": peak_rss_mb, "results": results}, indent=2) + "\n")
    if not args.no_write:
        section = markdown(results, composition, set_name=args.set, directory=directory,
                           model_bytes=model_path.stat().st_size, first_evaluated=first_evaluated, peak_rss_mb=peak_rss_mb)
        write_section(args.results, section, args.set)
        print(f"updated {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
