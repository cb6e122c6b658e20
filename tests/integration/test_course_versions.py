"""Seam: `flask courses sync` of a new version updates the training statuses; old completions stay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from learnapp.courses.models import Course
from learnapp.courses.services import sync_courses
from learnapp.extensions import db
from learnapp.training.models import CourseStatus, Status
from tests import factories
from tests.courses.conftest import COURSE_MD, files, write_course
from tests.integration.conftest import take_course

LESSON_3 = "---\ntitle: Tredje lektionen\n---\nNy text.\n"


def sync(root: Path, changes: dict[str, Any] | None = None) -> Course:
    write_course(root, "testkurs", files(changes))
    report = sync_courses(root)
    assert report.ok, report.errors
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == "testkurs"))
    assert course is not None
    return course


def version_2(**lessons: str | None) -> dict[str, Any]:
    return {"course.md": COURSE_MD.replace("version: 1", "version: 2"), **lessons}


def status_row(person: Any, course: Course) -> CourseStatus:
    db.session.expire_all()
    row = db.session.get(CourseStatus, (person.id, course.id))
    assert row is not None
    return row


def test_a_new_version_with_a_lesson_more_counts_it_in_every_status_row(
    org: Any, tmp_path: Path
) -> None:
    course = sync(tmp_path)
    factories.assign_everyone(course, by=org.coordinator)
    assert status_row(org.staff, course).lessons_total == 2
    course = sync(tmp_path, version_2(**{"03-tredje.md": LESSON_3}))
    assert course.version == 2
    assert status_row(org.staff, course).lessons_total == 3


def test_a_lesson_removed_in_a_new_version_no_longer_counts_as_read(
    org: Any, tmp_path: Path
) -> None:
    from learnapp.courses.services import record_view

    course = sync(tmp_path)
    factories.assign_everyone(course, by=org.coordinator)
    for lesson in course.lessons:
        record_view(org.staff, lesson)
    db.session.commit()
    assert status_row(org.staff, course).lessons_read == 2
    plain = "---\ntitle: Första lektionen\n---\nText.\n"
    course = sync(tmp_path, version_2(**{"01-forsta.md": plain, "02-andra.md": None}))
    row = status_row(org.staff, course)
    assert (row.lessons_read, row.lessons_total) == (1, 1)


def test_a_completion_of_the_old_version_stays_completed_after_the_version_bump(
    org: Any, tmp_path: Path
) -> None:
    course = sync(tmp_path)
    factories.assign_everyone(course, by=org.coordinator)
    take_course(org.staff, course)
    course = sync(tmp_path, version_2(**{"03-tredje.md": LESSON_3}))
    row = status_row(org.staff, course)
    assert row.status == Status.COMPLETED
    assert row.completed_at is not None


def test_my_training_lists_the_old_versions_completion_as_completed(
    app: Flask, org: Any, tmp_path: Path, client: FlaskClient, login: Any
) -> None:
    course = sync(tmp_path)
    factories.assign_everyone(course, by=org.coordinator)
    take_course(org.staff, course)
    sync(tmp_path, version_2())
    login(org.staff)
    page = client.get("/training/mine").get_data(as_text=True)
    completed = page.split("<h2>", 3)[3]  # the third section: completed courses
    assert "Testkurs" in completed


def test_the_certificate_of_the_old_version_still_shows_with_its_version(
    org: Any, tmp_path: Path, client: FlaskClient, login: Any
) -> None:
    course = sync(tmp_path)
    completion = take_course(org.staff, course)
    sync(tmp_path, version_2())
    login(org.staff)
    response = client.get(f"/quiz/certificates/{completion.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Testkurs" in page
    assert "<dd>1</dd>" in page
