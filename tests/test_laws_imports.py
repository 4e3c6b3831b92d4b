"""codemix.laws depends on numpy/scipy/stdlib and codemix.schemas only, never on the pipeline."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def test_laws_does_not_import_the_pipeline():
    code = (
        "import sys\n"
        "import codemix.cli.laws, codemix.laws.mixture, codemix.laws.fitruns, codemix.laws.design\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('codemix.pipeline', 'datatrove', 'matplotlib', 'cvxpy')))\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
