"""Count, on the training splits only, the 20-line windows whose code holds a CommonJS `require` call or export, or an
AMD module definition.

    python scripts/langid/count_commonjs.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]

The evidence behind the classifier's CommonJS and AMD rules (`classifier._COMMONJS`, `LanguageClassifier.COMMONJS`;
`classifier._AMD_MODULE`, `LanguageClassifier.AMD_MODULE`; `docs/langid.md`, "How a label is decided"): the files
training reads (`common.choose_training_files`) are cut into the evaluation's 20-line windows
(`common.training_windows`), and each window's code without its comments (`classifier.strip_comments`, as the rules
read it) is searched; counted per true label (a language, or `other:<kind>`), with the projects they come from.
Prints one line per label and search with a match.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import count_window_matches  # noqa: E402

from codemix.langid.classifier import _AMD_MODULE, _COMMONJS, strip_comments  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    # the code without its comments, as the rule reads it
    tests = {"a CommonJS require or export": lambda window: _COMMONJS.search(strip_comments(window)),
             "an AMD module definition": lambda window: _AMD_MODULE.search(strip_comments(window))}
    return count_window_matches(argv, __doc__.split("\n\n")[0], tests)


if __name__ == "__main__":
    sys.exit(main())
