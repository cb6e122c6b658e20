"""Mails about routines, through the outbox: queued set-based, written at delivery.

"routine_ask" goes to everyone who must (again) acknowledge a routine when a major version is
published; "routine_reminder" to the people a manager reminds. Both are written in the reader's
language when they are sent, and cancelled if the person has acknowledged meanwhile or the
routine no longer applies to them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, exists, select

from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.notifications.models import OutboxMail
from learnapp.notifications.outbox import footer, queue_for_people
from learnapp.notifications.render import renderer
from learnapp.org.models import Person
from learnapp.routines.models import AckStatus, Routine, RoutineStatus, RoutineVersion

ASK = "routine_ask"
REMINDER = "routine_reminder"
#: A person is reminded about one routine at most once in this time, however often asked.
REMIND_AGAIN_AFTER = timedelta(hours=24)


def queue_asks(routine: Routine) -> int:
    """After a major version: one mail to each person who has not acknowledged it."""
    pending = select(RoutineStatus.person_id).where(
        RoutineStatus.routine_id == routine.id,
        RoutineStatus.status == AckStatus.PENDING.value,
    )
    return queue_for_people(ASK, pending, ref_id=routine.id)


def queue_reminders(
    routine: Routine,
    people: Select[Any],
    *,
    actor: Person | None = None,
    client_address: str | None = None,
) -> int:
    """Remind the pending people among `people` (a SELECT of person ids) not reminded lately;
    return how many. Audit-logged."""
    recently = exists().where(
        OutboxMail.kind == REMINDER,
        OutboxMail.ref_id == routine.id,
        OutboxMail.person_id == RoutineStatus.person_id,
        OutboxMail.created_at > utcnow() - REMIND_AGAIN_AFTER,
    )
    pending = select(RoutineStatus.person_id).where(
        RoutineStatus.routine_id == routine.id,
        RoutineStatus.status == AckStatus.PENDING.value,
        RoutineStatus.person_id.in_(people),
        ~recently,
    )
    queued = queue_for_people(REMINDER, pending, ref_id=routine.id)
    record("routines.reminded", actor=actor, target=routine, client_address=client_address,
           people=queued)  # fmt: skip
    return queued


def _write(mails: list[OutboxMail], reminder: bool) -> set[int]:
    routine_ids = {m.ref_id for m in mails if m.ref_id is not None}
    person_ids = {m.person_id for m in mails if m.person_id is not None}
    titles = dict(
        db.session.execute(
            select(Routine.id, RoutineVersion.title)
            .join(
                RoutineVersion,
                (RoutineVersion.routine_id == Routine.id)
                & (RoutineVersion.number == Routine.published_version),
            )
            .where(Routine.id.in_(routine_ids))
        ).all()
    )
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    still_pending = set(
        db.session.execute(
            select(RoutineStatus.person_id, RoutineStatus.routine_id).where(
                RoutineStatus.person_id.in_(person_ids),
                RoutineStatus.routine_id.in_(routine_ids),
                RoutineStatus.status == AckStatus.PENDING.value,
            )
        ).all()
    )
    cancelled: set[int] = set()
    for mail in mails:
        person = people.get(mail.person_id or 0)
        title = titles.get(mail.ref_id or 0)
        if person is None or title is None or (person.id, mail.ref_id) not in still_pending:
            cancelled.add(mail.id)
            continue
        with force_locale(person.language or "sv"):
            link = external_url("routines.show", routine_id=mail.ref_id)
            if reminder:
                subject = _("Reminder: read the routine %(title)s", title=title)
                intro = _("Your manager reminds you to read and acknowledge this routine:")
            else:
                subject = _("Read the routine %(title)s", title=title)
                intro = _("This routine is new or has changed in a way that matters for you:")
            lines = [
                _("Hello %(name)s,", name=person.name),
                "",
                intro,
                title,
                "",
                _("Read it and confirm that you have understood it: %(link)s", link=link),
            ]
            why = _("You get this message because the routine applies to your workplace.")
            mail.to_address = person.email
            mail.subject = subject
            mail.body = "\n".join(lines) + "\n\n" + footer(why)
    return cancelled


@renderer(ASK)
def write_asks(mails: list[OutboxMail]) -> set[int]:
    return _write(mails, reminder=False)


@renderer(REMINDER)
def write_reminders(mails: list[OutboxMail]) -> set[int]:
    return _write(mails, reminder=True)
