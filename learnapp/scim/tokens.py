"""Bearer tokens for the SCIM API: shown once when made, kept as a SHA-256, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select

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


def check(header: str | None) -> ScimToken | None:
    """The live token an `Authorization: Bearer …` header carries, or None."""
    if not header:
        return None
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        return None
    digest = hash_token(secret)
    token = db.session.scalar(
        select(ScimToken).where(ScimToken.token_hash == digest, ScimToken.revoked_at.is_(None))
    )
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    now = utcnow()
    if token.last_used_at is None or token.last_used_at < now - TOUCH_EVERY:
        token.last_used_at = now
    return token


def revoke(token: ScimToken, actor: Person | None) -> bool:
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    record("scim.token_revoked", actor=actor, target=token, name=token.name)
    return True


def listed() -> list[ScimToken]:
    return list(db.session.scalars(select(ScimToken).order_by(ScimToken.created_at.desc())))
