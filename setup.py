"""Build step: the hotlines of ``menus/`` ship inside the package as ``ivr/hotlines/<id>/``
(``ivr route mts`` after ``pip install``), copied at build time so that the menus are kept in
one place. Everything else is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MENUS = Path(__file__).resolve().parent / "menus"
SHIPPED = ("*.yaml", "*.yml", "ivr.lock.json")


class BuildPy(build_py):
    """build_py, plus ``menus/<id>/<file>`` copied to ``<build>/ivr/hotlines/<id>/<file>``."""

    def run(self) -> None:
        super().run()
        if not MENUS.is_dir():  # a build from an sdist without them: nothing to ship
            return
        for folder in sorted(p for p in MENUS.iterdir() if p.is_dir()):
            for pattern in SHIPPED:
                for file in sorted(folder.glob(pattern)):
                    target = Path(self.build_lib, "ivr", "hotlines", folder.name, file.name)
                    self.mkpath(str(target.parent))
                    self.copy_file(str(file), str(target))


setup(cmdclass={"build_py": BuildPy})
