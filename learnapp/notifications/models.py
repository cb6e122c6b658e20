"""The outbox: every e-mail the app sends is a row here first, written in the transaction of the
change that causes it, and delivered after the commit (`delivery.py`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.db import UTCDateTime, one_of, utcnow
from learnapp.extensions import db


class MailState(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    SENDING = "sending"  # claimed by a deliverer
    SENT = "sent"
    FAILED = "failed"  # given up: shown to admins with the reason
    CANCELLED = "cancelled"  # nothing left to say when it was due (e.g. the person left)


class OutboxMail(db.Model):
    """One e-mail to one address.

    A mail is written either complete (`subject`, `body`: `send_mail`) or as a `kind` with a
    reference (`person_id`, `ref_id`) that is rendered at delivery, in the recipient's language:
    that is how thousands of mails are queued with one INSERT … SELECT.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index("ix_mail_outbox_state_next", "state", "next_attempt_at"),
        Index("ix_mail_outbox_person_kind", "person_id", "kind"),
        one_of("state", MailState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), default="message")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    ref_id: Mapped[int | None] = mapped_column(Integer)  # e.g. the inventory a mail is about
    to_address: Mapped[str | None] = mapped_column(String(254))  # None: the person's address
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[str | None] = mapped_column(Text)  # text/calendar
    state: Mapped[str] = mapped_column(String(10), default=MailState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


class MailPreference(db.Model):
    """A person's choice about optional mails (recommended courses, digests). No row: all on."""

    __tablename__ = "mail_preference"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    optional_mails: Mapped[bool] = mapped_column(default=True)


class AssignmentNotice(db.Model):
    """Which mail told a person about an assignment: each assignment is mailed once at most.

    `mail_id` is None for assignments that existed before mail was sent about them.
    """

    __tablename__ = "assignment_notice"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True
    )
    mail_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_outbox.id", ondelete="SET NULL"), index=True
    )


class CalendarToken(db.Model):
    """A person's private calendar feed address. Only a hash of the secret is stored; making a
    new one or turning the feed off replaces or deletes the row (the old address stops working)."""

    __tablename__ = "calendar_token"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
