"""Fixtures for the training tests: a course, rules, and helpers that send the other features' signals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from learnapp import signals
from learnapp.courses.models import Lesson, LessonProgress
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.quizzes.models import Completion
from learnapp.training import assign
from learnapp.training.models import RuleScope
from tests import factories


@pytest.fixture
def course(app: Any) -> Any:
    c = factories.course("grunder", lessons=2, title="Grunder om extremism", validity_months=12)
    db.session.commit()
    return c


@pytest.fixture
def make_rule(org: Any, course: Any) -> Any:
    def make(scope: RuleScope = RuleScope.EVERYONE, **fields: Any) -> Any:
        data = assign.RuleInput(
            course=fields.pop("course", course),
            scope=scope,
            due_days=fields.pop("due_days", 30),
            mandatory=fields.pop("mandatory", True),
            **fields,
        )
        rule, _ = assign.create_rule(data, org.coordinator)
        db.session.commit()
        return rule

    return make


def read_lesson(person: Any, lesson: Lesson) -> None:
    db.session.add(LessonProgress(person_id=person.id, lesson_id=lesson.id))
    db.session.flush()
    signals.lesson_viewed.send(person=person, lesson=lesson, first_time=True)
    db.session.commit()


def complete(
    person: Any,
    course: Any,
    *,
    at: datetime | None = None,
    expires: datetime | None = None,
    score: float = 0.9,
) -> Completion:
    at = at or utcnow()
    completion = Completion(
        person_id=person.id,
        course_id=course.id,
        course_version=course.version,
        completed_at=at,
        expires_at=expires,
        score=score,
        code=f"C{person.id}-{course.id}-{at.timestamp()}",
    )
    db.session.add(completion)
    db.session.flush()
    signals.course_completed.send(person=person, course=course, completion=completion)
    db.session.commit()
    return completion


def days(n: int) -> timedelta:
    return timedelta(days=n)
