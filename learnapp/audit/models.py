from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnapp.db import UTCDateTime, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person


class AuditEvent(db.Model):
    """One thing that happened: an import, an export, a role change, a failed sign-in, …"""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))  # e.g. "auth.login_failed", "export.needs"
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column()
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client_address: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[Person | None] = relationship()
