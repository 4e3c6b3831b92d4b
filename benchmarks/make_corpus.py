"""Assemble benchmark corpora of real code from the registry corpus (never committed).

Usage: python benchmarks/make_corpus.py --registry /work/cache/registry-code --out /work/cache/bench-corpus \
           --sizes 0.5,1,2 [--seed 0]

The registry corpus (`scripts/registry_code/`: pinned PyPI, npm and Debian packages, every file indexed with its
project, licence and language) is cut into nested corpora of about the given sizes in GB: whole projects, in a
seeded order, so each corpus is a real mix of repositories and the smaller ones are prefixes of the larger. Each
corpus is written twice:

- `<out>/<size>GB/tree/<project>/<path>`: the files as a directory tree (hard links into the registry corpus);
- `<out>/<size>GB/rows/part-<k>.jsonl` (`--parts` files, every `--parts`-th file each, so about equal): one JSON
  object per file, `{"content", "path", "project"}` (`path` relative to the tree), the input both codemix and
  the stock datatrove reference pipeline read in the end-to-end benchmark (datatrove has no reader for raw
  files; both readers shard by file, so the parts keep every task busy);

and described by `<out>/<size>GB/manifest.jsonl` (one line per file: path, project, version, registry, licence,
bytes, sha1 of the indexed text) and `<out>/<size>GB/summary.json` (files and bytes per language and registry).
Same registry index and seed, same corpora.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections import defaultdict
from pathlib import Path


def load_index(registry: Path) -> dict[str, list[dict]]:
    projects: dict[str, list[dict]] = defaultdict(list)
    with open(registry / "index.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            projects[record["project"]].append(record)
    return projects


def project_root(records: list[dict], registry: Path) -> Path:
    """The unpacked folder of a project: `<registry>/src/<project>-<version>`."""
    first = Path(records[0]["path"])
    src = registry / "src"
    return src / first.relative_to(src).parts[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, default=Path("/work/cache/registry-code"))
    parser.add_argument("--out", type=Path, default=Path("/work/cache/bench-corpus"))
    parser.add_argument("--sizes", default="0.5,1,2", help="corpus sizes in GB (decimal), comma separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--parts", type=int, default=16, help="JSONL files the rows are split into")
    args = parser.parse_args()
    projects = load_index(args.registry)
    order = sorted(projects)
    random.Random(args.seed).shuffle(order)
    for size_gb in sorted(float(s) for s in args.sizes.split(",")):
        target = size_gb * 1e9
        corpus = args.out / f"{size_gb:g}GB"
        tree = corpus / "tree"
        total = 0
        chosen = []
        for project in order:
            if total >= target:
                break
            chosen.append(project)
            total += sum(r["bytes"] for r in projects[project])
        if total < target:
            raise SystemExit(f"the registry corpus holds {total / 1e9:.2f} GB, less than {size_gb} GB")
        summary: dict[str, dict] = {"files": 0, "bytes": 0, "projects": len(chosen), "by_language": {}, "by_registry": {}}
        (corpus / "rows").mkdir(parents=True, exist_ok=True)
        parts = [open(corpus / "rows" / f"part-{k:05d}.jsonl", "w", encoding="utf-8") for k in range(args.parts)]
        with open(corpus / "manifest.jsonl", "w", encoding="utf-8") as manifest:
            for project in chosen:
                records = sorted(projects[project], key=lambda r: r["path"])
                root = project_root(records, args.registry)
                for record in records:
                    source = Path(record["path"])
                    relative = Path(project) / source.relative_to(root)
                    target_path = tree / relative
                    if not target_path.exists():
                        target_path.parent.mkdir(parents=True, exist_ok=True)
                        os.link(source, target_path)
                    manifest.write(json.dumps({
                        "path": relative.as_posix(), "project": project, "version": record["version"],
                        "registry": record["registry"], "license": record["license"], "bytes": record["bytes"],
                        "sha1": record["sha1"], "language": record["language"],
                    }, sort_keys=True) + "\n")
                    text = source.read_bytes().decode("utf-8", errors="replace")
                    parts[summary["files"] % args.parts].write(json.dumps({"content": text, "path": relative.as_posix(), "project": project}) + "\n")
                    summary["files"] += 1
                    summary["bytes"] += record["bytes"]
                    for key, value in (("by_language", record["language"]), ("by_registry", record["registry"])):
                        entry = summary[key].setdefault(value, {"files": 0, "bytes": 0})
                        entry["files"] += 1
                        entry["bytes"] += record["bytes"]
        for handle in parts:
            handle.close()
        (corpus / "summary.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
        print(f"{corpus}: {summary['files']:,} files, {summary['bytes'] / 1e9:.3f} GB, {len(chosen)} projects")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
