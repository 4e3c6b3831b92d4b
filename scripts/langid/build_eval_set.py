"""Choose a langid evaluation set (dev to dev27, test or fresh27) from the registry-code index, with
its snippets.

    python scripts/langid/build_eval_set.py --set dev|dev2|...|dev27|test|fresh27 [--index ...] [--out /work/cache/langid/<set>]

Twenty-nine disjoint project sets (`common.EVAL_SETS`): *dev* is the index's `eval` split (read
while tuning the earlier models), *dev2* its `fresh` split (round 3's fresh set, evaluated once as a final
check and so burned), *dev3* its `fresh2` split (round 4's fresh set, likewise), *dev4* its `fresh3` split (round 5's
fresh set, likewise), *dev5* its `fresh4` split (round 6's fresh set, likewise), *dev6* its `fresh5` split (round
7's fresh set, likewise), *dev7* its `fresh6` split (round 8's fresh set, likewise), *dev8* its `fresh7` split
(round 9's fresh set, likewise), *dev9* its `fresh8` split (round 10's fresh set, likewise), *dev10* its `fresh9`
split (round 11's fresh set, likewise), *dev11* its `fresh10` split (round 12's fresh set, likewise), *dev12* its
`fresh11` split (round 13's fresh set, likewise), *dev13* its `fresh12` split (round 14's fresh set, likewise),
*dev14* its `fresh13` split (round 15's fresh set, likewise), *dev15* its `fresh14` split (round 16's fresh set,
likewise), *dev16* its `fresh15` split (round 17's fresh set, likewise), *dev17* its `fresh16` split (round
18's fresh set, likewise), *dev18* its `fresh17` split (round 19's fresh set, likewise), *dev19* its `fresh18`
split (round 20's fresh set, likewise), *dev20* its `fresh19` split (round 21's fresh set, likewise), *dev21* its
`fresh20` split (round 22's fresh set, likewise), *dev22* its `fresh21` split (round 23's fresh set, likewise),
*dev23* its `fresh22` split (round 24's fresh set, likewise), *dev24* its `fresh23` split (round 25's fresh set,
likewise), *dev25* its `fresh24` split (round 26's fresh set, likewise), *dev26* its `fresh25` split (round 27's
fresh set, likewise) and *dev27* its `fresh26` split (round 28's fresh set, likewise):
thresholds and
overrules are tuned on these only; from round 8 the model trains on dev to dev5's splits (`common.TRAINING_SPLITS`),
leaving dev6 to dev27 to tune on. *test* is the `test` split (reported on only: the tooling never prints its errors),
*fresh27* the `fresh27` split (projects fetched for round 29 before its classifier was frozen, evaluated only once it
is, reported beside test to show whether test was overfitted).

Deterministic (seeded round-robin over projects, see `common.sample_rows`). Writes to `--out`:

- `manifest.jsonl`: one line per chosen file (path, sha256, label, language, project, registry, bytes);
- `snippets.jsonl`: function, method and class definitions of 5 to 30 lines cut with tree-sitter from the
  chosen files of the seven languages (dedented, as a piece of code is pasted), plus line windows of 5 to 30
  lines from the chosen `other` files; each with its file's sha256, label and project;
- `summary.json`: files, projects and snippets per language, files skipped and why.

TypeScript declaration files (`.d.ts`) and the contested `other` kinds are left out; files that are not
UTF-8 text, or are empty, are skipped and counted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import (  # noqa: E402
    DEFAULT_INDEX,
    EVAL_SETS,
    SNIPPET_MAX_LINES,
    SNIPPET_MIN_LINES,
    IndexRow,
    definition_snippets,
    read_index,
    read_text,
    sample_rows,
)

from codemix import OTHER, TARGET_LANGUAGES  # noqa: E402

DEFAULT_OUT = Path("/work/cache/langid")
SNIPPETS_PER_FILE = 3


def other_windows(text: str, rng: random.Random, count: int) -> list[str]:
    """`count` windows of 5 to 30 lines at seeded positions of an `other` file (its snippets)."""
    lines = text.splitlines(keepends=True)
    windows = []
    for _ in range(count):
        length = rng.randint(SNIPPET_MIN_LINES, SNIPPET_MAX_LINES)
        start = rng.randrange(0, max(1, len(lines) - length + 1))
        window = "".join(lines[start : start + length])
        if window.strip():
            windows.append(window)
    return windows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(EVAL_SETS), required=True)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--out", type=Path, default=None, help=f"default {DEFAULT_OUT}/<set>")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--files-per-language", type=int, default=400)
    parser.add_argument("--files-per-project", type=int, default=150)
    parser.add_argument("--files-per-other-kind", type=int, default=60)
    parser.add_argument("--other-files", type=int, default=1000)
    parser.add_argument("--snippets-per-language", type=int, default=500)
    parser.add_argument("--other-snippets", type=int, default=1000)
    args = parser.parse_args(argv)
    split = EVAL_SETS[args.set]
    out = args.out or DEFAULT_OUT / args.set

    index = read_index(args.index)
    rows = [row for row in index if row.split == split and not row.declaration]
    contested = [row for row in rows if row.contested]
    rows = [row for row in rows if not row.contested]
    elsewhere = {row.project for row in index if row.split != split}
    overlap = elsewhere & {row.project for row in rows}
    if overlap:
        raise SystemExit(f"{args.index}: projects in split {split!r} and another: {sorted(overlap)[:5]}")

    skipped: Counter[str] = Counter()
    texts: dict[Path, str] = {}

    def usable(candidates: list[IndexRow]) -> list[IndexRow]:
        kept = []
        for row in candidates:
            text = read_text(row.path)
            if text is None:
                skipped["not_utf8_text_or_unreadable"] += 1
            elif not text.strip():
                skipped["empty"] += 1
            else:
                texts[row.path] = text
                kept.append(row)
        return kept

    # Over-sample, then drop unusable files, then cut to the target count (keeps the choice seeded).
    targets = [row for row in rows if row.label != OTHER]
    chosen = sample_rows(targets, per_label=args.files_per_language * 2, per_project=args.files_per_project, seed=args.seed)
    selection: list[IndexRow] = []
    for language in TARGET_LANGUAGES:
        selection += usable(chosen.get(language, []))[: args.files_per_language]
    others = [row for row in rows if row.label == OTHER]
    by_kind = sample_rows(others, per_label=args.files_per_other_kind * 2, per_project=args.files_per_project,
                          seed=args.seed, group_key=lambda row: row.other_kind)
    # Round-robin over kinds so a cap on the total never cuts whole kinds (the alphabetically last ones).
    per_kind = [usable(by_kind[kind])[: args.files_per_other_kind] for kind in sorted(by_kind)]
    other_rows = []
    for position in range(max((len(files) for files in per_kind), default=0)):
        other_rows += [files[position] for files in per_kind if position < len(files)]
    selection += other_rows[: args.other_files]

    out.mkdir(parents=True, exist_ok=True)
    composition: dict[str, dict] = defaultdict(lambda: {"files": 0, "projects": set(), "bytes": 0, "snippets": 0})
    records = []
    for row in selection:
        data = row.path.read_bytes()
        records.append({"path": str(row.path), "sha256": hashlib.sha256(data).hexdigest(), "label": row.label,
                        "language": row.language, "project": row.project, "registry": row.registry, "bytes": len(data)})
        key = row.language if row.label == OTHER else row.label
        composition[key]["files"] += 1
        composition[key]["projects"].add(row.project)
        composition[key]["bytes"] += len(data)
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in records)

    # Snippets: seeded, at most SNIPPETS_PER_FILE per file, round-robin over each language's files.
    snippet_records = []
    for language in (*TARGET_LANGUAGES, OTHER):
        rng = random.Random(f"{args.seed}:snippets:{language}")
        cap = args.other_snippets if language == OTHER else args.snippets_per_language
        per_file = []
        for record, row in zip(records, selection):
            if row.label != language:
                continue
            text = texts[row.path]
            if language == OTHER:
                pieces = other_windows(text, rng, 1)
            else:
                pieces = definition_snippets(text, language)
                rng.shuffle(pieces)
            per_file.append([(record, piece) for piece in pieces[:SNIPPETS_PER_FILE]])
        picked = []
        for position in range(SNIPPETS_PER_FILE):
            picked += [pieces[position] for pieces in per_file if position < len(pieces)]
        for record, piece in picked[:cap]:
            snippet_records.append({"sha256": record["sha256"], "label": record["label"], "language": record["language"],
                                    "project": record["project"], "text": piece})
            composition[record["language"] if language == OTHER else language]["snippets"] += 1
    with (out / "snippets.jsonl").open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in snippet_records)

    summary = {
        "set": args.set,
        "split": split,
        "index": str(args.index),
        "index_sha256": hashlib.sha256(args.index.read_bytes()).hexdigest(),
        "seed": args.seed,
        "files": len(selection),
        "snippets": len(snippet_records),
        "skipped": dict(skipped),
        "excluded_contested_other_files": len(contested),
        "composition": {
            key: {"files": value["files"], "projects": len(value["projects"]), "bytes": value["bytes"],
                  "snippets": value["snippets"]}
            for key, value in sorted(composition.items())
        },
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    # Counts only: what a set holds, never how a classifier does on it.
    print(json.dumps({key: summary[key] for key in ("set", "split", "files", "snippets", "skipped")}))
    short = [language for language in TARGET_LANGUAGES
             if summary["composition"].get(language, {}).get("files", 0) < 300
             or summary["composition"].get(language, {}).get("projects", 0) < 3]
    if short:
        print(f"warning: fewer than 300 files or 3 projects for {short}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
