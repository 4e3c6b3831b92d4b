"""Count, on the training splits only, the comment-only 20-line windows that name source files of one language.

    python scripts/langid/count_named_files.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]

The evidence behind the classifier's named-file rule (`LanguageClassifier._named_language_decision`, `docs/langid.md`,
"How a label is decided"): the files training reads (`common.choose_training_files`, the same selection as
train.py) are cut into the evaluation's 20-line windows (from the start and from the middle, `common.eval_windows`);
of the windows holding nothing but comments (`classifier.has_code`), those whose comments name source files of one
registered language only (`rules.named_file_language`) are counted per true label and named language, with the
projects they come from. Prints one line per (true label, named language).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import add_training_selection_arguments, training_windows  # noqa: E402

from codemix.langid.classifier import has_code  # noqa: E402
from codemix.langid.rules import named_file_language  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_training_selection_arguments(parser)
    args = parser.parse_args(argv)
    windows: Counter = Counter()
    comment_only: Counter = Counter()
    named: Counter = Counter()
    projects: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row, window in training_windows(args):
        windows[row.language] += 1
        if not window.strip() or has_code(window):
            continue
        comment_only[row.language] += 1
        language = named_file_language(window)
        if language is not None:
            named[row.language, language] += 1
            projects[row.language, language].add(row.project)
    right = sum(count for (truth, language), count in named.items() if truth == language)
    print(f"{sum(windows.values()):,} windows, {sum(comment_only.values()):,} of nothing but comments; "
          f"{sum(named.values()):,} of those name one language's files, their own in {right:,}")
    for (truth, language), count in sorted(named.items(), key=lambda item: (-item[1], item[0])):
        print(f"{truth}: names {language} in {count:,} of {comment_only[truth]:,} comment-only windows "
              f"({len(projects[truth, language])} projects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
