"""A wheel ships every subpackage: setuptools' find_packages skips folders without __init__.py."""

from pathlib import Path

from setuptools import find_packages

SRC = Path(__file__).resolve().parent.parent / "src"


def test_every_code_folder_is_a_package_the_wheel_finds():
    found = set(find_packages(where=str(SRC)))
    for folder in (SRC / "codemix").rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py")):
            name = ".".join(folder.relative_to(SRC).parts)
            assert name in found, f"{folder} has Python modules but no __init__.py: a wheel would leave it out"
