from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# ../shared/ beside the checkout holds fixtures that must not ship in the repo (see its README.md).
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared fixtures folder {SHARED} is missing: it lives beside the checkout")
    return SHARED
