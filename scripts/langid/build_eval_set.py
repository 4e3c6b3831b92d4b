"""Choose the langid evaluation set from the `eval` split of the registry-code index.

    /work/venv/bin/python scripts/langid/build_eval_set.py [--index ...] [--out /work/cache/langid-eval]

Deterministic (seeded round-robin over projects, see `common.sample_rows`). Writes
`manifest.jsonl` (one line per chosen file: path, sha256, label, language, project, registry, bytes)
and `summary.json` (files and projects per language, files skipped and why). TypeScript declaration
files (`.d.ts`) are left out: they are all types and would make TypeScript look easier than it is.
Files that are not UTF-8 text, or are empty, are skipped and counted: bad input has its own tests.
Training and evaluation projects are disjoint by the index's split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from common import DEFAULT_INDEX, read_index, read_text, sample_rows  # noqa: E402

from codemix import OTHER, TARGET_LANGUAGES  # noqa: E402

DEFAULT_OUT = Path("/work/cache/langid-eval")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--files-per-language", type=int, default=400)
    parser.add_argument("--files-per-project", type=int, default=200)
    parser.add_argument("--files-per-other-kind", type=int, default=60)
    parser.add_argument("--other-files", type=int, default=1000)
    args = parser.parse_args(argv)

    rows = [row for row in read_index(args.index) if row.split == "eval" and not row.declaration]
    # contested kinds are left out, and counted
    contested = [row for row in rows if row.contested]
    rows = [row for row in rows if not row.contested]
    train_projects = {row.project for row in read_index(args.index) if row.split == "train"}
    overlap = train_projects & {row.project for row in rows}
    if overlap:
        raise SystemExit(f"{args.index}: projects in both splits: {sorted(overlap)[:5]}")

    skipped: Counter[str] = Counter()

    def usable(candidates):
        kept = []
        for row in candidates:
            text = read_text(row.path)
            if text is None:
                skipped["not_utf8_text_or_unreadable"] += 1
            elif not text.strip():
                skipped["empty"] += 1
            else:
                kept.append(row)
        return kept

    # Over-sample, then drop unusable files, then cut to the target count (keeps the choice seeded).
    targets = [row for row in rows if row.label != OTHER]
    chosen = sample_rows(targets, per_label=args.files_per_language * 2, per_project=args.files_per_project, seed=args.seed)
    selection = []
    for language in TARGET_LANGUAGES:
        selection += usable(chosen.get(language, []))[: args.files_per_language]
    others = [row for row in rows if row.label == OTHER]
    by_kind = sample_rows(
        others, per_label=args.files_per_other_kind * 2, per_project=args.files_per_project, seed=args.seed,
        group_key=lambda row: row.other_kind,
    )
    # Round-robin over kinds so a cap on the total never cuts whole kinds (the alphabetically last ones).
    per_kind = [usable(by_kind[kind])[: args.files_per_other_kind] for kind in sorted(by_kind)]
    other_rows = []
    for position in range(max((len(files) for files in per_kind), default=0)):
        other_rows += [files[position] for files in per_kind if position < len(files)]
    selection += other_rows[: args.other_files]

    args.out.mkdir(parents=True, exist_ok=True)
    composition: dict[str, dict] = defaultdict(lambda: {"files": 0, "projects": set(), "bytes": 0})
    with (args.out / "manifest.jsonl").open("w", encoding="utf-8") as handle:
        for row in selection:
            data = row.path.read_bytes()
            handle.write(
                json.dumps(
                    {
                        "path": str(row.path),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "label": row.label,
                        "language": row.language,
                        "project": row.project,
                        "registry": row.registry,
                        "bytes": len(data),
                    }
                )
                + "\n"
            )
            key = row.language if row.label == OTHER else row.label
            composition[key]["files"] += 1
            composition[key]["projects"].add(row.project)
            composition[key]["bytes"] += len(data)
    summary = {
        "index": str(args.index),
        "index_sha256": hashlib.sha256(args.index.read_bytes()).hexdigest(),
        "seed": args.seed,
        "files": len(selection),
        "skipped": dict(skipped),
        "excluded_contested_other_files": len(contested),
        "composition": {
            key: {"files": value["files"], "projects": len(value["projects"]), "bytes": value["bytes"]}
            for key, value in sorted(composition.items())
        },
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    short = [
        language
        for language in TARGET_LANGUAGES
        if summary["composition"].get(language, {}).get("files", 0) < 300
        or summary["composition"].get(language, {}).get("projects", 0) < 3
    ]
    if short:
        print(f"warning: fewer than 300 files or 3 projects for {short}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
