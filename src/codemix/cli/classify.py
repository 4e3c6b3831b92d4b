"""`codemix classify [--content-only] [--json] PATH...`: label files with their language.

One line per file; with `--json` a JSON object {"path", "language", "confidence", "evidence"}.
Directories are listed by the same walk a build's directory inputs use (`codemix.io.CodeFolder`: sorted,
the default excluded directories and symlinks skipped unless asked otherwise). Each file is read only up to
the classifier's byte cap, and results stream out batch by batch, so memory does not grow with the size of
the files (a batch of at most BATCH_FILES prefixes is held at once, beside the list of paths).
"""

from __future__ import annotations

import argparse
import json
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from datatrove.utils.batching import batched

from codemix.errors import EXIT_OK, EXIT_USAGE
from codemix.io import CodeFolder
from codemix.schemas.config import DEFAULT_EXCLUDED_DIRS
from codemix.langid.classifier import DEFAULT_MAX_BYTES, LanguageClassifier

# Files classified together: the content model shares its work across a batch; at most
# BATCH_FILES x (max bytes + 1) bytes are held at once.
BATCH_FILES = 64


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "classify",
        help="label files as python, java, javascript, typescript, csharp, go, rust or other",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (walked recursively)")
    parser.add_argument("--content-only", action="store_true", help="ignore file names: classify from the content")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help=f"bytes of each file looked at (default {DEFAULT_MAX_BYTES})"
    )
    parser.add_argument("--all-dirs", action="store_true",
                        help=f"also walk the directories builds skip by default ({', '.join(DEFAULT_EXCLUDED_DIRS)})")
    parser.add_argument("--follow-symlinks", action="store_true", help="follow symbolic links (default: skip them)")
    parser.set_defaults(func=run_classify)


def iter_files(root: Path, *, all_dirs: bool = False, follow_symlinks: bool = False) -> Iterator[tuple[Path, str | None]]:
    """(path, None) for a file or each file of a directory in sorted order; (path, why) for an entry that
    cannot be classified (a FIFO, socket or device; a directory that cannot be listed)."""
    if not root.is_dir():
        yield root, None
        return
    folder = CodeFolder(root, exclude_dirs=() if all_dirs else DEFAULT_EXCLUDED_DIRS, follow_symlinks=follow_symlinks)
    files = folder.list_files()
    for special in folder.special_files:
        yield root / special, "skipped: not a regular file"
    for problem in folder.unreadable:
        directory, _, why = problem.partition(": ")
        yield root / directory, f"cannot list directory: {why}"
    for relative in files:
        yield root / relative, None


def read_prefix(path: Path, max_bytes: int) -> bytes:
    """The first `max_bytes + 1` bytes: one more than the cap tells the classifier the file goes on."""
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


def run_classify(args: argparse.Namespace) -> int:
    if args.max_bytes < 256:
        print(f"codemix classify: --max-bytes must be at least 256, got {args.max_bytes}", file=sys.stderr)
        return EXIT_USAGE
    roots = [Path(p) for p in args.paths]
    missing = [str(root) for root in roots if not root.exists()]
    if missing:
        print(f"codemix classify: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    classifier = LanguageClassifier(max_bytes=args.max_bytes)
    problems = 0
    out = sys.stdout

    def readable_files() -> Iterator[tuple[Path, bytes]]:
        """(path, first bytes) of each regular file under the roots; the others are reported and counted."""
        nonlocal problems
        for root in roots:
            for path, problem in iter_files(root, all_dirs=args.all_dirs, follow_symlinks=args.follow_symlinks):
                try:
                    if problem is None and not stat.S_ISREG(path.stat().st_mode):
                        problem = "skipped: not a regular file"
                    if problem is None:
                        data = read_prefix(path, args.max_bytes)
                except OSError as error:
                    problem = f"cannot read: {error.strerror or error}"
                if problem is not None:
                    print(f"codemix classify: {path}: {problem}", file=sys.stderr)
                    problems += 1
                    continue
                yield path, data

    for batch in batched(readable_files(), BATCH_FILES):
        results = classifier.classify_batch([(data, None if args.content_only else str(path)) for path, data in batch])
        for (path, _data), result in zip(batch, results):
            if args.json:
                record = {"path": str(path), "language": result.language, "confidence": round(result.confidence, 4), "evidence": result.evidence}
                out.write(json.dumps(record) + "\n")
            else:
                out.write(f"{path}\t{result.language}\t{result.confidence:.3f}\t{result.evidence}\n")
    out.flush()
    if problems:
        print(f"codemix classify: {problems} path(s) could not be classified (see above)", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
