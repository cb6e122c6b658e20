"""Monthly completion snapshots and saved status reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.db import UTCDateTime, utcnow
from learnapp.extensions import db
from learnapp.training.models import CourseStatus


class CompletionSnapshot(db.Model):
    """Completion of the mandatory courses in one month, per department × course × key person.

    Copied from the rollup by `flask reports snapshot` (monthly from cron, or on demand), with the
    department's name and the course's title as they were, so the trend survives people leaving,
    departments being renamed and rules changing. A second snapshot in the same month replaces it.
    """

    __tablename__ = "completion_snapshot"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-03"
    department_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    course_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    is_key_person: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    department_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(300))
    assigned: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int] = mapped_column(Integer, default=0)
    overdue: Mapped[int] = mapped_column(Integer, default=0)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SavedReport(db.Model):
    """A status report as it was when saved ("Spara som rapport"): figures and text, frozen.

    Nothing updates a saved report; its figures are the JSON `data` built when it was saved.
    """

    __tablename__ = "saved_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    meeting_on: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    inventory_id: Mapped[int | None] = mapped_column(
        ForeignKey("needs_inventory.id", ondelete="SET NULL")
    )
    assessment: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


class SavedReportChanged(Exception):
    """Something tried to change a saved report, which never changes."""


@event.listens_for(SavedReport, "before_update")
def _refuse_changes(_mapper: Any, _connection: Any, report: SavedReport) -> None:
    raise SavedReportChanged(f"saved report {report.id} cannot be changed")


# The status report's "completed in the period": per department, the mandatory courses completed
# between two dates. Declared here, beside the report that reads it, on the training feature's
# table; partial, so it holds only completed mandatory assignments (an index-only scan).
COMPLETED_IN_PERIOD_INDEX = Index(
    "ix_course_status_completed_mandatory",
    CourseStatus.completed_at,
    CourseStatus.department_id,
    CourseStatus.is_key_person,
    postgresql_where=text("assigned AND mandatory AND status = 'completed'"),
    # SQLite's predicate as SQLAlchemy writes the query's booleans there ("= 1"): SQLite uses a
    # partial index only for a query that states its predicate's terms (migration 0024).
    sqlite_where=text("assigned = 1 AND mandatory = 1 AND status = 'completed'"),
)
