"""Count, on the train split only, where each foreign-syntax tell of the classifier fires.

    python scripts/langid/count_foreign_syntax.py [--index ...] [--tell NAME ...] [--examples 5]

The evidence behind `classifier.FOREIGN_SYNTAX` (`docs/langid.md`, "How a label is decided"): a tell vetoes the seven
languages, so it is kept only if (almost) no file of the seven has it. For every train-split file (no TypeScript
declaration files, no contested `other` kinds: `common.training_rows`) the first `CONTENT_PARSE_BYTES` characters, what
the classifier searches, are searched with each tell as the classifier does (`classifier.foreign_syntax`), and so are
the 20-line windows (start and middle, as the benchmark cuts them) of the files that have it. Prints, per tell, the
files and windows of each of the seven languages with it and the files of each `other` kind with it, with the paths of
the first `--examples` files of the seven (to read why).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import DEFAULT_INDEX, eval_windows, read_text, training_rows  # noqa: E402

from codemix import OTHER  # noqa: E402
from codemix.langid.classifier import CONTENT_PARSE_BYTES, FOREIGN_SYNTAX, ForeignSyntax, foreign_syntax  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--tell", action="append", default=[], help="count only the tells of this name (repeatable)")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args(argv)
    tells: list[tuple[int, ForeignSyntax]] = [
        (number, tell) for number, tell in enumerate(FOREIGN_SYNTAX) if not args.tell or tell.name in args.tell
    ]
    if not tells:
        raise SystemExit(f"no tell named {args.tell}; names: {sorted({tell.name for tell in FOREIGN_SYNTAX})}")
    rows = training_rows(args.index)
    files: dict[int, Counter] = defaultdict(Counter)  # tell -> label or other kind -> files with it
    windows: dict[int, Counter] = defaultdict(Counter)  # tell -> label -> windows with it (the seven only)
    totals: Counter = Counter()
    examples: dict[int, list[str]] = defaultdict(list)
    for done, row in enumerate(rows, 1):
        text = read_text(row.path)
        if text is None:
            continue
        head = text[:CONTENT_PARSE_BYTES]
        totals[row.label] += 1
        for number, tell in tells:
            if foreign_syntax(head, (tell,)) is None:
                continue
            if row.label == OTHER:
                files[number][f"other:{row.other_kind}"] += 1
                continue
            files[number][row.label] += 1
            windows[number][row.label] += sum(
                foreign_syntax(window, (tell,)) is not None for _where, window in eval_windows(text)
            )
            if len(examples[number]) < args.examples:
                examples[number].append(str(row.path))
        if done % 50000 == 0:
            print(f"... {done:,} of {len(rows):,} files", file=sys.stderr, flush=True)
    print("train-split files read:", ", ".join(f"{label} {count:,}" for label, count in sorted(totals.items())))
    for number, tell in tells:
        seven = {label: count for label, count in files[number].items() if not label.startswith("other:")}
        others = Counter({label: count for label, count in files[number].items() if label.startswith("other:")})
        print(f"\n[{number}] {tell.name} (min {tell.min_matches}): {tell.pattern.pattern[:100]}")
        print("  files of the seven:", sum(seven.values()), seven, " windows:", dict(windows[number]))
        print("  other files:", sum(others.values()), dict(others.most_common(12)))
        for path in examples[number]:
            print("    ", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
