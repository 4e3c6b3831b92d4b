"""Time the classifier's tree-sitter checks (a parse and its query) on the train split, every check on every
language's text, and report the slowest (docs/langid.md, *Bounded cost*).

    python scripts/langid/time_queries.py [--index PATH] [--files-per-language 600] [--files-per-other-kind 20]

Each chosen file gives its first 16 KiB (what the classifier parses) and its first ten 20-line windows; each piece is
read by `verify.typescript_check` (whole, and as a snippet) and by `verify.own_syntax_check` for C# and for Java (as a
snippet). A check taking more than `--alarm` seconds is stopped and reported as such; every check over `--report`
seconds is printed.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import add_training_selection_arguments, read_text, training_selection  # noqa: E402

from codemix.langid.classifier import CONTENT_PARSE_BYTES  # noqa: E402
from codemix.langid.verify import cut_at_line, own_syntax_check, typescript_check  # noqa: E402

CHECKS = {
    "typescript": lambda data: typescript_check(data),
    "typescript_snippet": lambda data: typescript_check(data, snippet=True),
    "csharp_own_syntax": lambda data: own_syntax_check(data, "csharp", snippet=True),
    "java_own_syntax": lambda data: own_syntax_check(data, "java", snippet=True),
}


class TooSlow(Exception):
    pass


def _alarm(_signal: int, _frame: object) -> None:
    raise TooSlow


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_training_selection_arguments(parser)
    parser.set_defaults(files_per_language=600, files_per_other_kind=20)
    parser.add_argument("--alarm", type=int, default=20, help="stop a check after this many seconds")
    parser.add_argument("--report", type=float, default=0.5, help="print every check slower than this (seconds)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    checks, worst = 0, (0.0, "")
    for label, rows in training_selection(args).items():
        for row in rows:
            text = read_text(row.path)
            if text is None:
                continue
            data = cut_at_line(text.encode("utf-8"), CONTENT_PARSE_BYTES)
            lines = data.split(b"\n")
            pieces = [data] + [b"\n".join(lines[start : start + 20]) for start in range(0, min(len(lines), 200), 20)]
            for piece in pieces:
                for name, check in CHECKS.items():
                    signal.alarm(args.alarm)
                    started = time.perf_counter()
                    try:
                        check(piece)
                    except TooSlow:
                        print(f"stopped after {args.alarm} s: {name} on {label} {row.path} ({len(piece)} bytes)", flush=True)
                    finally:
                        signal.alarm(0)
                    seconds = time.perf_counter() - started
                    checks += 1
                    where = f"{name} on {label} {row.path} ({len(piece)} bytes)"
                    if seconds > worst[0]:
                        worst = (seconds, where)
                    if seconds > args.report:
                        print(f"{seconds:.2f} s: {where}", flush=True)
    print(f"{checks} checks; slowest {worst[0]:.2f} s: {worst[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
