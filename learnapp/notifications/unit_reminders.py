"""A manager reminds a whole unit's overdue people at once: one mail per person listing their
overdue courses, throttled per person (no one is reminded by hand twice within a day)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, literal, select

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


def recently_reminded(now: datetime) -> Any:
    """A condition on Person: reminded by hand within the throttle window."""
    return exists().where(
        ReminderSent.person_id == Person.id,
        ReminderSent.kind == MANUAL,
        ReminderSent.sent_at > now - THROTTLE,
    )


def _overdue_people(unit: Unit, scope: Scope, sender: Person, now: datetime) -> Any:
    """The ids and names of the people the unit's reminder mails: active, in the unit or below it
    and in the sender's scope, not the sender, with an overdue course, and not reminded by hand
    in the last day."""
    # A literal status: the partial index of overdue statuses (migration 0025) serves only a
    # query that states its predicate, and PostgreSQL's generic plan of a prepared statement
    # (psycopg prepares a query after five runs) does not know a bound status.
    overdue = exists().where(
        CourseStatus.person_id == Person.id,
        CourseStatus.status == literal(Status.OVERDUE.value, literal_execute=True),
    )
    # The subtree's unit ids first, then their people by index: SQLite cannot use an index for
    # LIKE on a join, and scanned every person (250 ms below a department's top unit).
    subtree = select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
    stmt: Any = select(Person.id, Person.name).where(
        Person.active,
        Person.unit_id.in_(subtree),
        Person.id != sender.id,
        overdue,
        ~recently_reminded(now),
    )
    return scope.filter_people(stmt)


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
    total = db.session.scalar(select(func.count()).select_from(people.subquery())) or 0
    first = db.session.execute(
        people.order_by(in_swedish_order(Person.name), Person.id).limit(limit or LISTED)
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
    return OverduePage(list(shown.values()), total)


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
