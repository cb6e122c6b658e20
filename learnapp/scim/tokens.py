"""Bearer tokens for the SCIM API: shown once when made, kept as a SHA-256, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, select, update

from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.scim.models import ScimToken

PREFIX = "scim_"
# Last use is written at most this often: not one extra write for every one of 10,000 requests.
TOUCH_EVERY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(name: str, actor: Person | None) -> tuple[ScimToken, str]:
    """A new token; the secret is returned here only (the database keeps its hash)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ScimToken(name=name.strip()[:100], token_hash=hash_token(secret), created_by_id=(
        actor.id if actor else None))  # fmt: skip
    db.session.add(token)
    db.session.flush()
    record("scim.token_created", actor=actor, target=token, name=token.name)
    return token, secret


# Built once: every SCIM request runs it.
_LIVE = select(ScimToken.id, ScimToken.last_used_at).where(
    ScimToken.token_hash == bindparam("digest"), ScimToken.revoked_at.is_(None)
)


class Checked(NamedTuple):
    token_id: int
    touched: bool  # its last use was written: the caller commits


def check(header: str | None) -> Checked | None:
    """The live token an `Authorization: Bearer …` header carries, or None (one query; its last
    use is written at most once a minute)."""
    if not header:
        return None
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        return None
    row = db.session.execute(_LIVE, {"digest": hash_token(secret)}).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at is not None and row.last_used_at >= now - TOUCH_EVERY:
        return Checked(row.id, False)
    db.session.execute(update(ScimToken).where(ScimToken.id == row.id).values(last_used_at=now))
    return Checked(row.id, True)


def revoke(token: ScimToken, actor: Person | None) -> bool:
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    record("scim.token_revoked", actor=actor, target=token, name=token.name)
    return True


def listed() -> list[ScimToken]:
    return list(db.session.scalars(select(ScimToken).order_by(ScimToken.created_at.desc())))
