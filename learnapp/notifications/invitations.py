"""Invitations: one mail to each of a set of people saying how to get in. With single sign-on on,
a link to the sign-in page; otherwise a one-time link (valid INVITATION_DAYS) to set a first
password.

`invite` is set-based: one INSERT … SELECT into the outbox, one UPDATE of `invited_at` and one
INSERT … SELECT into the audit log, whatever the number of people. The mail is written at
delivery, in each person's language; the link's token is made then too (only its hash is kept),
so that no token exists for a mail that was never written.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import JSON, Select, insert, literal, select, update

from learnapp.audit.models import AuditEvent
from learnapp.auth import oidc_config
from learnapp.auth.models import PasswordResetToken, TokenPurpose
from learnapp.auth.services import hash_token
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.links import external_url
from learnapp.notifications.letters import letter
from learnapp.notifications.models import OutboxMail
from learnapp.notifications.outbox import queue_for_people
from learnapp.notifications.render import renderer
from learnapp.org.models import Person

KIND = "invitation"


def invitable(person_ids: Select[Any]) -> Select[Any]:
    """Of the selected people, those who can be invited: active and not anonymised."""
    return select(Person.id).where(
        Person.id.in_(person_ids.scalar_subquery()),
        Person.active,
        Person.anonymised_at.is_(None),
    )


def never_signed_in(person_ids: Select[Any]) -> Select[Any]:
    """Of the selected people, those who can be invited and have never signed in."""
    return invitable(person_ids).where(Person.last_login_at.is_(None))


def invite(person_ids: Select[Any], *, actor: Person | None, now: datetime | None = None) -> int:
    """Queue an invitation to each invitable person that `person_ids` (a SELECT of ids) names;
    mark them invited and audit it. Returns how many. Flushes; the caller commits."""
    now = now or utcnow()
    targets = invitable(person_ids)
    count = queue_for_people(KIND, targets, now=now)
    if not count:
        return 0
    ids = targets.subquery()
    db.session.execute(
        update(Person)
        .where(Person.id.in_(select(ids.c.id)))
        .values(invited_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        insert(AuditEvent).from_select(
            ["action", "at", "actor_id", "target_type", "target_id", "details"],
            select(
                literal("person.invited"),
                literal(now, type_=AuditEvent.at.type),
                literal(actor.id if actor is not None else None, type_=AuditEvent.actor_id.type),
                literal("person"),
                ids.c.id,
                literal({"sso": oidc_config.enabled()}, type_=JSON),
            ),
        )
    )
    db.session.flush()
    return count


def create_invitation_token(person_id: int, now: datetime) -> tuple[str, dict[str, Any]]:
    """A new token and the row that stores its hash (for one batched INSERT)."""
    token = secrets.token_urlsafe(32)
    days = int(current_app.config["INVITATION_DAYS"])
    row = {
        "person_id": person_id,
        "token_hash": hash_token(token),
        "created_at": now,
        "expires_at": now + timedelta(days=days),
        "purpose": TokenPurpose.INVITATION.value,
    }
    return token, row


@renderer(KIND)
def _render(mails: list[OutboxMail]) -> set[int]:
    wanted = {m.person_id for m in mails if m.person_id is not None}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(wanted)))}
    sso = oidc_config.enabled()
    now = utcnow()
    tokens: list[dict[str, Any]] = []
    cancelled: set[int] = set()
    for mail in mails:
        person = people.get(mail.person_id or 0)
        if person is None or not person.active or person.anonymised_at is not None:
            cancelled.add(mail.id)
            continue
        with force_locale(person.language or "sv"):
            if sso:
                _write_sso(mail, person)
            else:
                token, row = create_invitation_token(person.id, now)
                tokens.append(row)
                _write_password(mail, person, token)
    if tokens:
        db.session.execute(insert(PasswordResetToken), tokens)
    return cancelled


def _write_sso(mail: OutboxMail, person: Person) -> None:
    organisation = current_app.config["ORGANISATION_NAME"]
    mail.subject = _("You are invited to learnapp")
    mail.body = letter(
        person.name,
        _(
            "You have an account in learnapp, %(organisation)s's training platform.",
            organisation=organisation,
        ),
        _(
            "Sign in with the account you use at work (single sign-on): open the link and "
            'choose "%(button)s".',
            button=oidc_config.button_label(),
        ),
        external_url("auth.login"),
        _("Your e-mail address in learnapp: %(email)s", email=person.email),
        why=_("You get this message because an administrator invited you to learnapp."),
    )
    mail.to_address = person.email


def _write_password(mail: OutboxMail, person: Person, token: str) -> None:
    organisation = current_app.config["ORGANISATION_NAME"]
    days = int(current_app.config["INVITATION_DAYS"])
    mail.subject = _("You are invited to learnapp")
    mail.body = letter(
        person.name,
        _(
            "You have an account in learnapp, %(organisation)s's training platform.",
            organisation=organisation,
        ),
        ngettext(
            "Open this link within %(num)d day to choose your password. The link works once.",
            "Open this link within %(num)d days to choose your password. The link works once.",
            days,
        ),
        external_url("auth.invitation", token=token),
        _(
            "Then you sign in with your e-mail address (%(email)s) and the password.",
            email=person.email,
        ),
        _(
            "If the link has expired, ask for a new one on the sign-in page under "
            '"Forgotten your password?".'
        ),
        why=_("You get this message because an administrator invited you to learnapp."),
    )
    mail.to_address = person.email
