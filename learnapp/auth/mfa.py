"""Two-step sign-in: TOTP codes (RFC 6238, pyotp) and single-use recovery codes.

Required for the roles in MFA_REQUIRED_ROLES (default admin and coordinator), optional for
everyone else. The QR code is drawn on the server as SVG (segno): no external service.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Iterable
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select, update

from learnapp.auth.models import MfaCredential, RecoveryCode
from learnapp.bounds import is_digits
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person

RECOVERY_CODES = 10
ISSUER = "learnapp"


def required_roles() -> frozenset[str]:
    value = current_app.config.get("MFA_REQUIRED_ROLES") or ()
    items: Iterable[str] = value.split(",") if isinstance(value, str) else value
    return frozenset(str(r).strip() for r in items if str(r).strip())


def is_required(person: Person) -> bool:
    return any(role.value in required_roles() for role in person.roles)


def credential(person: Person) -> MfaCredential | None:
    return db.session.get(MfaCredential, person.id)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(person: Person, secret: str) -> str:
    issuer = f"{ISSUER} ({current_app.config.get('ORGANISATION_NAME') or ISSUER})"
    return pyotp.TOTP(secret).provisioning_uri(name=person.email, issuer_name=issuer)


# The QR code's mask pattern. Any of the eight reads the same; finding the one with the fewest
# look-alike patterns (segno's default) scores all eight and took about 8 of the set-up page's
# 12 ms of CPU, on every view of the page.
QR_MASK = 4


def qr_svg(uri: str) -> str:
    """The QR code as an inline SVG element (dark on light, with a title for screen readers)."""
    out = io.BytesIO()
    segno.make(uri, error="m", mask=QR_MASK).save(
        out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="QR", nl=False
    )
    return out.getvalue().decode()


def _step_of(secret: str, code: str, now: datetime) -> int | None:
    """The time step the code belongs to (this one, or one before or after), or None."""
    totp = pyotp.TOTP(secret)
    for drift in (0, -1, 1):
        at = now.timestamp() + drift * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            return int(at // totp.interval)
    return None


def code_matches(secret: str, code: str) -> bool:
    """For enrolment: the code fits the new secret."""
    cleaned = _clean(code)
    if not (is_digits(cleaned) and len(cleaned) == 6):
        return False
    return _step_of(secret, cleaned, utcnow()) is not None


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _hash(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def enrol(person: Person, secret: str) -> list[str]:
    """Store the confirmed secret and make ten fresh recovery codes; return them (shown once)."""
    db.session.execute(delete(MfaCredential).where(MfaCredential.person_id == person.id))
    db.session.add(MfaCredential(person_id=person.id, secret=secret, enrolled_at=utcnow()))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    db.session.add_all(RecoveryCode(person_id=person.id, code_hash=_hash(c)) for c in codes)
    db.session.flush()
    return codes


def verify(person: Person, code: str) -> str | None:
    """Check a sign-in code: "totp" or "recovery" when it is right (a recovery code is spent,
    a TOTP code cannot be used again), None when wrong."""
    row = credential(person)
    if row is None:
        return None
    cleaned = _clean(code)
    if is_digits(cleaned) and len(cleaned) == 6:
        step = _step_of(row.secret, cleaned, utcnow())
        if step is None or step <= row.last_step:
            return None
        row.last_step = step
        db.session.flush()
        return "totp"
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.person_id == person.id,
            RecoveryCode.code_hash == _hash(cleaned),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return "recovery" if getattr(spent, "rowcount", 0) == 1 else None


def recovery_codes_left(person: Person) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.person_id == person.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def reset(person: Person) -> bool:
    """Remove the person's second factor (an admin's action); True if there was one."""
    had = credential(person) is not None
    db.session.execute(delete(MfaCredential).where(MfaCredential.person_id == person.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    db.session.flush()
    return had
