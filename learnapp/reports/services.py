"""Saving a status report and taking a snapshot; each writes to the audit log. They flush."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from learnapp.audit.services import record
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.reports import snapshots
from learnapp.reports.models import SavedReport


def save_report(
    data: dict[str, Any],
    *,
    title: str,
    meeting_on: date | None,
    assessment: str,
    measures: str,
    actor: Person | None,
    now: datetime,
    client_address: str | None = None,
) -> SavedReport:
    """Freeze the report's figures (`data`, as built) with the coordinator's text."""
    inventory = data.get("inventory") or {}
    report = SavedReport(
        title=title.strip(),
        meeting_on=meeting_on,
        period_start=date.fromisoformat(data["period"]["start"]),
        period_end=date.fromisoformat(data["period"]["end"]),
        inventory_id=inventory.get("id"),
        assessment=assessment.strip(),
        measures=measures.strip(),
        data=data,
        saved_at=now,
        saved_by_id=actor.id if actor is not None else None,
    )
    db.session.add(report)
    db.session.flush()
    record("reports.saved", actor=actor, target=report, client_address=client_address)
    return report


def take_snapshot(
    today: date, now: datetime, actor: Person | None = None, client_address: str | None = None
) -> int:
    rows = snapshots.take(today, now)
    record(
        "reports.snapshot_taken",
        actor=actor,
        client_address=client_address,
        month=snapshots.month_of(today),
        rows=rows,
    )
    return rows
