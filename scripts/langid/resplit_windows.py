"""Re-run an evaluated set's 20-line windows with the classifier it was evaluated with, and split the labels by code.

    python scripts/langid/resplit_windows.py --set fresh23 [--set fresh22 ...] [--root /work/cache/langid]

`benchmarks/bench_classify.py` reports the windows' labels again over the windows with code and over those of comments
only from round 26 on. For a set evaluated before, this script reads the commit of the set's first evaluation (its
`evaluations.jsonl`), checks that commit out into a temporary git worktree, and classifies the set's windows there
(that commit's `bench_classify.content_cases` and `LanguageClassifier`, in a child process): the labels are the ones
the set was evaluated with. The split is this checkout's `has_code`, the same for every set. It prints one Markdown
table row per set (windows and `other` kept out: all, with code, comments only; the comments-only share) and refuses a
set whose overall windows accuracy does not reproduce its evaluation's (`--expect SET=PERCENT`, optional).
No errors are printed: counts only, as for a report-only set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from codemix import OTHER  # noqa: E402
from codemix.langid.classifier import has_code  # noqa: E402

DEFAULT_ROOT = Path("/work/cache/langid")

# Run by the worktree's Python path: prints (truth, label, window text) of each window as one JSON list.
_CHILD = """
import json, sys
from pathlib import Path
worktree, directory = sys.argv[1], Path(sys.argv[2])
sys.path[:0] = [worktree + "/benchmarks", worktree + "/scripts/langid", worktree + "/src"]
from bench_classify import content_cases, load_eval_set
from codemix.langid import LanguageClassifier
import codemix
assert codemix.__file__.startswith(worktree), codemix.__file__
_files, windows = content_cases(load_eval_set(directory / "manifest.jsonl"))
classifier = LanguageClassifier()
labels = []
for start in range(0, len(windows), 256):
    labels += classifier.classify_batch([(data, None) for _truth, data, _path in windows[start:start + 256]])
json.dump([[truth, result.language, data if isinstance(data, str) else data.decode("utf-8")]
           for (truth, data, _path), result in zip(windows, labels)], sys.stdout)
"""


def evaluated_commit(directory: Path) -> str:
    """The commit of the set's first evaluation."""
    log = directory / "evaluations.jsonl"
    if not log.exists():
        raise SystemExit(f"{directory}: no evaluations.jsonl, the set was never evaluated")
    return json.loads(log.read_text(encoding="utf-8").splitlines()[0])["commit"]


def labels_at(commit: str, directory: Path) -> list[tuple[str, str, str]]:
    """(truth, label, window text) of each window of the set in `directory`, classified at `commit`."""
    with tempfile.TemporaryDirectory(prefix="resplit-") as scratch:
        worktree = str(Path(scratch) / "worktree")
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", worktree, commit], cwd=REPO, check=True)
        try:
            child = subprocess.run([sys.executable, "-W", "ignore", "-c", _CHILD, worktree, str(directory)],
                                   capture_output=True, text=True, check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", worktree], cwd=REPO, check=True)
    return [tuple(row) for row in json.loads(child.stdout)]


def split_counts(rows: list[tuple[str, str, str]]) -> dict[str, tuple[int, int, int, int]]:
    """Per slice (all, code, comments): windows, right, `other` windows, `other` windows kept out."""
    counts = {}
    for name, wanted in (("all", None), ("code", True), ("comments", False)):
        chosen = [(truth, label) for truth, label, text in rows if wanted is None or has_code(text) is wanted]
        others = [label for truth, label in chosen if truth == OTHER]
        counts[name] = (len(chosen), sum(truth == label for truth, label in chosen), len(others),
                        sum(label == OTHER for label in others))
    return counts


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}" if whole else "n/a"


def table_row(set_name: str, counts: dict[str, tuple[int, int, int, int]]) -> str:
    cells = [set_name]
    for name in ("all", "code", "comments"):
        windows, right, others, kept_out = counts[name]
        cells += [percent(right, windows), percent(kept_out, others)]
    cells.append(percent(counts["comments"][0], counts["all"][0]))
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", required=True, dest="sets")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--expect", action="append", default=[], help="SET=PERCENT: the windows accuracy evaluated")
    args = parser.parse_args(argv)
    expected = {name: float(value) for name, value in (item.split("=", 1) for item in args.expect)}
    print("| set | windows | `other` kept out | with code: windows | `other` kept out | comments only: windows "
          "| `other` kept out | comments-only share |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for set_name in args.sets:
        directory = args.root / set_name
        counts = split_counts(labels_at(evaluated_commit(directory), directory))
        windows, right, _others, _kept_out = counts["all"]
        if set_name in expected and abs(100 * right / windows - expected[set_name]) > 0.005:
            raise SystemExit(f"{set_name}: windows {100 * right / windows:.2f}% at its evaluated commit, "
                             f"not the {expected[set_name]:.2f}% evaluated")
        print(table_row(set_name, counts), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
