"""Count, on the training splits only, the 20-line windows whose code holds a CommonJS `require` call or export.

    python scripts/langid/count_commonjs.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]

The evidence behind the classifier's CommonJS rule (`classifier._COMMONJS`, `LanguageClassifier.COMMONJS`,
`docs/langid.md`, "How a label is decided"): the files training reads (`common.choose_training_files`) are cut into
the evaluation's 20-line windows (`common.training_windows`), and each window's code without its comments
(`classifier.strip_comments`, as the rule reads it) is searched; counted per true label (a language, or
`other:<kind>`), with the projects they come from. Prints one line per label with a match.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import add_training_selection_arguments, print_matches, training_windows  # noqa: E402

from codemix.langid.classifier import _COMMONJS, strip_comments  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_training_selection_arguments(parser)
    args = parser.parse_args(argv)
    print_matches(training_windows(args), {"a CommonJS require or export": lambda window: _COMMONJS.search(
        strip_comments(window))}, unit="windows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
