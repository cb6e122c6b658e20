"""Reading the audit log: filters, paging in SQL, and the rows of its export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.org.models import Person


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""  # e-mail, or part of it
    date_from: date | None = None
    date_to: date | None = None
    person_id: int | None = None  # events about this person


def _local_start(day: date) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


def _filtered(f: AuditFilter) -> Select[AuditEvent, str]:
    actor = aliased(Person)
    stmt = select(AuditEvent, actor.email).outerjoin(actor, actor.id == AuditEvent.actor_id)
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.actor.strip():
        stmt = stmt.where(actor.email.like(f"%{f.actor.strip().lower()}%"))
    if f.person_id is not None:
        stmt = stmt.where(AuditEvent.target_type == "person", AuditEvent.target_id == f.person_id)
    if f.date_from:
        stmt = stmt.where(AuditEvent.at >= _local_start(f.date_from))
    if f.date_to:
        stmt = stmt.where(AuditEvent.at < _local_start(f.date_to + timedelta(days=1)))
    return stmt


def page(f: AuditFilter, number: int, per_page: int = 50) -> tuple[list[Any], int]:
    stmt = _filtered(f)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(
        stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((number - 1) * per_page)
    ).all()
    return list(rows), total


def actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def export_rows(f: AuditFilter) -> Iterator[list[Any]]:
    """Rows for the CSV export, streamed in batches."""
    stmt = _filtered(f).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    for event, email in db.session.execute(stmt.execution_options(yield_per=1000)):
        yield [
            event.at,
            event.action,
            email or "",
            event.target_type or "",
            event.target_id,
            event.client_address or "",
            _details(event.details),
        ]


def _details(details: dict[str, Any] | None) -> str:
    import json

    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str)
