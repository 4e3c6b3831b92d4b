"""Count, on the train split only, the 20-line windows cut inside a Python long string (a docstring).

    python scripts/langid/count_long_strings.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]

The evidence behind reading a window with its long string closed (`verify.close_long_strings`, `docs/langid.md`):
for train-split files chosen as training chooses them (a seeded round-robin over projects, at most 300 files of one
project; up to 4,000 files per language and 500 per `other` kind), their 20-line windows from the start and the
middle are counted by label where `\"\"\"` or `'''` occurs an odd number of times, and of these, how many Python's
grammar parses cleanly as they are and once the string is closed (`verify.snippet_parse_check`, which tries it).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import add_training_selection_arguments, training_windows  # noqa: E402

from codemix import OTHER  # noqa: E402
from codemix.langid.verify import LONG_STRING_QUOTES, parse_check, snippet_parse_check  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_training_selection_arguments(parser)
    args = parser.parse_args(argv)
    counts: dict[str, Counter] = defaultdict(Counter)
    for row, window in training_windows(args):
        label = row.label
        counts[label]["windows"] += 1
        if not any(window.count(quote) % 2 for quote in LONG_STRING_QUOTES["python"]):
            continue
        counts[label]["odd"] += 1
        data = window.encode("utf-8")
        if parse_check(data, "python").clean:
            counts[label]["clean_as_is"] += 1
        elif snippet_parse_check(data, "python").clean:
            counts[label]["clean_closed"] += 1
            if label == OTHER:
                counts[f"{OTHER} kinds"][row.other_kind] += 1
    print("| label | windows | odd long-string quotes | Python parses clean as is | clean once closed |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label in sorted(key for key in counts if key != f"{OTHER} kinds"):
        row = counts[label]
        print(f"| {label} | {row['windows']} | {row['odd']} | {row['clean_as_is']} | {row['clean_closed']} |")
    print(f"`other` windows clean once closed, by kind: {dict(counts[f'{OTHER} kinds'].most_common())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
