"""Writing to the outbox, in the caller's transaction. Nothing here talks to a mail server.

`queue()` adds one finished mail; `queue_for_people()` adds one mail of a kind per person that a
SELECT of person ids names, in one INSERT … SELECT, rendered at delivery (`render.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, insert, literal, select

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications.models import MailState, OutboxMail

QUEUED_FLAG = "learnapp.mail_queued"


def footer(why: str | None = None) -> str:
    """The closing lines of every mail: who sends it and why the reader gets it.

    Call it in the reader's locale (`force_locale`)."""
    reason = why or _("You get this message because you have an account in the training platform.")
    return "\n".join(["-- ", current_app.config["ORGANISATION_NAME"], reason])


def mark_queued() -> None:
    """Tell the session that this transaction wrote mail: deliver after it commits."""
    db.session.info[QUEUED_FLAG] = True


def queue(
    to: str,
    subject: str,
    body: str,
    *,
    kind: str = "message",
    person_id: int | None = None,
    why: str | None = None,
    attachment: tuple[str, str] | None = None,
) -> OutboxMail:
    """Add a finished mail (body plus the footer) to the outbox; flushes."""
    mail = OutboxMail(
        kind=kind,
        person_id=person_id,
        to_address=to,
        subject=subject,
        body=body.rstrip() + "\n\n" + footer(why),
        state=MailState.PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
        created_at=utcnow(),
    )
    if attachment is not None:
        mail.attachment_name, mail.attachment = attachment
    db.session.add(mail)
    db.session.flush()
    mark_queued()
    return mail


def queue_for_people(
    kind: str, person_ids: Select[Any], *, ref_id: int | None = None, now: datetime | None = None
) -> int:
    """Queue one `kind` mail for each person `person_ids` selects; return how many (one INSERT)."""
    now = now or utcnow()
    ids = person_ids.subquery()
    result = db.session.execute(
        insert(OutboxMail)
        .from_select(
            ["kind", "person_id", "ref_id", "state", "attempts", "created_at", "next_attempt_at"],
            select(
                literal(kind),
                ids.c[0],
                literal(ref_id, type_=OutboxMail.ref_id.type),
                literal(MailState.PENDING.value),
                literal(0),
                literal(now, type_=OutboxMail.created_at.type),
                literal(now, type_=OutboxMail.next_attempt_at.type),
            ),
        )
        .returning(OutboxMail.id)
    )
    count = len(result.all())
    if count:
        mark_queued()
    return count
