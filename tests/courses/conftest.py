"""Course folders built in tmp_path, and helpers to sync them and count queries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from learnapp.courses.services import SyncReport, sync_courses
from learnapp.extensions import db

COURSE_MD = """\
---
title: Testkurs
version: 1
summary: En kurs för tester.
language: sv
minutes: 10
areas: [grunder, rutin]
pass_mark: 0.8
validity_months: 12
audience: Alla medarbetare
---
Introduktion. [Börja här](01-forsta.md)
"""

LESSON_1 = """\
---
title: Första lektionen
---
## Rubrik

Text med en [länk till nästa](02-andra.md) och en bild:

![En blå fyrkant](bild.png)
"""

LESSON_2 = """\
---
title: Andra lektionen
---
Tillbaka till [första](01-forsta.md).
"""

QUIZ = """\
$CATEGORY: testkurs

::Fråga::Är det här ett test? {T#Fel.#Rätt.}
"""

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def files(changes: dict[str, str | bytes | None] | None = None) -> dict[str, str | bytes | None]:
    """The files of the valid test course, with `changes` by file name (None removes a file)."""
    base: dict[str, str | bytes | None] = {
        "course.md": COURSE_MD,
        "01-forsta.md": LESSON_1,
        "02-andra.md": LESSON_2,
        "quiz.gift": QUIZ,
        "bild.png": PNG,
    }
    base.update(changes or {})
    return base


def write_course(root: Path, slug: str, content: dict[str, str | bytes | None]) -> Path:
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in content.items():
        path = folder / name
        if value is None:
            path.unlink(missing_ok=True)
        elif isinstance(value, bytes):
            path.write_bytes(value)
        else:
            path.write_text(value, encoding="utf-8")
    return folder


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "courses"
    path.mkdir()
    return path


@pytest.fixture
def make_course(root: Path) -> Callable[..., Path]:
    """Write (or change) a course folder: make_course("slug", {"course.md": ..., "03-ny.md": ...})."""

    def make(slug: str = "testkurs", changes: dict[str, str | bytes | None] | None = None) -> Path:
        return write_course(root, slug, files(changes))

    return make


@pytest.fixture
def sync(app: Any, root: Path) -> Callable[[], SyncReport]:
    """Sync the tmp courses folder and commit, as `flask courses sync` does."""

    def run() -> SyncReport:
        report = sync_courses(root)
        assert report.ok, [str(e) for e in report.errors]
        db.session.commit()
        return report

    return run


@pytest.fixture
def courses_app(app: Any, root: Path) -> Any:
    app.config["COURSES_DIR"] = str(root)
    return app
