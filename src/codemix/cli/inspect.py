"""`codemix inspect OUT [--verify] [--json]`: splits, shards, rows and tokens, mixture against the plan in the
worst window, and (with --verify) every file against the manifest. Exit 0 when nothing is wrong, 1 when
--verify finds a problem (a missing, altered, truncated or extra file), 2 for bad usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from codemix.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("inspect", help="report on a build's output; --verify checks it against its manifest",
                                   description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="a build's output directory or fsspec URL (holding manifest.json)")
    parser.add_argument("--verify", action="store_true", help="check every file's presence, sha256 and rows")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from codemix.pipeline.inspect import inspect_output

    from codemix.io import is_url

    output = args.output
    if not is_url(output) and not Path(output).is_dir():
        print(f"codemix inspect: {output}: not a directory", file=sys.stderr)
        return EXIT_USAGE
    result = inspect_output(output, verify=args.verify)
    if args.json:
        print(json.dumps({**result.report, "problems": result.problems}, indent=2))
    else:
        for name, split in result.report.get("splits", {}).items():
            print(f"{name}: {split['shards']} shard(s), {split['rows']:,} rows"
                  + (f", {split['tokens']:,} tokens" if split.get("tokens") is not None else ""))
        if result.report.get("components"):
            print(f"\n{'component':<12}{'rows':>10}{'tokens':>14}{'planned':>9}{'achieved':>10}"
                  f"{'worst 1% window':>17}{'worst shard':>13}")
            for name, comp in result.report["components"].items():
                print(f"{name:<12}{comp['rows']:>10,}{comp['tokens']:>14,}{comp['planned_share']:>9.2%}"
                      f"{comp['achieved_share']:>10.2%}{comp['worst_window_excess_pp']:>15.2f}pp"
                      f"{comp['worst_shard_excess_pp']:>11.2f}pp")
            print(f"\nwindows of {result.report['window_tokens']:,} tokens; the excess is the deviation from the "
                  "planned share beyond the component's largest document")
        for problem in result.problems:
            print(f"problem: {problem}", file=sys.stderr)
        if args.verify and not result.problems:
            print("verify: every file matches the manifest")
    return EXIT_FAILURE if result.problems else EXIT_OK
