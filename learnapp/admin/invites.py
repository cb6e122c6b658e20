"""Whom the administration's invitation buttons name: one person, or the new people of an HR
import. The invitations themselves are `learnapp.notifications.invitations`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, literal, select

from learnapp.admin.models import JobState, PendingImport
from learnapp.extensions import db
from learnapp.notifications.invitations import never_signed_in
from learnapp.org.models import Person


def one(person: Person) -> Select[Any]:
    return select(literal(person.id, type_=Person.id.type).label("id"))


def created_by_import(job: PendingImport) -> Select[Any]:
    """The people a finished import created: the import writes them all in its own transaction,
    between the job's start and its end, and nobody has signed in or been invited since."""
    if job.state != JobState.DONE.value or job.started_at is None or job.finished_at is None:
        return select(Person.id).where(literal(False))
    created = select(Person.id).where(
        Person.created_at >= job.started_at,
        Person.created_at <= job.finished_at,
        Person.invited_at.is_(None),
    )
    return never_signed_in(created)


def count(people: Select[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(people.subquery())) or 0
