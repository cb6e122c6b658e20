"""Server-side sessions: started on sign-in, ended by sign-out, a password change, deactivation or
"sign out everywhere"; an optional remember token that lasts at most REMEMBER_DAYS and is rotated
on every use."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from learnapp.auth.models import AuthSession
from learnapp.bounds import is_digits
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Started:
    row: AuthSession
    token: str  # goes into the signed session cookie
    remember: str | None  # the remember cookie's value, "<id>.<token>", when asked for


def start(
    person: Person,
    *,
    remember_for: timedelta | None,
    user_agent: str,
    client_address: str,
    mfa_passed: bool = True,
) -> Started:
    """Open a session for the person; with `remember_for`, also a remember token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = AuthSession(
        person_id=person.id,
        token_hash=hash_token(token),
        created_at=now,
        last_seen_at=now,
        authenticated_at=now,
        user_agent=user_agent[:200],
        client_address=client_address[:64],
        mfa_passed=mfa_passed,
    )
    db.session.add(row)
    db.session.flush()
    remember = None
    if remember_for is not None:
        row.remember_until = now + remember_for
        remember = _new_remember_token(row)
    db.session.flush()
    return Started(row, token, remember)


def _new_remember_token(row: AuthSession) -> str:
    secret = secrets.token_urlsafe(32)
    row.remember_hash = hash_token(secret)
    return f"{row.id}.{secret}"


def _usable(row: AuthSession | None, now: datetime) -> bool:
    return row is not None and row.revoked_at is None and row.person.active


def find(token: str, idle_limit: timedelta) -> AuthSession | None:
    """The open session for a session-cookie token, with its person and roles; None when the
    session was ended, has been idle too long, or the person may no longer sign in."""
    row = db.session.scalar(
        select(AuthSession)
        .where(AuthSession.token_hash == hash_token(token))
        .options(joinedload(AuthSession.person).joinedload(Person.role_rows))
    )
    now = utcnow()
    if row is None or not _usable(row, now):
        return None
    if row.last_seen_at < now - idle_limit and not _remembered(row, now):
        return None
    return row


def _remembered(row: AuthSession, now: datetime) -> bool:
    return row.remember_until is not None and row.remember_until > now


def resume(value: str) -> Started | None:
    """Use a remember cookie: the session goes on with a fresh session token and a fresh remember
    token (the old ones stop working); None if the cookie is unknown, used, expired or ended."""
    row_id, _, secret = value.partition(".")
    if not is_digits(row_id) or not secret or len(row_id) > 18:
        return None
    row = db.session.get(AuthSession, int(row_id))
    now = utcnow()
    if row is None or not _usable(row, now) or not _remembered(row, now):
        return None
    if row.remember_hash is None or not secrets.compare_digest(
        row.remember_hash, hash_token(secret)
    ):
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash = hash_token(token)
    row.last_seen_at = now
    remember = _new_remember_token(row)
    db.session.flush()
    return Started(row, token, remember)


def touch_due(row: AuthSession, every: timedelta = timedelta(minutes=5)) -> bool:
    return row.last_seen_at < utcnow() - every


def revoke(row: AuthSession) -> None:
    row.revoked_at = utcnow()
    row.remember_hash = None
    db.session.flush()


def revoke_all(person: Person, *, keep: AuthSession | None = None) -> int:
    """End every open session of the person (but `keep`); return how many."""
    stmt = (
        update(AuthSession)
        .where(AuthSession.person_id == person.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), remember_hash=None)
    )
    if keep is not None:
        stmt = stmt.where(AuthSession.id != keep.id)
    result = db.session.execute(stmt, execution_options={"synchronize_session": "fetch"})
    db.session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def active(person: Person, idle_limit: timedelta) -> list[AuthSession]:
    """The person's open sessions, most recently used first."""
    now = utcnow()
    rows = db.session.scalars(
        select(AuthSession)
        .where(AuthSession.person_id == person.id, AuthSession.revoked_at.is_(None))
        .order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc())
    ).all()
    return [r for r in rows if r.last_seen_at >= now - idle_limit or _remembered(r, now)]


def needs_fresh_password(row: AuthSession, max_age: timedelta) -> bool:
    return row.authenticated_at < utcnow() - max_age


def confirm_password(row: AuthSession) -> None:
    row.authenticated_at = utcnow()
    db.session.flush()
