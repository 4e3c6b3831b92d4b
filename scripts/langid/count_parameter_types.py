"""Count, on the train split only, how JavaScript and TypeScript files declare their functions' parameters.

    python scripts/langid/count_parameter_types.py [--index ...] [--files-per-language 4000] [--out counts.jsonl]

The evidence behind the classifier's untyped-parameters rule (`docs/langid.md`, "How a label is decided"): for
each train-split `.js` and `.ts` file (no `.d.ts`; chosen as training chooses, a seeded round-robin over projects,
at most 300 files of one project) it takes the pieces the classifier meets (the first 16 KiB of the whole file,
its 20-line windows from the start and the middle, and up to three definitions of 5-30 lines cut with tree-sitter,
as the evaluation snippets are cut), runs the TypeScript-syntax check on each as the classifier does (`verify.typescript_check`; a piece of fewer than
40 lines read as a snippet: a method inside a class, a window with its blocks balanced), and
counts, where no TypeScript-only syntax is found, the declared functions with untyped parameters
(`verify.parameter_types`). Prints a table per language and piece kind; `--out` writes one JSON line per piece.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import (  # noqa: E402
    DEFAULT_INDEX, choose_training_files, definition_snippets, eval_windows, read_text, training_rows,
)

from codemix.langid.classifier import CONTENT_PARSE_BYTES, LanguageClassifier  # noqa: E402
from codemix.langid.verify import cut_at_line, typescript_check  # noqa: E402

SCRIPTS = ("javascript", "typescript")


def pieces(text: str, language: str, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, text) of what the classifier meets of a file: the file, its windows, up to three snippets."""
    found = [("file", text)] + [("window", window) for _where, window in eval_windows(text)]
    snippets = definition_snippets(text, language)
    rng.shuffle(snippets)
    return found + [("snippet", snippet) for snippet in snippets[:3]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--files-per-language", type=int, default=4000)
    parser.add_argument("--files-per-project", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20251)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    # the script files training reads (each label is sampled on its own, so leaving `other` out changes nothing)
    rows = [row for row in training_rows(args.index) if row.label in SCRIPTS]
    chosen = choose_training_files(rows, files_per_label=args.files_per_language, other_per_kind=0,
                                   per_project=args.files_per_project, seed=args.seed)
    table: dict[tuple[str, str], Counter] = defaultdict(Counter)
    projects: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    out = args.out.open("w", encoding="utf-8") if args.out else None
    for language in SCRIPTS:
        rng = random.Random(f"{args.seed}:{language}")
        for number, row in enumerate(chosen[language], 1):
            text = read_text(row.path)
            if text is None or not text.strip():
                continue
            for kind, piece in pieces(text, language, rng):
                data = cut_at_line(piece.encode("utf-8"), CONTENT_PARSE_BYTES)
                # read as the classifier reads it: a piece shorter than SNIPPET_MAX_LINES as a snippet
                check = typescript_check(data, snippet=piece.count("\n") < LanguageClassifier.SNIPPET_MAX_LINES)
                record = {"language": language, "kind": kind, "project": row.project, "path": str(row.path),
                          "typescript_only": check.typescript_only_nodes, "flow": check.flow,
                          "error_fraction": round(check.parse.error_fraction, 3),
                          "implicit": check.parameters.implicit if check.parameters else None,
                          "annotated": check.parameters.annotated if check.parameters else None,
                          "bare_methods": check.parameters.bare_methods if check.parameters else None,
                          "ends_with_comma": piece.rstrip().endswith(",")}
                counts = table[(language, kind)]
                counts["pieces"] += 1
                if check.typescript_only_nodes:
                    counts["typescript_syntax"] += 1
                    continue
                counts["no_typescript_syntax"] += 1
                implicit = check.parameters.implicit
                counts[f"implicit>={min(implicit, 3)}" if implicit else "implicit=0"] += 1
                if not implicit and check.parameters.bare_methods:
                    counts["bare_only"] += 1
                for at_least in (1, 2, 3):
                    if implicit >= at_least:
                        counts[f"ge{at_least}"] += 1
                        projects[(language, kind, f"ge{at_least}")].add(row.project)
                if out:
                    out.write(json.dumps(record) + "\n")
            if number % 500 == 0:
                print(f"{language}: {number} files", file=sys.stderr, flush=True)
    if out:
        out.close()
    print("| language | piece | pieces | TypeScript syntax | none | >=1 untyped | >=2 | >=3 | projects >=1 "
          "| only bare methods untyped |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (language, kind), counts in sorted(table.items()):
        print(f"| {language} | {kind} | {counts['pieces']} | {counts['typescript_syntax']} | {counts['no_typescript_syntax']}"
              f" | {counts['ge1']} | {counts['ge2']} | {counts['ge3']} | {len(projects[(language, kind, 'ge1')])}"
              f" | {counts['bare_only']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
