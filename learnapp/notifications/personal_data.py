"""What the notifications feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from sqlalchemy import delete, select

from learnapp.extensions import db
from learnapp.notifications.models import CalendarToken, MailPreference, OutboxMail
from learnapp.personal_data import EXPORTED, Section, rows


def _mails(person_id: int) -> list[dict[str, object]]:
    """The mails to the person: what kind, when written, whether and when sent. A mail written
    at delivery has no subject until then."""
    return rows(
        {
            "kind": OutboxMail.kind,
            "subject": OutboxMail.subject,
            "created_at": OutboxMail.created_at,
            "state": OutboxMail.state,
            "sent_at": OutboxMail.sent_at,
        },
        [],
        OutboxMail.person_id == person_id,
        OutboxMail.created_at,
        OutboxMail.id,
    )


def _preferences(person_id: int) -> list[dict[str, object]]:
    optional = db.session.scalar(
        select(MailPreference.optional_mails).where(MailPreference.person_id == person_id)
    )
    feed = db.session.scalar(
        select(CalendarToken.created_at).where(CalendarToken.person_id == person_id)
    )
    return [
        {
            "optional_mails": True if optional is None else optional,
            "calendar_feed_since": feed.isoformat() if feed else None,
        }
    ]


def _anonymise(person_id: int, _old_email: str) -> None:
    """Mails to the person (their address and name are in them) and the feed's secret go."""
    db.session.execute(delete(OutboxMail).where(OutboxMail.person_id == person_id))
    db.session.execute(delete(CalendarToken).where(CalendarToken.person_id == person_id))
    db.session.execute(delete(MailPreference).where(MailPreference.person_id == person_id))


SECTIONS = (
    Section(
        "mails",
        order=85,
        claims={
            "mail_outbox.person_id": EXPORTED,
            "mail_preference.person_id": EXPORTED,
            "calendar_token.person_id": EXPORTED,
        },
        export=_mails,
        anonymise=_anonymise,
    ),
    Section("mail_settings", order=86, export=_preferences),
)
