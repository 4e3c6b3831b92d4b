"""Count, on the training splits only, the 20-line windows that open with a Python module docstring.

    python scripts/langid/count_module_docstrings.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]

The evidence behind the classifier's module-docstring rule (`classifier._MODULE_DOCSTRING`, `docs/langid.md`, "How a
label is decided", step 4): the files training reads (`common.choose_training_files`, the same selection as
train.py) are cut into the evaluation's 20-line windows (from the start and from the middle, `common.eval_windows`),
and the windows the pattern matches are counted per true label (a language, or `other:<kind>`), with the projects
they come from. Prints one line per label with a match.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import add_training_selection_arguments, training_windows  # noqa: E402

from codemix.langid.classifier import _MODULE_DOCSTRING  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_training_selection_arguments(parser)
    args = parser.parse_args(argv)
    windows: Counter = Counter()
    found: Counter = Counter()
    projects: dict[str, set[str]] = defaultdict(set)
    for row, window in training_windows(args):
        windows[row.language] += 1
        if _MODULE_DOCSTRING.match(window):
            found[row.language] += 1
            projects[row.language].add(row.project)
    for truth in sorted(found, key=lambda truth: (-found[truth], truth)):
        print(f"{truth}: opens with a module docstring in {found[truth]:,} of {windows[truth]:,} windows "
              f"({len(projects[truth])} projects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
