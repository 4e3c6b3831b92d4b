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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import DEFAULT_INDEX, print_matches, training_texts  # noqa: E402

from codemix.langid.rules import content_signature  # noqa: E402


def opens_with_component(text: str) -> bool:
    return content_signature(text.lstrip("\ufeff")[:1024]) == "component"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    args = parser.parse_args(argv)
    print_matches(training_texts(args.index), {"opens with a template, script or style element": opens_with_component},
                  unit="files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
