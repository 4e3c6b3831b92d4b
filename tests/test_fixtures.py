"""Issue 12 (1): the README's test command passes on a fresh clone with nothing beside it. The fixtures whose licence
allows it are copies in tests/fixtures/ (each with its provenance and licence); a test that needs ../shared/ skips
with a one-line reason when it is absent, and CODEMIX_REQUIRE_SHARED=1 (CI) turns that skip into a failure."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import FIXTURES, REPO_ROOT

def test_every_copied_fixture_is_the_shared_one_byte_for_byte(shared_dir):
    """Every file of ../shared/fixtures/<name>/ that tests/fixtures/<name>/ holds is identical (the copies add
    only a README, checksums and the licence texts their PROVENANCE.md states)."""
    compared = set()
    for folder in sorted(p for p in FIXTURES.iterdir() if (shared_dir / "fixtures" / p.name).is_dir()):
        for original in sorted((shared_dir / "fixtures" / folder.name).iterdir()):
            copy = folder / original.name
            assert copy.is_file(), f"{copy} is missing"
            assert copy.read_bytes() == original.read_bytes(), copy
            compared.add(folder.name)
    assert compared == {"datablations", "exercism-multifile", "gadre-openlm", "humaneval-x"}


def test_every_copied_fixture_states_provenance_and_licence():
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "langid"):
        provenance = (folder / "PROVENANCE.md").read_text()
        assert "licence" in provenance.lower() or "license" in provenance.lower(), folder
        assert (folder / "LICENSE").is_file(), folder
    assert not (FIXTURES / "chinchilla").exists()  # no licence: never shipped


def _pytest(*tests: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", *tests],
                          cwd=REPO_ROOT, capture_output=True, text=True, env={**os.environ, **env})


def test_without_shared_the_tests_that_need_it_skip_and_ci_makes_that_a_failure(tmp_path):
    tests = ["tests/test_laws_paper.py::test_shipped_preset_is_the_shared_paper_json",
             "tests/test_pairing_split.py::test_programs_split_into_head_units_and_tail"]  # the second: tests/fixtures
    absent = {"CODEMIX_SHARED": str(tmp_path / "no-shared"), "CODEMIX_REQUIRE_SHARED": "", "CODEMIX_NO_SKIPS": ""}
    result = _pytest(*tests, env=absent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 skipped" in result.stdout
    assert f"needs ../shared ({tmp_path / 'no-shared'} is absent" in result.stdout
    result = _pytest(*tests, env={**absent, "CODEMIX_REQUIRE_SHARED": "1"})
    assert result.returncode == 1 and "CODEMIX_REQUIRE_SHARED is set but the test was skipped" in result.stdout
    assert "1 passed, 1 error" in result.stdout
    # CI also sets CODEMIX_NO_SKIPS: any skip, for whatever reason, fails there
    result = _pytest(*tests, env={**absent, "CODEMIX_NO_SKIPS": "1"})
    assert result.returncode == 1 and "CODEMIX_NO_SKIPS is set but the test was skipped" in result.stdout


def test_no_test_reads_from_shared_what_tests_fixtures_holds():
    """A test that reads a copied fixture from ../shared would skip on a fresh clone for nothing."""
    import re

    pattern = re.compile(r'(?:shared_dir|SHARED)\s*/\s*"fixtures(?:"\s*/\s*"|/)([^"/]+)')
    copied = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    offenders = [f"{path.name}: {name}" for path in sorted((REPO_ROOT / "tests").glob("*.py"))
                 for name in pattern.findall(path.read_text()) if name in copied]
    assert not offenders, f"read these from fixtures_dir (tests/fixtures/): {offenders}"
