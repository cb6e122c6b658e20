from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnapp.db import UTCDateTime, one_of, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person


class LoginFailure(db.Model):
    """A failed sign-in, kept for the throttling window (per account and per client address)."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_email_at", "email", "at"),
        Index("ix_login_failure_address_at", "client_address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    email: Mapped[str] = mapped_column(String(254))
    client_address: Mapped[str] = mapped_column(String(64))


class TokenPurpose(StrEnum):
    RESET = "reset"  # "Glömt lösenordet?": valid for hours
    INVITATION = "invitation"  # an invitation to set a first password: valid for days


class PasswordResetToken(db.Model):
    """A one-time link to set a password (a reset or an invitation). Only a hash is stored."""

    __tablename__ = "password_reset_token"
    __table_args__ = (one_of("purpose", TokenPurpose),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    purpose: Mapped[str] = mapped_column(
        String(20), default=TokenPurpose.RESET.value, server_default=TokenPurpose.RESET.value
    )

    person: Mapped[Person] = relationship()


class AuthSession(db.Model):
    """A signed-in session, kept on the server so that it can be ended from anywhere.

    The browser holds only a random token (in the signed session cookie) and, with "keep me
    signed in", a second random token in the remember cookie; only their hashes are stored.
    """

    __tablename__ = "auth_session"
    __table_args__ = (Index("ix_auth_session_person_revoked", "person_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the person last gave their password (or second factor) in this session.
    authenticated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    client_address: Mapped[str] = mapped_column(String(64), default="")
    remember_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    remember_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set once the second factor has been given (or when none is needed).
    mfa_passed: Mapped[bool] = mapped_column(Boolean, default=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship()


class RateEvent(db.Model):
    """One use of a limited action (a reset request from an address, an export by a person), kept
    for the limit's window; `kind` "export_running" rows mark an export still being written."""

    __tablename__ = "rate_event"
    __table_args__ = (Index("ix_rate_event_kind_key_at", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MfaCredential(db.Model):
    """A person's TOTP secret (RFC 6238), once enrolment has been confirmed with a code."""

    __tablename__ = "mfa_credential"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The last time step accepted: a code cannot be used twice.
    last_step: Mapped[int] = mapped_column(default=0)


class RecoveryCode(db.Model):
    """A single-use recovery code; only its hash is kept."""

    __tablename__ = "mfa_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
