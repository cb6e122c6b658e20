"""Sign-in rules: checking credentials with throttling, password change and one-time resets."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any

from sqlalchemy import delete, func, select, update

from learnapp.audit.services import record
from learnapp.auth.models import LoginFailure, PasswordResetToken
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.org.services import find_person_by_email


class LoginOutcome(Enum):
    OK = "ok"
    INVALID = "invalid"  # wrong password, unknown or deactivated account: all look the same
    THROTTLED = "throttled"


@dataclass(frozen=True)
class ThrottlePolicy:
    window: timedelta
    max_per_account: int
    max_per_address: int


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    person: Person | None = None


def _failures_since(column: Any, value: str, policy: ThrottlePolicy) -> int:
    since = utcnow() - policy.window
    return (
        db.session.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(column == value, LoginFailure.at > since)
        )
        or 0
    )


def is_throttled(email: str, client_address: str, policy: ThrottlePolicy) -> bool:
    email = Person.normalise_email(email)
    return (
        _failures_since(LoginFailure.email, email, policy) >= policy.max_per_account
        or _failures_since(LoginFailure.client_address, client_address, policy)
        >= policy.max_per_address
    )


def authenticate(
    email: str, password: str, client_address: str, policy: ThrottlePolicy
) -> LoginResult:
    """Check a sign-in attempt. A throttled account or address is refused before the password
    is looked at, and the answer never tells whether the account exists."""
    email = Person.normalise_email(email)
    if is_throttled(email, client_address, policy):
        record("auth.login_throttled", client_address=client_address, email=email)
        return LoginResult(LoginOutcome.THROTTLED)
    person = find_person_by_email(email)
    if person is None or not person.active or not person.check_password(password):
        db.session.add(LoginFailure(email=email, client_address=client_address))
        record("auth.login_failed", target=person, client_address=client_address, email=email)
        return LoginResult(LoginOutcome.INVALID)
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    person.last_login_at = utcnow()
    db.session.flush()
    return LoginResult(LoginOutcome.OK, person)


def change_password(person: Person, new_password: str) -> None:
    """Set a new password and end the person's other sessions."""
    person.set_password(new_password)
    person.session_version += 1
    db.session.flush()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_reset_token(person: Person, valid_for: timedelta) -> str:
    """Create a one-time reset token for the person; return the token (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordResetToken(
            person_id=person.id, token_hash=_hash_token(token), expires_at=utcnow() + valid_for
        )
    )
    db.session.flush()
    return token


def find_valid_reset_token(token: str) -> PasswordResetToken | None:
    """The unused, unexpired reset token for this string, if any."""
    row = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _hash_token(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    if not row.person.active:
        return None
    return row


def reset_password(row: PasswordResetToken, new_password: str) -> Person:
    """Use a reset token: set the password, spend this and every other open token of the person."""
    now = utcnow()
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.person_id == row.person_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    person = row.person
    change_password(person, new_password)
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == person.email))
    db.session.flush()
    return person
