"""Lessons opened in several tabs, and a new rule while people open its course: the stored status
row is made once and counts every lesson (these races showed on PostgreSQL).

Each test makes the requests overlap: a gate holds the commits back until every racing request
has done its reads and writes (see tests/integration/live.py), so the race happens every run.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from learnapp.courses.models import Lesson, LessonProgress
from learnapp.extensions import db
from learnapp.training.models import CourseStatus, RuleScope
from tests import factories
from tests.integration.live import LiveServer, at_once, no_error_pages

pytestmark = pytest.mark.commits


def _status(person: Any, course: Any) -> CourseStatus | None:
    db.session.rollback()  # a new transaction: see what the server committed
    return db.session.get(CourseStatus, (person.id, course.id))


def test_first_views_of_two_lessons_at_once_both_load_and_both_count(
    live: LiveServer, org: Any
) -> None:
    course = factories.course("grunder", lessons=2)
    db.session.commit()
    tab = live.browser(org.staff.email)
    with live.gate(2):
        replies = at_once(
            lambda: tab.get("/courses/grunder/lektion-1"),
            lambda: tab.get("/courses/grunder/lektion-2"),
        )
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(*replies)
    assert [r.status for r in replies] == [200, 200]
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 2
    row = _status(org.staff, course)
    assert row is not None and row.lessons_read == 2


def test_four_lessons_opened_at_once_are_all_counted(live: LiveServer, org: Any) -> None:
    course = factories.course("grunder", lessons=5)
    db.session.commit()
    tab = live.browser(org.staff.email)
    assert tab.get("/courses/grunder/lektion-1").status == 200  # the status row exists now
    with live.gate(4):
        replies = at_once(
            *[
                (lambda n=n: tab.get(f"/courses/grunder/lektion-{n}"))  # type: ignore[misc]
                for n in range(2, 6)
            ]
        )
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(*replies)
    row = _status(org.staff, course)
    assert row is not None and row.lessons_read == 5


def test_a_new_rule_while_people_first_open_its_course_applies_and_counts_them(
    live: LiveServer, org: Any
) -> None:
    course = factories.course("grunder", lessons=2)
    db.session.commit()
    reader = live.browser(org.staff.email)
    coordinator = live.browser(org.coordinator.email)
    rule = {
        "course": str(course.id),
        "scope": RuleScope.EVERYONE.value,
        "due_days": "30",
        "mandatory": "1",
        "confirm": "1",
    }
    with live.gate(2, patience=3.0):
        view, created = at_once(
            lambda: reader.get("/courses/grunder/lektion-1"),
            lambda: coordinator.post("/training/rules/new", rule),
        )
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(view, created)
    assert view.status == 200 and created.status == 302
    row = _status(org.staff, course)
    assert row is not None and row.assigned and row.lessons_read == 1
    lesson_ids = select(Lesson.id).where(Lesson.course_id == course.id)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(LessonProgress)
            .where(LessonProgress.lesson_id.in_(lesson_ids))
        )
        == 1
    )
