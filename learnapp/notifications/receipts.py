"""A receipt when a course is completed (with the certificate's link), and a notice 30 days
before a completion expires (re-certification)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, insert, literal, select

from learnapp import formats, signals
from learnapp.courses.models import Course
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.mail import send_mail
from learnapp.notifications.letters import letter
from learnapp.notifications.models import MailState, OutboxMail
from learnapp.notifications.outbox import mark_queued
from learnapp.notifications.render import renderer
from learnapp.org.models import Person
from learnapp.training.models import CourseStatus, Status

RECERTIFY = "recertify"
RECERTIFY_DAYS = 30


@signals.course_completed.connect
def _on_completed(
    sender: Any, person: Person, course: Course, completion: Any, **kwargs: Any
) -> None:
    if not person.active:
        return
    with force_locale(person.language or "sv"):
        parts = [
            _("You have completed the course %(title)s. Well done!", title=course.title),
            [
                _("Your certificate:"),
                external_url("quizzes.certificate", completion_id=completion.id),
            ],
        ]
        if completion.expires_at is not None:
            parts.append(
                _(
                    "It is valid until %(date)s; we will remind you before then.",
                    date=formats.day(completion.expires_at),
                )
            )
        send_mail(
            person.email,
            _("Course completed: %(title)s", title=course.title),
            letter(person.name, *parts, why=None),
            kind="completion",
            person_id=person.id,
            why=_("You get this message because you completed a course."),
        )


def queue_recertification(now: datetime | None = None) -> int:
    """Queue a notice for each completion that expires within 30 days and has had none since it
    was completed (one INSERT … SELECT); return how many."""
    now = now or utcnow()
    told = exists().where(
        OutboxMail.person_id == CourseStatus.person_id,
        OutboxMail.kind == RECERTIFY,
        OutboxMail.ref_id == CourseStatus.course_id,
        OutboxMail.created_at >= CourseStatus.completed_at,
    )
    rows = (
        select(
            literal(RECERTIFY),
            CourseStatus.person_id,
            CourseStatus.course_id,
            literal(MailState.PENDING.value),
            literal(0),
            literal(now, type_=OutboxMail.created_at.type),
            literal(now, type_=OutboxMail.next_attempt_at.type),
        )
        .join(Person, Person.id == CourseStatus.person_id)
        .where(
            Person.active,
            CourseStatus.status == Status.COMPLETED.value,
            CourseStatus.expires_at.is_not(None),
            CourseStatus.expires_at > now,
            CourseStatus.expires_at <= now + timedelta(days=RECERTIFY_DAYS),
            ~told,
        )
    )
    result = db.session.execute(
        insert(OutboxMail)
        .from_select(
            ["kind", "person_id", "ref_id", "state", "attempts", "created_at", "next_attempt_at"],
            rows,
        )
        .returning(OutboxMail.id)
    )
    count = len(result.all())
    if count:
        mark_queued()
    return count


@renderer(RECERTIFY)
def render_recertification(mails: list[OutboxMail]) -> set[int]:
    rows = db.session.execute(
        select(Person, Course, CourseStatus.expires_at)
        .join(CourseStatus, CourseStatus.person_id == Person.id)
        .join(Course, Course.id == CourseStatus.course_id)
        .where(
            Person.id.in_({m.person_id for m in mails}),
            Course.id.in_({m.ref_id for m in mails}),
        )
    ).all()
    found = {(p.id, c.id): (p, c, expires) for p, c, expires in rows}
    cancelled = set()
    for mail in mails:
        person, course, expires = found.get((mail.person_id or 0, mail.ref_id or 0), (None,) * 3)
        if person is None or course is None or expires is None or not person.active:
            cancelled.add(mail.id)
            continue
        with force_locale(person.language or "sv"):
            mail.subject = _("Time to renew: %(title)s", title=course.title)
            mail.body = letter(
                person.name,
                _(
                    "Your completion of %(title)s is valid until %(date)s. Take the course "
                    "again before then to keep it valid.",
                    title=course.title,
                    date=formats.day(expires),
                ),
                external_url("courses.course", slug=course.slug),
                why=_("You get this message because a course you completed is about to expire."),
            )
        mail.to_address = person.email
    return cancelled
