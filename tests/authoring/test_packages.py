"""Course packages: export as a zip in the courses/<slug>/ format, import as a new course, and
every kind of bad package refused with nothing written."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.courses.models import Course, Lesson
from learnapp.extensions import db
from tests.authoring.conftest import PNG
from tests.courses.conftest import COURSE_MD, LESSON_1, LESSON_2, QUIZ


def zipped(entries: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def good(folder: str = "paket") -> dict[str, str | bytes]:
    return {
        f"{folder}/course.md": COURSE_MD,
        f"{folder}/01-forsta.md": LESSON_1,
        f"{folder}/02-andra.md": LESSON_2,
        f"{folder}/quiz.gift": QUIZ,
        f"{folder}/bild.png": PNG,
    }


def upload(client: Any, data: bytes, slug: str = "") -> Any:
    return client.post(
        "/authoring/import",
        data={"file": (io.BytesIO(data), "kurs.zip"), "slug": slug},
        content_type="multipart/form-data",
    )


def courses() -> int:
    return db.session.scalar(select(func.count(Course.id))) or 0


def test_an_exported_course_imports_again_under_a_new_slug(editor: Any, synced: Any) -> None:
    response = editor.get("/authoring/testkurs/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(response.data)).namelist())
    assert {"testkurs/course.md", "testkurs/01-forsta.md", "testkurs/quiz.gift",
            "testkurs/bild.png"} <= names  # fmt: skip
    response = upload(editor, response.data, slug="testkurs-ny")
    assert response.status_code == 302, response.text[-2000:]
    db.session.expire_all()
    new = db.session.scalar(select(Course).where(Course.slug == "testkurs-ny"))
    assert new.version == 1 and new.published and new.edited_since_version == 1
    lessons = db.session.scalars(select(Lesson).where(Lesson.course_id == new.id)).all()
    assert len(lessons) == 2
    image = editor.get("/courses/testkurs-ny/files/bild.png")
    assert image.status_code == 200 and image.data == PNG
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"course.exported", "course.imported", "course.published"} <= actions


def test_the_command_imports_a_package(app: Any, runner: Any, tmp_path: Any, org: Any) -> None:
    path = tmp_path / "paket.zip"
    path.write_bytes(zipped(good()))
    result = runner.invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Course).where(Course.slug == "paket")) is not None


def test_the_command_refuses_a_package_with_errors_naming_file_and_line(
    app: Any, runner: Any, tmp_path: Any, org: Any
) -> None:
    entries = good()
    entries["paket/02-andra.md"] = "---\ntitle: Andra\n---\n# Nivå ett\n"
    path = tmp_path / "paket.zip"
    path.write_bytes(zipped(entries))
    result = runner.invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 1
    assert "paket/02-andra.md:4:" in result.output and "Nothing was imported." in result.output
    assert courses() == 0


def test_bad_packages_are_refused_and_nothing_is_written(
    editor: Any, synced: Any, app: Any
) -> None:
    from pathlib import Path

    before = courses()
    bomb = {"paket/course.md": COURSE_MD + "\n" + " " * (900 * 1024)}
    many = {f"paket/{i:05d}-x.md": "x" for i in range(10_000)}
    cases = {
        "not a zip": (b"PK nothing", "inte en zip"),
        "../ path": (zipped({**good(), "paket/../../evil.md": "x"}), "utanför"),
        "absolute path": (zipped({**good(), "/etc/passwd": "x"}), "utanför"),
        "10,000 files": (zipped(many, zipfile.ZIP_STORED), "fler än 500 filer"),
        "zip bomb": (zipped(bomb), "för stor"),
        "two folders": (zipped({**good(), "annan/course.md": COURSE_MD}), "en mapp"),
        "svg image": (zipped({**good(), "paket/bild.png": b"<svg onload='x'/>"}), "PNG"),
        "loader error": (
            zipped({**good(), "paket/01-forsta.md": "---\ntitle: X\n---\n[Trasig](09-x.md)\n"}),
            "01-forsta.md:4",
        ),
        "slug taken": (zipped(good("testkurs")), "har redan"),
    }
    for label, (data, message) in cases.items():
        response = upload(editor, data)
        assert response.status_code == 400, label
        assert message in response.text, (label, response.text[-1500:])
    assert courses() == before
    assert not (Path(app.instance_path) / "course-files" / "2").exists()
