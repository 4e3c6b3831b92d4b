"""Count, on the training splits only, the files that open with a `<template>`, `<script>` or `<style>` element.

    python scripts/langid/count_markup_openers.py [--index ...]

The evidence behind the `component` content signature (`rules._OTHER_SIGNATURES`, `docs/langid.md`, "How a label is
decided", step 2): every file of the splits the content model trains on (`common.training_texts`) is read, and those
whose first 1,024 characters the signature matches (`rules.content_signature` gives `component`) are counted per
language or `other` kind, with the projects they come from. Prints one line per language or kind with a match.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import DEFAULT_INDEX, training_texts  # noqa: E402

from codemix.langid.rules import content_signature  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    args = parser.parse_args(argv)
    files: Counter = Counter()
    found: Counter = Counter()
    projects: dict[str, set[str]] = defaultdict(set)
    for row, text in training_texts(args.index):
        kind = row.language
        files[kind] += 1
        if content_signature(text.lstrip("\ufeff")[:1024]) == "component":
            found[kind] += 1
            projects[kind].add(row.project)
    for kind in sorted(found, key=lambda kind: (-found[kind], kind)):
        print(f"{kind}: opens with a template, script or style element in {found[kind]:,} of {files[kind]:,} files "
              f"({len(projects[kind])} projects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
