"""Exit codes of every `codemix` command, and the errors that map onto them."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # an unexpected failure: a bug, or the environment (the message says which)
EXIT_USAGE = 2  # bad usage, config, input or output: the message names what and where
EXIT_INFEASIBLE = 3  # the plan cannot be met (e.g. the budget needs more repetition than allowed)


class UsageError(Exception):
    """Something the user can fix: the message is one or more sentences naming what and where (exit 2)."""


class InputError(UsageError):
    """An input cannot be used as configured (e.g. a declared column it does not have)."""


class EmptyCorpusError(InputError):
    """No document of the configured languages survived: the message lists why, by drop reason and input."""


class OutputError(UsageError):
    """The output folder cannot be written (it is a file, or not writable)."""
