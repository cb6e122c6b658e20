"""Writing to the audit log. Call `record` inside the operation it describes, before the commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from learnapp.audit.models import AuditEvent
from learnapp.db import utcnow
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


def record_many(
    action: str,
    targets: list[tuple[str, int, dict[str, Any]]],
    *,
    actor: Person | None = None,
) -> None:
    """Add one audit event per (target type, target id, details), in one batched INSERT."""
    if not targets:
        return
    now = utcnow()
    db.session.execute(
        insert(AuditEvent),
        [
            {
                "action": action,
                "at": now,
                "actor_id": actor.id if actor is not None else None,
                "target_type": target_type,
                "target_id": target_id,
                "details": details,
            }
            for target_type, target_id, details in targets
        ],
    )


class Batch:
    """Audit events gathered while one operation runs, written in one INSERT by `write`: for a
    request that records several (a SCIM create: the person, their manager's new unit)."""

    def __init__(self, *, actor: Person | None = None) -> None:
        self.actor_id = actor.id if actor is not None else None
        self.rows: list[dict[str, Any]] = []

    def record(self, action: str, *, target: Any = None, **details: Any) -> None:
        """As `record`; the target must already have its id."""
        self.rows.append(
            {
                "action": action,
                "actor_id": self.actor_id,
                "target_type": type(target).__tablename__ if target is not None else None,
                "target_id": getattr(target, "id", None),
                "details": details,
            }
        )

    def write(self) -> None:
        if not self.rows:
            return
        now = utcnow()
        db.session.execute(insert(AuditEvent), [{"at": now, **row} for row in self.rows])
        self.rows.clear()
