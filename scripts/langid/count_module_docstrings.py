"""Count, on the training splits only, the 20-line windows that open with a Python module docstring (words on its first
line, and from round 18 also the quotes alone on it).

    python scripts/langid/count_module_docstrings.py [--index ...] [--files-per-language 4000] [--files-per-other-kind 500]

The evidence behind the classifier's module-docstring rule (`classifier._MODULE_DOCSTRING`, `docs/langid.md`, "How a
label is decided", step 4): the files training reads (`common.choose_training_files`, the same selection as
train.py) are cut into the evaluation's 20-line windows (from the start and from the middle, `common.eval_windows`),
and the windows each pattern matches (`classifier._MODULE_DOCSTRING`, `classifier._BARE_MODULE_DOCSTRING`) are counted
per true label (a language, or `other:<kind>`), with the projects they come from. Prints one line per pattern and label
with a match.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import count_window_matches  # noqa: E402

from codemix.langid.classifier import _BARE_MODULE_DOCSTRING, _MODULE_DOCSTRING  # noqa: E402

TESTS = {"opens with a module docstring": _MODULE_DOCSTRING.match,
         "opens with a bare module docstring": _BARE_MODULE_DOCSTRING.match}


def main(argv: list[str] | None = None) -> int:
    return count_window_matches(argv, __doc__.split("\n\n")[0], TESTS)


if __name__ == "__main__":
    sys.exit(main())
