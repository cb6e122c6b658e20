"""Reminder e-mails: due and overdue mandatory assignments, and a manager's reminder by hand.

Each person gets at most one reminder per assignment per week (ReminderSent), in their own
language. The managers' weekly summary is in `learnapp/notifications/summaries.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from learnapp import formats
from learnapp.courses.models import Course
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.mail import send_mail
from learnapp.org.models import Person, Unit
from learnapp.permissions import Scope
from learnapp.swedish import in_swedish_order
from learnapp.training.models import Assignment, CourseStatus, ReminderSent, Status

DUE_WITHIN_DAYS = 7
WEEK = timedelta(days=7)
UNFINISHED = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE, Status.EXPIRED)


@dataclass
class SendResult:
    people: int = 0
    assignments: int = 0


def _course_line(title: str, due_on: date | None, today: date) -> str:
    if due_on is None:
        return f"- {title}"
    if due_on < today:
        return "- " + _("%(title)s (overdue since %(date)s)", title=title, date=formats.day(due_on))
    return "- " + _("%(title)s (due %(date)s)", title=title, date=formats.day(due_on))


def letter(to: Person, intro: str, lines: list[str], closing: str) -> str:
    """The body every reminder shares: greeting, what it is about, the list, where to go.

    Call it inside `force_locale(to.language)` so the greeting is in the reader's language.
    """
    return "\n".join([_("Hello %(name)s,", name=to.name), "", intro, "", *lines, "", closing])


def person_mail(person: Person, lines: list[tuple[str, date | None]], today: date) -> None:
    with force_locale(person.language or "sv"):
        body = letter(
            person,
            _("These mandatory courses are due soon or overdue:"),
            [_course_line(t, d, today) for t, d in lines],
            _("Take them here: %(link)s", link=external_url("training.mine")),
        )
        send_mail(
            person.email,
            _("Reminder: mandatory training"),
            body,
            kind="reminder",
            person_id=person.id,
            why=_("You get this message because you have mandatory courses that are due."),
        )


def due_assignments(now: datetime) -> list[tuple[Assignment, Person, Course]]:
    """Mandatory, active, unfinished assignments due within a week or overdue, not reminded
    about in the last week (one query)."""
    today = now.date()
    reminded = exists().where(
        ReminderSent.assignment_id == Assignment.id, ReminderSent.sent_at > now - WEEK
    )
    rows = db.session.execute(
        select(Assignment, Person, Course)
        .join(Person, Person.id == Assignment.person_id)
        .join(Course, Course.id == Assignment.course_id)
        .join(
            CourseStatus,
            (CourseStatus.person_id == Assignment.person_id)
            & (CourseStatus.course_id == Assignment.course_id),
        )
        .where(
            Person.active,
            Assignment.withdrawn_at.is_(None),
            Assignment.mandatory,
            Assignment.due_on.is_not(None),
            Assignment.due_on <= today + timedelta(days=DUE_WITHIN_DAYS),
            CourseStatus.status.in_([s.value for s in UNFINISHED]),
            ~reminded,
        )
        .order_by(Person.id, Assignment.due_on)
    )
    return [(a, p, c) for a, p, c in rows]


def send_reminders(now: datetime | None = None) -> SendResult:
    """Send the week's reminders; record each one. Flushes. (The managers' weekly summary is
    the notifications feature's: `learnapp/notifications/summaries.py`.)"""
    now = now or utcnow()
    today = now.date()
    result = SendResult()
    per_person: dict[int, list[tuple[Assignment, Person, Course]]] = defaultdict(list)
    for a, p, c in due_assignments(now):
        per_person[p.id].append((a, p, c))
    for items in per_person.values():
        person = items[0][1]
        person_mail(person, [(c.title, a.due_on) for a, _p, c in items], today)
        for a, _p, _c in items:
            kind = "overdue" if a.due_on and a.due_on < today else "due"
            db.session.add(
                ReminderSent(person_id=person.id, assignment_id=a.id, kind=kind, sent_at=now)
            )
        result.people += 1
        result.assignments += len(items)
        db.session.flush()
    return result


def overdue_people(scope: Scope) -> list[tuple[Person, Unit | None, int]]:
    """People in a scope with overdue courses: (person, unit, number overdue), one query."""
    stmt: Any = (
        select(Person, Unit, func.count())
        .join(CourseStatus, CourseStatus.person_id == Person.id)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.active, CourseStatus.status == Status.OVERDUE.value)
        .group_by(Person.id, Unit.id)
        .order_by(in_swedish_order(Person.name), Person.id)
    )
    rows = db.session.execute(scope.filter_people(stmt)).all()
    return [(p, u, int(n)) for p, u, n in rows]


def recently_reminded_by_hand(person: Person, now: datetime | None = None) -> bool:
    """Reminded with the button within the last day (a second click sends nothing)."""
    now = now or utcnow()
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    ReminderSent.person_id == person.id,
                    ReminderSent.kind == "manual",
                    ReminderSent.sent_at > now - timedelta(hours=24),
                )
            )
        )
    )


def remind_overdue(person: Person, sender: Person, now: datetime | None = None) -> int:
    """The manager's reminder button: e-mail the person their overdue courses; return how many."""
    now = now or utcnow()
    rows = db.session.execute(
        select(CourseStatus, Course)
        .join(Course, Course.id == CourseStatus.course_id)
        .where(CourseStatus.person_id == person.id, CourseStatus.status == Status.OVERDUE.value)
        .order_by(CourseStatus.due_on)
    ).all()
    if not rows or not person.active:
        return 0
    if recently_reminded_by_hand(person, now):
        return 0
    person_mail(person, [(c.title, cs.due_on) for cs, c in rows], now.date())
    db.session.add(ReminderSent(person_id=person.id, kind="manual", sent_at=now))
    db.session.flush()
    return len(rows)


MANUAL_INTERVAL = timedelta(days=1)


def last_manual_reminders(person_ids: list[int]) -> dict[int, datetime]:
    """When each of these people last got a manager's reminder (one query)."""
    if not person_ids:
        return {}
    rows = db.session.execute(
        select(ReminderSent.person_id, func.max(ReminderSent.sent_at))
        .where(ReminderSent.person_id.in_(person_ids), ReminderSent.kind == "manual")
        .group_by(ReminderSent.person_id)
    )
    return {person_id: at for person_id, at in rows}
