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


class DefaultsHelpFormatter(argparse.HelpFormatter):
    """Help that states every option's default, unless the help text already says it or there is none
    (`None`, a flag's `False`)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or default is None
            or default is False
            or default is argparse.SUPPRESS
            or not (action.option_strings or action.nargs in (argparse.OPTIONAL, argparse.ZERO_OR_MORE))
        ):
            return text
        return f"{text} (default: %(default)s)" if text else "default: %(default)s"


class CodemixParser(argparse.ArgumentParser):
    """Every (sub)command's parser: help with defaults. Subparsers inherit the class, so nested commands too."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", DefaultsHelpFormatter)
        super().__init__(*args, **kwargs)


def make_parser() -> argparse.ArgumentParser:
    from codemix.cli import build, classify, inspect, laws, pair_preview

    parser = CodemixParser(prog="codemix", description="Build pre-training corpora for multilingual code LLMs.")
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
