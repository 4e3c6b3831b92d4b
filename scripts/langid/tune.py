"""Tune the classifier's decision thresholds on the dev sets (`common.TUNING_SETS`: dev6 in round 8, dev6 and dev7
in round 9, dev6 to dev8 in round 10, dev6 to dev9 in round 11, dev6 to dev10 in round 12, dev6 to dev11 in round 13, dev6 to dev12 in round 14, dev6 to dev13 in round 15, dev6 to dev14 in round 16, dev6 to dev15 in round 17, dev6 to dev16 in round 18, dev6 to dev17 in round 19, dev6 to dev18 in round 20, dev6 to dev19 in round 21, dev6 to dev20 in round 22, dev6 to dev21 in round 23, dev6 to dev22 in round 24, dev6 to dev23 in round 25, dev6 to dev24 in round 26, dev6 to dev25 in round 27, dev6 to dev26 in round 28, dev6 to dev27 from round 29), and only there.

    python scripts/langid/tune.py [--set dev7] [--root /work/cache/langid] [--model PATH] \
        --grid TYPESCRIPT_STYLE_SHARE=0.3,0.4,0.5 --grid CONTENT_VERIFY_BELOW=0.8,0.9 [--errors 30]

Runs the benchmark's content-only modes (whole files, 20-line windows, snippets) on a dev set for every
combination of the given `LanguageClassifier` class attributes and prints accuracy, `other` kept out and the
accuracy per language for each; `--errors N` prints the first N errors of each mode (the dev sets are the
sets whose errors may be read). The chosen values are then written into `codemix/langid/classifier.py` by
hand, with the dev numbers. The test and fresh27 sets (and HumanEval-X) are refused: they are reported on, never
tuned on; so are dev to dev5 from round 8, whose projects the model trains on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts" / "langid"))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_classify import DEFAULT_ROOT, content_cases, evaluate, load_eval_set, load_snippets, set_name_of  # noqa: E402
from common import TUNING_SETS  # noqa: E402

from codemix.langid import LanguageClassifier  # noqa: E402


def parse_grid(items: list[str]) -> dict[str, list[float]]:
    grid = {}
    for item in items:
        name, _, values = item.partition("=")
        if not hasattr(LanguageClassifier, name):
            raise SystemExit(f"--grid {item}: LanguageClassifier has no attribute {name}")
        grid[name] = [float(value) for value in values.split(",")]
    return grid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--set", default="dev7", help="dev6 to dev27 (common.TUNING_SETS): any other set is refused")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--grid", action="append", default=[], help="NAME=v1,v2,... (repeatable)")
    parser.add_argument("--modes", default="files,windows,snippets")
    parser.add_argument("--errors", type=int, default=0, help="print the first N errors of each mode")
    args = parser.parse_args(argv)
    directory = args.root / args.set
    if args.set not in TUNING_SETS or set_name_of(directory) != args.set:
        raise SystemExit(f"tune on the dev sets ({', '.join(sorted(TUNING_SETS, key=lambda name: (len(name), name)))}) only, not on {args.set!r} ({directory})")
    grid = parse_grid(args.grid)
    items = load_eval_set(directory / "manifest.jsonl")
    files, windows = content_cases(items)
    cases = {"files": files, "windows": windows, "snippets": load_snippets(directory / "snippets.jsonl")}
    modes = args.modes.split(",")
    names = sorted(grid)
    for values in itertools.product(*(grid[name] for name in names)):
        setting = dict(zip(names, values))
        classifier = LanguageClassifier(model_path=args.model)
        for name, value in setting.items():
            setattr(classifier, name, value)
        row = {"setting": setting}
        for mode in modes:
            result = evaluate(mode, cases[mode], classifier, keep_errors=args.errors)
            row[mode] = {"accuracy": round(result["accuracy"], 4), "other_kept_out": round(result["other_kept_out"], 4),
                         "mb_per_second": round(result["mb_per_second"], 2),
                         "recall": {label: round(value["recall"], 3) for label, value in result["per_language"].items()
                                    if value["recall"] is not None}}
            for error in result["errors"]:
                print(json.dumps({"mode": mode, **error}))
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
