"""The message catalogues are compiled at install and build time, never by the running app."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from learnapp import create_app, i18n
from tests.conftest import make_test_config

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_does_not_compile_catalogues(monkeypatch: Any, tmp_path: Path) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("create_app compiled the catalogues")

    monkeypatch.setattr(i18n, "compile_catalogs", refuse)
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'x.sqlite3'}"))
    assert app.name == "learnapp"


def test_the_app_warns_about_a_catalogue_older_than_its_po(
    monkeypatch: Any, tmp_path: Path, caplog: Any
) -> None:
    monkeypatch.setattr(
        i18n, "stale_catalogs", lambda: [i18n.TRANSLATIONS_DIR / "needs/sv/LC_MESSAGES/messages.po"]
    )
    with caplog.at_level("WARNING"):
        create_app(make_test_config(f"sqlite:///{tmp_path / 'x.sqlite3'}"))
    assert "make translations" in caplog.text and "needs" in caplog.text


def test_a_catalogue_is_stale_until_compiled(monkeypatch: Any, tmp_path: Path) -> None:
    part = tmp_path / "core" / "sv" / "LC_MESSAGES"
    part.mkdir(parents=True)
    shutil.copy(i18n.TRANSLATIONS_DIR / "core/sv/LC_MESSAGES/messages.po", part / "messages.po")
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    assert i18n.stale_catalogs() == [part / "messages.po"]
    assert i18n.compile_catalogs() == [part / "messages.po"]
    assert i18n.stale_catalogs() == [] and (part / "messages.mo").stat().st_size > 0


def test_the_package_build_carries_every_compiled_catalogue(tmp_path: Path) -> None:
    """pip builds and installs the package through setup.py's build_py, which compiles every
    .po (the .mo files are not in git). Run here on a copy without any .mo, offline."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "learnapp", source / "learnapp", ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    built = tmp_path / "lib"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(built)],
        cwd=source,
        check=True,
        capture_output=True,
    )
    pos = sorted(
        p.relative_to(ROOT).with_suffix(".mo").as_posix()
        for p in i18n.TRANSLATIONS_DIR.glob("*/*/LC_MESSAGES/messages.po")
    )
    assert len(pos) >= 10
    assert sorted(p.relative_to(built).as_posix() for p in built.rglob("*.mo")) == pos
