"""One mail per person about the courses they were given, whatever gave them (a rule, the needs
results, an HR import): mandatory first, with due dates; each assignment is mailed once at most.

`assign_people` sends `signals.assignments_added`; the courses and times are kept on the session
and, just before the commit, one INSERT … SELECT queues one mail per person with new assignments
and links each assignment to its mail (`AssignmentNotice`). The mail is written at delivery.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, event, exists, insert, literal, or_, select, update
from sqlalchemy.orm import Session, aliased

from learnapp import formats, signals
from learnapp.courses.models import Course
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.notifications.calendar import assignment_calendar
from learnapp.notifications.letters import letter
from learnapp.notifications.models import AssignmentNotice, MailState, OutboxMail
from learnapp.notifications.outbox import mark_queued
from learnapp.notifications.preferences import opted_out
from learnapp.notifications.render import renderer
from learnapp.org.models import Person
from learnapp.training.models import Assignment, AssignmentRule

KIND = "assignments"
PENDING = "learnapp.new_assignments"  # session.info: {course_id: earliest assigned_at}


@signals.assignments_added.connect
def _on_assignments_added(sender: Any, course_id: int, at: datetime, **kwargs: Any) -> None:
    pending: dict[int, datetime] = db.session.info.setdefault(PENDING, {})
    pending[course_id] = min(at, pending.get(course_id, at))


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        queue_assignment_mails(session, pending)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def discard_pending() -> None:
    """Send no mail about the assignments made so far in this transaction (e.g. a seed of past
    data). They are not mailed later either."""
    db.session.info.pop(PENDING, None)


def queue_assignment_mails(session: Session, pending: dict[int, datetime]) -> int:
    """Queue one mail per person with unmailed new assignments of these courses; return how many."""
    now = utcnow()
    recent = or_(
        *(
            and_(Assignment.course_id == course_id, Assignment.assigned_at >= at)
            for course_id, at in pending.items()
        )
    )
    earlier = aliased(Assignment)
    already_has_course = exists().where(
        earlier.person_id == Assignment.person_id,
        earlier.course_id == Assignment.course_id,
        earlier.withdrawn_at.is_(None),
        earlier.id < Assignment.id,
    )
    unmailed = and_(
        recent,
        Assignment.withdrawn_at.is_(None),
        ~exists().where(AssignmentNotice.assignment_id == Assignment.id),
    )
    # Told already (the same course from another source), or optional and not wanted: no mail.
    # A recommended course's rule may be set not to mail; mandatory assignments always mail.
    quiet_rule = Assignment.rule_id.in_(select(AssignmentRule.id).where(~AssignmentRule.notify))
    optional_silent = or_(opted_out(Assignment.person_id), quiet_rule)
    silent = or_(already_has_course, and_(~Assignment.mandatory, optional_silent))
    session.execute(
        insert(AssignmentNotice).from_select(
            ["assignment_id", "mail_id"],
            select(Assignment.id, literal(None, type_=AssignmentNotice.mail_id.type)).where(
                unmailed, silent
            ),
        )
    )
    to_mail = (
        select(Assignment.id, Assignment.person_id)
        .join(Person, Person.id == Assignment.person_id)
        .where(unmailed, Person.active)
        .subquery()
    )
    token = secrets.token_hex(16)
    result = session.execute(
        insert(OutboxMail)
        .from_select(
            ["kind", "person_id", "state", "attempts", "created_at", "next_attempt_at", "claim"],
            select(
                literal(KIND),
                to_mail.c.person_id,
                literal(MailState.PENDING.value),
                literal(0),
                literal(now, type_=OutboxMail.created_at.type),
                literal(now, type_=OutboxMail.next_attempt_at.type),
                literal(token),
            )
            .group_by(to_mail.c.person_id)
            .order_by(to_mail.c.person_id),
        )
        .returning(OutboxMail.id)
    )
    queued = len(result.all())
    if not queued:
        return 0
    session.execute(
        insert(AssignmentNotice).from_select(
            ["assignment_id", "mail_id"],
            select(to_mail.c.id, OutboxMail.id).join(
                OutboxMail,
                and_(OutboxMail.person_id == to_mail.c.person_id, OutboxMail.claim == token),
            ),
        )
    )
    # The claim column only marked this batch; pending mails carry none.
    session.execute(
        update(OutboxMail)
        .where(OutboxMail.claim == token)
        .values(claim=None)
        .execution_options(synchronize_session=False)
    )
    mark_queued()
    return queued


@renderer(KIND)
def render_assignment_mails(mails: list[OutboxMail]) -> set[int]:
    ids = [m.id for m in mails]
    rows = db.session.execute(
        select(
            AssignmentNotice.mail_id,
            Course.title,
            Course.slug,
            Assignment.due_on,
            Assignment.mandatory,
        )
        .join(Assignment, Assignment.id == AssignmentNotice.assignment_id)
        .join(Course, Course.id == Assignment.course_id)
        .where(AssignmentNotice.mail_id.in_(ids), Assignment.withdrawn_at.is_(None))
        .order_by(
            AssignmentNotice.mail_id,
            Assignment.mandatory.desc(),
            Assignment.due_on.is_(None),
            Assignment.due_on,
            Course.title,
        )
    ).all()
    courses: dict[int, list[Any]] = {}
    for row in rows:
        courses.setdefault(row.mail_id, []).append(row)
    people = _people({m.person_id for m in mails})
    cancelled = set()
    for mail in mails:
        person = people.get(mail.person_id or 0)
        items = courses.get(mail.id)
        if person is None or not person.active or not items:
            cancelled.add(mail.id)
            continue
        with force_locale(person.language or "sv"):
            _write(mail, person, items)
    return cancelled


def _people(ids: set[int | None]) -> dict[int, Person]:
    wanted = [i for i in ids if i is not None]
    return {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(wanted)))}


def _course_lines(items: list[Any]) -> list[str]:
    lines = []
    for item in items:
        if item.due_on is not None:
            line = _(
                "- %(title)s, to be done by %(date)s",
                title=item.title,
                date=formats.day(item.due_on),
            )
        else:
            line = "- " + item.title
        lines.append(line + "\n  " + external_url("courses.course", slug=item.slug))
    return lines


def _write(mail: OutboxMail, person: Person, items: list[Any]) -> None:
    mandatory = [i for i in items if i.mandatory]
    optional = [i for i in items if not i.mandatory]
    if len(items) == 1:
        mail.subject = _("New course for you: %(title)s", title=items[0].title)
    else:
        mail.subject = ngettext(
            "%(num)d new course for you", "%(num)d new courses for you", len(items)
        )
    parts: list[str | list[str]] = [
        ngettext(
            "You have been given a course in the training platform.",
            "You have been given %(num)d courses in the training platform.",
            len(items),
        )
    ]
    if mandatory:
        parts.append([_("Mandatory:"), *_course_lines(mandatory)])
    if optional:
        parts.append([_("Recommended:"), *_course_lines(optional)])
    parts.append(_("All your courses: %(link)s", link=external_url("training.mine")))
    if any(i.due_on for i in items):
        parts.append(_("The due dates are in the attached calendar file."))
    mail.body = letter(
        person.name,
        *parts,
        why=_("You get this message because courses were assigned to you."),
    )
    mail.to_address = person.email
    dated = [(i.title, i.slug, i.due_on) for i in items if i.due_on is not None]
    if dated:
        mail.attachment_name = "learnapp.ics"
        mail.attachment = assignment_calendar(person, dated)
