"""Where the tests find their data.

- `fixtures_dir`: `tests/fixtures/`, real data whose licence lets it travel with the repository (see its README).
- `shared_dir`: `../shared/` beside the checkout (or the folder `CODEMIX_SHARED` names), for the few fixtures that
  must not be redistributed (the Chinchilla points, which carry no licence) and the paper's numbers. A test that
  needs it is skipped with a one-line reason when it is absent, so a fresh clone passes; with
  `CODEMIX_REQUIRE_SHARED=1` (CI, `.ci/run`) that skip is a failure instead, so CI never silently drops them.

With `CODEMIX_NO_SKIPS=1` (CI too, which installs every extra: torch, ray) any skipped test fails: a test that
skips for a missing optional dependency on a laptop must run in CI.
"""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("CODEMIX_SHARED") or REPO_ROOT.parent / "shared")
#: Every skip for a missing ../shared starts with this, so the hook below can recognise it.
SHARED_SKIP_REASON = "needs ../shared"


def require_shared() -> bool:
    return os.environ.get("CODEMIX_REQUIRE_SHARED", "") not in ("", "0")


def no_skips() -> bool:
    return os.environ.get("CODEMIX_NO_SKIPS", "") not in ("", "0")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED_SKIP_REASON} ({SHARED} is absent: unshippable fixtures live there)")
    return SHARED


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CODEMIX_REQUIRE_SHARED=1, a test skipped for a missing ../shared fails instead; with
    CODEMIX_NO_SKIPS=1, any skipped test does."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and not hasattr(report, "wasxfail"):
        reason = str(report.longrepr[2])
        if require_shared() and SHARED_SKIP_REASON in reason:
            report.outcome = "failed"
            report.longrepr = f"CODEMIX_REQUIRE_SHARED is set but the test was skipped: {reason}"
        elif no_skips():
            report.outcome = "failed"
            report.longrepr = f"CODEMIX_NO_SKIPS is set but the test was skipped: {reason}"
