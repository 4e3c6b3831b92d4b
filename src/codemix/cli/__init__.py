"""The `codemix` command line: one module per subcommand, each with an `add_parser(subparsers)`.

    codemix build [CONFIG]        codemix.cli.build
    codemix inspect OUT           codemix.cli.inspect
    codemix classify PATH...      codemix.cli.classify
    codemix laws ... / mix ...    codemix.cli.laws
    codemix pair-preview A B      codemix.cli.pair_preview

Exit codes are `codemix.errors`'s, for every subcommand.
"""

from __future__ import annotations

import argparse
import sys

from codemix import __version__
from codemix.errors import EXIT_FAILURE, EXIT_INFEASIBLE, EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_FAILURE", "EXIT_INFEASIBLE", "EXIT_OK", "EXIT_USAGE", "main", "make_parser"]


def make_parser() -> argparse.ArgumentParser:
    from codemix.cli import build, classify, inspect, laws, pair_preview

    parser = argparse.ArgumentParser(prog="codemix", description="Build pre-training corpora for multilingual code LLMs.")
    parser.add_argument("--version", action="version", version=f"codemix {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in (build, inspect, classify, laws, pair_preview):
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
