"""iCalendar: the file attached to assignment mails and each person's private feed of due dates
and inventory closing dates (for Outlook or any calendar), written with `icalendar`."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import delete, select

from learnapp.courses.models import Course
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.notifications.models import CalendarToken
from learnapp.org.models import Person
from learnapp.training.models import CourseStatus, Status

UNFINISHED = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE, Status.EXPIRED)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//learnapp//training//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _day_event(uid: str, summary: str, day: date, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", utcnow())
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("url", url)
    event.add("description", url)
    event.add("transp", "TRANSPARENT")
    return event


def _domain() -> str:
    base = current_app.config.get("BASE_URL") or "learnapp"
    return base.split("//")[-1].split("/")[0] or "learnapp"


def assignment_calendar(person: Person, courses: list[tuple[str, str, date]]) -> str:
    """The due dates of `courses` (title, slug, due date) as an .ics file's text."""
    cal = _calendar(_("Training"))
    for title, slug, due_on in courses:
        cal.add_component(
            _day_event(
                f"course-{slug}-{person.id}@{_domain()}",
                _("Due: %(title)s", title=title),
                due_on,
                external_url("courses.course", slug=slug),
            )
        )
    return cal.to_ical().decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(person: Person) -> str:
    """Make (or replace) the person's feed address; return the secret, shown once. Flushes."""
    token = secrets.token_urlsafe(24)
    db.session.execute(delete(CalendarToken).where(CalendarToken.person_id == person.id))
    db.session.add(CalendarToken(person_id=person.id, token_hash=hash_token(token)))
    db.session.flush()
    return token


def revoke(person: Person) -> bool:
    result = db.session.execute(delete(CalendarToken).where(CalendarToken.person_id == person.id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def has_feed(person: Person) -> bool:
    return db.session.get(CalendarToken, person.id) is not None


def person_for_token(token: str) -> Person | None:
    if not token or len(token) > 100:
        return None
    person = db.session.scalar(
        select(Person)
        .join(CalendarToken, CalendarToken.person_id == Person.id)
        .where(CalendarToken.token_hash == hash_token(token))
    )
    return person if person is not None and person.active else None


def person_feed(person: Person) -> bytes:
    """The person's unfinished courses' due dates and open inventories' closing dates."""
    from learnapp.needs.services import open_inventories_for

    with force_locale(person.language or "sv"):
        cal = _calendar(_("Training"))
        rows = db.session.execute(
            select(Course.title, Course.slug, CourseStatus.due_on)
            .join(Course, Course.id == CourseStatus.course_id)
            .where(
                CourseStatus.person_id == person.id,
                CourseStatus.assigned,
                CourseStatus.due_on.is_not(None),
                CourseStatus.status.in_([s.value for s in UNFINISHED]),
            )
            .order_by(CourseStatus.due_on)
        ).all()
        for title, slug, due_on in rows:
            assert due_on is not None  # the query asks for a due date
            cal.add_component(
                _day_event(
                    f"course-{slug}-{person.id}@{_domain()}",
                    _("Due: %(title)s", title=title),
                    due_on,
                    external_url("courses.course", slug=slug),
                )
            )
        for inventory in open_inventories_for(person):
            if inventory.closes_on is None:
                continue
            cal.add_component(
                _day_event(
                    f"inventory-{inventory.id}-{person.id}@{_domain()}",
                    _("Inventory closes: %(title)s", title=inventory.title),
                    inventory.closes_on,
                    external_url("needs.answer", inventory_id=inventory.id),
                )
            )
    return bytes(cal.to_ical())
