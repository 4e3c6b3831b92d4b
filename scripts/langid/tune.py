"""Tune the classifier's decision thresholds on the dev set (held-out train-split projects), never on eval.

    /work/venv/bin/python scripts/langid/tune.py --manifest /work/cache/langid-dev/manifest.jsonl \
        [--model PATH] --grid TYPESCRIPT_STYLE_SHARE=0.3,0.4,0.5 --grid CONTENT_VERIFY_BELOW=0.8,0.9

Runs the benchmark's content-only modes (whole files and 20-line windows) for every combination of
the given `LanguageClassifier` class attributes and prints accuracy and `other` kept out for each;
the chosen values are then written into `codemix/langid/classifier.py` by hand, with the dev numbers.
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

from bench_classify import content_cases, evaluate, load_eval_set  # noqa: E402

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
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--grid", action="append", default=[], help="NAME=v1,v2,... (repeatable)")
    args = parser.parse_args(argv)
    if "langid-eval" in str(args.manifest):
        raise SystemExit("tune on the dev set, not on the evaluation set")
    grid = parse_grid(args.grid)
    items = load_eval_set(args.manifest)
    files, windows = content_cases(items)
    names = sorted(grid)
    for values in itertools.product(*(grid[name] for name in names)):
        setting = dict(zip(names, values))
        classifier = LanguageClassifier(model_path=args.model)
        for name, value in setting.items():
            setattr(classifier, name, value)
        row = {"setting": setting}
        for mode, cases in (("files", files), ("windows", windows)):
            result = evaluate(mode, cases, classifier)
            row[mode] = {"accuracy": round(result["accuracy"], 4), "other_kept_out": round(result["other_kept_out"], 4),
                         "mb_per_second": round(result["mb_per_second"], 2)}
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
