"""Count, on the training splits only, the files and 20-line windows that hold a `'use strict'` directive line.

    python scripts/langid/count_use_strict.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]

The evidence behind the classifier's use-strict rule (`classifier._USE_STRICT`, `docs/langid.md`, "How a label is
decided"): every file of the splits the content model trains on (`common.training_texts`: no `.d.ts`, no contested
`other` kinds) is searched in its first 16 KiB (what the model reads), and the files training reads
(`common.choose_training_files`) are cut into the evaluation's 20-line windows (`common.training_windows`), which are
searched too; both are counted per true label (a language, or `other:<kind>`), with the projects they come from.
Prints one line per label with a match.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import add_training_selection_arguments, print_matches, training_texts, training_windows  # noqa: E402

from codemix.langid.classifier import _USE_STRICT  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_training_selection_arguments(parser)
    args = parser.parse_args(argv)
    name = "a use-strict directive"
    # a file's first 16 KiB, what the model reads; a window whole
    print_matches(training_texts(args.index), {name: lambda text: _USE_STRICT.search(text[:16384])}, unit="files")
    print_matches(training_windows(args), {name: _USE_STRICT.search}, unit="windows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
