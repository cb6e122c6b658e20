"""A manager reminds a whole unit's overdue people at once: one mail per person listing their
overdue courses, throttled per person (no one is reminded by hand twice within a day)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import exists, select

from learnapp.courses.models import Course
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.permissions import Scope
from learnapp.swedish import in_swedish_order
from learnapp.training.models import CourseStatus, ReminderSent, Status

THROTTLE = timedelta(hours=24)
MANUAL = "manual"


@dataclass
class Overdue:
    person: Person
    courses: list[tuple[str, date | None]] = field(default_factory=list)


def recently_reminded(now: datetime) -> Any:
    """A condition on Person: reminded by hand within the throttle window."""
    return exists().where(
        ReminderSent.person_id == Person.id,
        ReminderSent.kind == MANUAL,
        ReminderSent.sent_at > now - THROTTLE,
    )


def overdue_in_unit(
    unit: Unit, scope: Scope, sender: Person, now: datetime | None = None
) -> list[Overdue]:
    """The active people in the unit and the units below it (and in the sender's scope) with
    overdue courses who were not reminded by hand in the last day, with those courses (one query)."""
    now = now or utcnow()
    stmt: Any = (
        select(Person, Course.title, CourseStatus.due_on)
        .join(CourseStatus, CourseStatus.person_id == Person.id)
        .join(Course, Course.id == CourseStatus.course_id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            Person.active,
            Person.id != sender.id,
            Unit.path.startswith(unit.path, autoescape=True),
            CourseStatus.status == Status.OVERDUE.value,
            ~recently_reminded(now),
        )
        .order_by(in_swedish_order(Person.name), Person.id, CourseStatus.due_on)
    )
    rows = db.session.execute(scope.filter_people(stmt)).all()
    found: dict[int, Overdue] = {}
    for person, title, due_on in rows:
        found.setdefault(person.id, Overdue(person)).courses.append((title, due_on))
    return list(found.values())


def remind_unit(unit: Unit, scope: Scope, sender: Person, now: datetime | None = None) -> int:
    """Mail each overdue person in the unit their overdue courses; return how many. Flushes."""
    from learnapp.training.reminders import person_mail

    now = now or utcnow()
    targets = overdue_in_unit(unit, scope, sender, now)
    for entry in targets:
        person_mail(entry.person, entry.courses, now.date())
    db.session.add_all(
        ReminderSent(person_id=entry.person.id, kind=MANUAL, sent_at=now) for entry in targets
    )
    db.session.flush()
    return len(targets)
