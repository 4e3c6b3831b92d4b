"""Exit codes of every `codemix` command, and the errors that map onto them."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # an unexpected failure: a bug, or the environment (the message says which)
EXIT_USAGE = 2  # bad usage, config or input: the message names what and where
EXIT_INFEASIBLE = 3  # the plan cannot be met (e.g. the budget needs more repetition than allowed)


class UsageError(Exception):
    """A request codemix cannot carry out as asked (the message says why and what to do instead): exit 2."""
