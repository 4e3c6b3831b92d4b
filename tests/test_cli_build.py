"""Issue 12 (9): the command line as a new user meets it. Help states defaults; `--quiet` prints nothing but
warnings; an installed wheel builds its own demo with a bare `codemix build`. (One progress line per stage on the
console: tests/test_output.py.)"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import zipfile

from build_helpers import REPO, config_file, run_codemix
from codemix.cli import make_parser


def _parsers(parser: argparse.ArgumentParser, name: str = "codemix"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_help_of_every_command_states_each_default():
    checked = 0
    for name, parser in _parsers(make_parser()):
        text = " ".join(parser.format_help().split())
        for action in parser._actions:
            if not action.help or action.default in (None, False, argparse.SUPPRESS) or not action.option_strings:
                continue
            assert "default" in action.help or f"(default: {action.default})" in text, (name, action.dest)
            checked += 1
    assert checked >= 8
    build = next(p for n, p in _parsers(make_parser()) if n == "codemix build")
    text = " ".join(build.format_help().split())
    for option in ("--output", "--dry-run", "--sample", "--report", "--quiet"):
        action = next(a for a in build._actions if option in a.option_strings)
        assert "(default: " in action.help, option  # what happens without the option


def test_quiet_prints_nothing_but_warnings(tmp_path):
    config = config_file(tmp_path, output=tmp_path / "out")
    (tmp_path / "corpus" / "py" / "p0.py").write_bytes(b"\x00\x01binary")  # a drop: still no output
    result = run_codemix("build", str(config), "--dry-run", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert (tmp_path / "out" / "plan.json").is_file()


def test_an_installed_wheel_builds_its_own_demo_with_a_bare_codemix_build(tmp_path):
    """The wheel carries the demo config and corpus (setup.py); built from an empty folder, into ./out/demo."""
    source = tmp_path / "source"
    for name in ("src", "configs", "examples"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                    "-w", str(tmp_path / "dist"), str(source)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("codemix-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "codemix/demo/configs/demo.yaml" in names
    corpus = sorted(p.relative_to(REPO / "examples").as_posix() for p in (REPO / "examples" / "corpus").rglob("*")
                    if p.is_file())
    assert sorted(n.removeprefix("codemix/demo/examples/") for n in names if "/demo/examples/" in n) == corpus
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    run = ("import sys; sys.path.insert(0, sys.argv[1]); import codemix.cli as cli; "
           "assert cli.__file__.startswith(sys.argv[1]), cli.__file__; "
           "sys.exit(cli.main(['build', '--dry-run', '--quiet']))")
    result = subprocess.run([sys.executable, "-c", run, str(site)], cwd=empty, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    plan = json.loads((empty / "out" / "demo" / "plan.json").read_text())
    assert {"python", "java", "rust"} <= set(plan["components"]) and plan["components"]["python"]["docs"] >= 24
    assert not list(site.rglob("out"))  # nothing written into the installed package
