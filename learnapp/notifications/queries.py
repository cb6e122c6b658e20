"""Reading the outbox for the admin page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.notifications.models import MailState, OutboxMail
from learnapp.org.models import Person


@dataclass
class FailedRow:
    id: int
    kind: str
    to: str
    name: str | None
    subject: str | None
    attempts: int
    reason: str
    created_at: datetime


def failed_mails(page: int, size: int) -> tuple[int, list[FailedRow]]:
    """Failed mails, newest first, one page (two queries)."""
    total = (
        db.session.scalar(
            select(func.count()).select_from(OutboxMail).where(OutboxMail.state == MailState.FAILED)
        )
        or 0
    )
    rows = db.session.execute(
        select(OutboxMail, Person.name, Person.email)
        .outerjoin(Person, Person.id == OutboxMail.person_id)
        .where(OutboxMail.state == MailState.FAILED)
        .order_by(OutboxMail.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return total, [
        FailedRow(
            id=m.id,
            kind=m.kind,
            to=m.to_address or email or "",
            name=name,
            subject=m.subject,
            attempts=m.attempts,
            reason=m.last_error or "",
            created_at=m.created_at,
        )
        for m, name, email in rows
    ]


def state_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMail.state, func.count()).group_by(OutboxMail.state)
    ).all()
    return {state: int(n) for state, n in rows}
