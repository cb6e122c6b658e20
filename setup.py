"""Compiles the message catalogues (.po to .mo) when the package is built or installed.

The configuration is in pyproject.toml; this file only adds that step to `build_py`, which pip
runs for a wheel and for an install in place (`pip install -e .`). The .mo files are written next
to their .po (they are not in git), so an install in place serves Swedish too. `make
translations` and `flask translate compile` do the same by hand after a catalogue changes.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def compile_catalogues() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted((HERE / "learnapp" / "translations").glob("*/*/LC_MESSAGES/messages.po")):
        with po.open("rb") as source:
            catalog = read_po(source)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        compile_catalogues()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
