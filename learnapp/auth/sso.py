"""Who a single sign-on is: the person matched by the provider's subject, else by e-mail.

The subject (Entra ID's `oid`, else `sub`) is remembered on the person at the first sign-on, so a
later change of address still finds them. An unknown person is refused, or, with
OIDC_CREATE_UNKNOWN, created in the unit OIDC_CREATE_UNIT names. Flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select

from learnapp import signals
from learnapp.audit.services import record
from learnapp.auth.oidc_config import flag, names
from learnapp.bounds import is_digits
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.org.services import create_person, find_person_by_email


class Outcome(Enum):
    OK = "ok"
    UNKNOWN = "unknown"  # neither the subject nor the address is known (and no creating)
    DEACTIVATED = "deactivated"
    NO_EMAIL = "no_email"  # the token has no usable address and the subject is unknown
    CONFLICT = "conflict"  # the address belongs to a person linked to another subject


@dataclass(frozen=True)
class Match:
    outcome: Outcome
    person: Person | None = None
    email: str | None = None
    created: bool = False


def subject_of(claims: dict[str, Any]) -> str:
    """Entra ID's object id (`oid`) is the same for the person in every application, and stays;
    other providers' `sub`."""
    return str(claims.get("oid") or claims["sub"])


def email_of(claims: dict[str, Any]) -> str | None:
    """The first claim of OIDC_EMAIL_CLAIMS that holds an e-mail address, lower-cased."""
    for name in names(current_app.config.get("OIDC_EMAIL_CLAIMS") or "email"):
        value = claims.get(name)
        if not isinstance(value, str) or "@" not in value:
            continue
        try:
            return validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            continue
    return None


def _creation_unit() -> Unit | None:
    wanted = str(current_app.config.get("OIDC_CREATE_UNIT") or "").strip()
    if not wanted:
        return None
    if is_digits(wanted):
        return db.session.get(Unit, int(wanted))
    found = db.session.scalars(select(Unit).where(Unit.name == wanted).limit(2)).all()
    return found[0] if len(found) == 1 else None


def match(claims: dict[str, Any]) -> Match:
    """Find (or create) the person the ID token names. Writes only on OK: the subject remembered
    at the first sign-on, or the person created."""
    subject = subject_of(claims)
    email = email_of(claims)
    person = db.session.scalar(select(Person).where(Person.oidc_subject == subject))
    created = False
    if person is None:
        if email is None:
            return Match(Outcome.NO_EMAIL)
        person = find_person_by_email(email)
        if person is not None and person.oidc_subject not in (None, subject):
            return Match(Outcome.CONFLICT, person, email)
    if person is None:
        assert email is not None
        unit = _creation_unit() if flag(current_app.config.get("OIDC_CREATE_UNKNOWN")) else None
        if unit is None:
            return Match(Outcome.UNKNOWN, email=email)
        person = _create(claims, email, unit)
        created = True
    if not person.active or person.anonymised_at is not None:
        return Match(Outcome.DEACTIVATED, person, email)
    if person.oidc_subject is None:
        person.oidc_subject = subject
    person.last_login_at = utcnow()
    db.session.flush()
    return Match(Outcome.OK, person, email, created)


def _create(claims: dict[str, Any], email: str, unit: Unit) -> Person:
    name = str(claims.get("name") or "").strip()[:200] or email
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    person = create_person(name, email, unit=unit, language=language)
    record("person.created", target=person, reason="sso", unit=unit.id)
    signals.person_changed.send(person=person, created=True, moved=False, deactivated=False)
    return person
