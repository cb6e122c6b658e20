"""A manager reminds a whole unit's overdue people at once: one mail per person listing their
overdue courses, throttled per person (no one is reminded by hand twice within a day)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import distinct, exists, func, literal, select

from learnapp.audit.services import record
from learnapp.courses.models import Course
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.permissions import Scope
from learnapp.swedish import in_swedish_order
from learnapp.training.models import CourseStatus, ReminderSent, Status

THROTTLE = timedelta(hours=24)
MANUAL = "manual"
# People the confirmation page names; it says how many there are in all.
LISTED = 100


@dataclass
class Overdue:
    person: Person
    courses: list[tuple[str, date | None]] = field(default_factory=list)


def recently_reminded(now: datetime, person_id: Any = Person.id) -> Any:
    """A condition on `person_id` (a person's id column): reminded by hand within the throttle
    window."""
    return exists().where(
        ReminderSent.person_id == person_id,
        ReminderSent.kind == MANUAL,
        ReminderSent.sent_at > now - THROTTLE,
    )


def _subtree(unit: Unit) -> Any:
    """The ids of the unit and the units below it."""
    return select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))


def _overdue_people(unit: Unit, scope: Scope, sender: Person, now: datetime) -> Any:
    """The ids of the people the unit's reminder mails, once for each overdue course: active, in the unit or below it and in the sender's scope, not the sender, with an overdue
    course, and not reminded by hand in the last day.

    Read from the overdue status rows alone: a status row carries its person's unit, and none
    once the person is deactivated (`training.status.update_copies`). The partial index of
    overdue statuses by unit (migration 0026) gives them unit by unit, index-only; going from the
    subtree's people to their statuses read every active person below a department's top unit
    (31 ms at 100,000 people on PostgreSQL)."""
    # A literal status: a partial index serves only a query that states its predicate, and
    # PostgreSQL's generic plan of a prepared statement (psycopg prepares a query after five
    # runs) does not know a bound status.
    stmt = select(CourseStatus.person_id).where(
        CourseStatus.status == literal(Status.OVERDUE.value, literal_execute=True),
        CourseStatus.unit_id.in_(_subtree(unit)),
        CourseStatus.person_id != sender.id,
        ~recently_reminded(now, CourseStatus.person_id),
    )
    if not scope.everything:
        stmt = stmt.where(CourseStatus.unit_id.in_(scope.unit_ids()))
    return stmt


@dataclass
class OverdueShown:
    name: str
    courses: list[tuple[str, date | None]] = field(default_factory=list)


@dataclass
class OverduePage:
    """The first people the confirmation page lists, and how many there are in all."""

    shown: list[OverdueShown]
    total: int


def overdue_page(
    unit: Unit, scope: Scope, sender: Person, limit: int | None = None, now: datetime | None = None
) -> OverduePage:
    """Whom `remind_unit` would mail: how many, and the first `limit` by name with their overdue
    courses (three queries, whatever the size of the unit's subtree)."""
    now = now or utcnow()
    people = _overdue_people(unit, scope, sender, now)
    total = db.session.scalar(
        people.with_only_columns(func.count(distinct(CourseStatus.person_id)))
    )
    # The person's own unit below the unit as well (the same people): PostgreSQL then walks the
    # names in order and tests each one's unit before their status rows (3.6 ms instead of 6.9
    # below a department's top unit; SQLite 11 ms instead of 13).
    first = db.session.execute(
        select(Person.id, Person.name)
        .where(Person.unit_id.in_(_subtree(unit)), Person.id.in_(people))
        .order_by(in_swedish_order(Person.name), Person.id)
        .limit(limit or LISTED)
    )
    shown = {pid: OverdueShown(name) for pid, name in first}
    if shown:
        courses = db.session.execute(
            select(CourseStatus.person_id, Course.title, CourseStatus.due_on)
            .join(Course, Course.id == CourseStatus.course_id)
            .where(
                CourseStatus.person_id.in_(list(shown)),
                CourseStatus.status == Status.OVERDUE.value,
            )
            .order_by(CourseStatus.due_on, Course.title)
        )
        for pid, title, due_on in courses:
            shown[pid].courses.append((title, due_on))
    return OverduePage(list(shown.values()), total or 0)


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


def remind_unit(
    unit: Unit,
    scope: Scope,
    sender: Person,
    now: datetime | None = None,
    *,
    client_address: str | None = None,
) -> int:
    """Mail each overdue person in the unit their overdue courses; return how many. Flushes;
    audit-logged."""
    from learnapp.training.reminders import person_mail

    now = now or utcnow()
    targets = overdue_in_unit(unit, scope, sender, now)
    for entry in targets:
        person_mail(entry.person, entry.courses, now.date())
    db.session.add_all(
        ReminderSent(person_id=entry.person.id, kind=MANUAL, sent_at=now) for entry in targets
    )
    db.session.flush()
    record("mail.unit_reminded", actor=sender, target=unit, client_address=client_address,
           people=len(targets))  # fmt: skip
    return len(targets)
