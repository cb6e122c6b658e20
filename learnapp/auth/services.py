"""Sign-in rules: checking credentials with throttling, password change and one-time resets."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from learnapp.audit.services import record
from learnapp.auth import sessions
from learnapp.auth.models import AuthSession, LoginFailure, PasswordResetToken, TokenPurpose
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.org.services import find_person_by_email


class LoginOutcome(Enum):
    OK = "ok"
    INVALID = "invalid"  # wrong password, unknown or deactivated account: all look the same
    THROTTLED = "throttled"  # too many failures for the account
    SLOWED = "slowed"  # many failures from the client's address: one try per interval


@dataclass(frozen=True)
class ThrottlePolicy:
    window: timedelta
    max_per_account: int
    max_per_address: int
    # Past max_per_address, an address gets one try per interval (unless the browser has signed
    # in to the account before): a spraying run slows to a crawl, colleagues behind the same
    # NAT are not locked out.
    address_interval: timedelta = timedelta(seconds=10)


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


def begin_attempt(email: str, client_address: str) -> LoginFailure:
    """Record a sign-in attempt as a failure before anything is checked. The caller commits it,
    then calls `authenticate`: parallel attempts then each count all the others, so no more than
    the limit ever reach the password check."""
    attempt = LoginFailure(email=Person.normalise_email(email), client_address=client_address)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def throttle_outcome(
    attempt: LoginFailure, policy: ThrottlePolicy, *, known_device: bool = False
) -> LoginOutcome | None:
    """THROTTLED or SLOWED if the attempt (already recorded) may not go on, else None."""
    if _failures_since(LoginFailure.email, attempt.email, policy) > policy.max_per_account:
        return LoginOutcome.THROTTLED
    if known_device:
        return None
    address = attempt.client_address
    if _failures_since(LoginFailure.client_address, address, policy) > policy.max_per_address:
        recent = db.session.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(
                LoginFailure.client_address == address,
                LoginFailure.id != attempt.id,
                LoginFailure.at > utcnow() - policy.address_interval,
            )
        )
        if recent:
            return LoginOutcome.SLOWED
    return None


def _dummy_hash() -> str:
    """A hash of the configured method for checking a password when there is no account, so
    that an unknown address takes as long to refuse as a wrong password."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _DUMMY_HASHES[method]


_DUMMY_HASHES: dict[str, str] = {}


def authenticate(
    attempt: LoginFailure, password: str, policy: ThrottlePolicy, *, known_device: bool = False
) -> LoginResult:
    """Check a recorded sign-in attempt. A throttled account or address is refused before the
    password is looked at, and the answer never tells whether the account exists."""
    email, client_address = attempt.email, attempt.client_address
    throttled = throttle_outcome(attempt, policy, known_device=known_device)
    if throttled is not None:
        # A refused attempt does not count: the limit is on passwords tried.
        db.session.delete(attempt)
        record("auth.login_throttled", client_address=client_address, email=email)
        return LoginResult(throttled)
    person = find_person_by_email(email)
    if person is None or not person.active or not person.password_hash:
        check_password_hash(_dummy_hash(), password)
        record("auth.login_failed", target=person, client_address=client_address, email=email)
        return LoginResult(LoginOutcome.INVALID)
    if not person.check_password(password):
        record("auth.login_failed", target=person, client_address=client_address, email=email)
        return LoginResult(LoginOutcome.INVALID)
    person.last_login_at = utcnow()
    db.session.flush()
    return LoginResult(LoginOutcome.OK, person)


def clear_failures(email: str) -> None:
    """After a complete sign-in (with the second factor when there is one)."""
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.email == Person.normalise_email(email))
    )
    db.session.flush()


def change_password(person: Person, new_password: str, *, keep: AuthSession | None = None) -> None:
    """Set a new password and end the person's other sessions (all but `keep`)."""
    person.set_password(new_password)
    person.session_version += 1
    sessions.revoke_all(person, keep=keep)
    db.session.flush()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_reset_token(person: Person, valid_for: timedelta) -> str:
    """Create a one-time reset token for the person; return the token (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordResetToken(
            person_id=person.id, token_hash=hash_token(token), expires_at=utcnow() + valid_for
        )
    )
    db.session.flush()
    return token


def reset_mail_allowed(person: Person, interval: timedelta) -> bool:
    """No more than one reset mail per account per interval (a flooded mailbox)."""
    latest = db.session.scalar(
        select(func.max(PasswordResetToken.created_at)).where(
            PasswordResetToken.person_id == person.id,
            PasswordResetToken.purpose == TokenPurpose.RESET.value,
        )
    )
    return latest is None or latest <= utcnow() - interval


def find_valid_reset_token(
    token: str, purpose: TokenPurpose = TokenPurpose.RESET
) -> PasswordResetToken | None:
    """The unused, unexpired token of this purpose for this string, if any: a reset link is no
    invitation, and an invitation's link is no reset link."""
    row = db.session.scalar(
        select(PasswordResetToken).where(
            PasswordResetToken.token_hash == hash_token(token),
            PasswordResetToken.purpose == purpose.value,
        )
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
