"""`python -m codemix.cli`: the `codemix` command."""

import sys

from codemix.cli import main

sys.exit(main())
