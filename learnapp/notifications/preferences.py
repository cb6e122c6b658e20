"""Each person's choice about optional mails, and who has chosen what."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select

from learnapp.extensions import db
from learnapp.notifications.models import MailPreference
from learnapp.org.models import Person


def opted_out(person_id: Any) -> Any:
    """A condition: the person turned optional mails off."""
    return exists().where(
        MailPreference.person_id == person_id, MailPreference.optional_mails.is_(False)
    )


def wants_optional(person: Person) -> bool:
    pref = db.session.get(MailPreference, person.id)
    return pref is None or pref.optional_mails


def set_optional(person: Person, wanted: bool) -> None:
    """Record the choice; flushes."""
    pref = db.session.get(MailPreference, person.id)
    if pref is None:
        pref = MailPreference(person_id=person.id)
        db.session.add(pref)
    pref.optional_mails = wanted
    db.session.flush()


def opted_out_ids(ids: list[int]) -> set[int]:
    """Of these people, those who turned optional mails off (one query)."""
    return set(
        db.session.scalars(
            select(MailPreference.person_id).where(
                MailPreference.person_id.in_(ids), MailPreference.optional_mails.is_(False)
            )
        )
    )
