"""Everything about the package is in pyproject.toml; this only adds the demo to the wheel.

`codemix build` with no config builds the demo. In a checkout that is `configs/demo.yaml` over `examples/corpus`;
an installed wheel has no checkout, so the build copies both into the package as `codemix/demo/configs/demo.yaml`
and `codemix/demo/examples/corpus/` (same relative layout, so the config's relative paths hold there too).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithDemo(build_py):
    def run(self) -> None:
        super().run()
        demo = Path(self.build_lib) / "codemix" / "demo"
        (demo / "configs").mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "configs" / "demo.yaml", demo / "configs" / "demo.yaml")
        shutil.copytree(ROOT / "examples" / "corpus", demo / "examples" / "corpus", dirs_exist_ok=True, symlinks=True)


setup(cmdclass={"build_py": BuildPyWithDemo})
