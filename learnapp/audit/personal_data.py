"""What the audit log holds about a person, for the personal-data registry."""

from __future__ import annotations

from sqlalchemy import update

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.personal_data import EXPORTED, Section, rows


def _own_events(person_id: int) -> list[dict[str, object]]:
    """What the person did: the action, when, on what, from which address. The details are
    left out: they may name other people."""
    return rows(
        {
            "action": AuditEvent.action,
            "at": AuditEvent.at,
            "target_type": AuditEvent.target_type,
            "target_id": AuditEvent.target_id,
            "client_address": AuditEvent.client_address,
        },
        [],
        AuditEvent.actor_id == person_id,
        AuditEvent.at,
        AuditEvent.id,
    )


def _anonymise(person_id: int, _old_email: str) -> None:
    """The details of sign-in events about the person (the e-mail typed) are removed; the
    events stay, naming no one."""
    db.session.execute(
        update(AuditEvent)
        .where(
            AuditEvent.target_type == "person",
            AuditEvent.target_id == person_id,
            AuditEvent.action.startswith("auth."),
        )
        .values(details={})
        .execution_options(synchronize_session=False)
    )


SECTIONS = (
    Section(
        "own_audit_events",
        order=80,
        claims={"audit_event.actor_id": EXPORTED},
        export=_own_events,
        anonymise=_anonymise,
    ),
)
