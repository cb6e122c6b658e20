"""Writing to the audit log. Call `record` inside the operation it describes, before the commit."""

from __future__ import annotations

from typing import Any

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.org.models import Person


def record(
    action: str,
    *,
    actor: Person | None = None,
    target: Any = None,
    client_address: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event; `target` is any model instance with an `id`."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        target_type=type(target).__tablename__ if target is not None else None,
        target_id=getattr(target, "id", None),
        details=details,
        client_address=client_address,
    )
    db.session.add(event)
    db.session.flush()
    return event
