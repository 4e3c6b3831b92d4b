"""Count, on the training splits only, the JavaScript and TypeScript files that reference a TypeScript module, or a
`.mjs`/`.cjs` JavaScript module.

    python scripts/langid/count_typescript_references.py [--index ...]

The evidence behind the classifier's TypeScript-reference rule (`classifier._TYPESCRIPT_REFERENCE`, `docs/langid.md`,
"How a label is decided"): for every `.js` and `.ts` file of the splits the content model trains on (no `.d.ts`:
`common.training_texts`), the first 16 KiB (what the model reads) are searched with the classifier's own pattern, and
the files and projects with a match are counted per language and kind of match (an import, re-export or `require` of
a `.ts`/`.tsx`/`.mts`/`.cts` module; a `/// <reference ...>` directive). From round 13 also the references to a
`.mjs` or `.cjs` module (`classifier._JAVASCRIPT_REFERENCE`: the JavaScript-reference rule), per extension. From round
27 also the files whose code (without comments) shows type syntax (`classifier._TYPE_SYNTAX_HINT`: the hint that makes
the TypeScript parse decide a text the model is sure is JavaScript). Prints one line per language and kind.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import DEFAULT_INDEX, training_texts  # noqa: E402

from codemix.langid.classifier import (  # noqa: E402
    _JAVASCRIPT_REFERENCE,
    _TYPE_SYNTAX_HINT,
    _TYPESCRIPT_REFERENCE,
    strip_comments,
)

SCRIPTS = ("javascript", "typescript")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    args = parser.parse_args(argv)
    files: Counter = Counter()
    found: Counter = Counter()
    projects: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row, text in training_texts(args.index, labels=SCRIPTS):
        files[row.label] += 1
        head = text[:16384]
        kinds = {"directive" if match.group().startswith("///") else "import"
                 for match in _TYPESCRIPT_REFERENCE.finditer(head)}
        kinds |= {f"{match.group()[-4:-1]} import" for match in _JAVASCRIPT_REFERENCE.finditer(head)}
        if _TYPE_SYNTAX_HINT.search(strip_comments(head)):
            kinds.add("type syntax")
        for kind in kinds:
            found[row.label, kind] += 1
            projects[row.label, kind].add(row.project)
    for label in SCRIPTS:
        for kind in ("import", "directive", "mjs import", "cjs import", "type syntax"):
            print(f"{label}: {kind} in {found[label, kind]:,} of {files[label]:,} files "
                  f"({len(projects[label, kind])} projects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
