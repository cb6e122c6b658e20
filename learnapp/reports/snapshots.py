"""Monthly snapshots of mandatory-course completion, and the quarterly trend read from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, literal, select

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Department
from learnapp.reports.models import CompletionSnapshot
from learnapp.training.models import Status
from learnapp.training.rollups import StatusCount


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def take(today: date, now: datetime) -> int:
    """Store this month's snapshot (replacing one taken earlier this month); return its rows.

    Two set-based statements over the rollup's counters (a few hundred rows at any size).
    """
    month = month_of(today)
    sc = StatusCount

    def total(cond: Any = None) -> Any:
        return func.coalesce(func.sum(sc.n if cond is None else case((cond, sc.n), else_=0)), 0)

    rows = (
        select(
            literal(month),
            sc.department_id,
            sc.course_id,
            sc.is_key_person,
            Department.name,
            Course.title,
            total(),
            total(sc.status == Status.COMPLETED.value),
            total(sc.status == Status.OVERDUE.value),
            literal(now, CompletionSnapshot.taken_at.type),
        )
        .join(Department, Department.id == sc.department_id)
        .join(Course, Course.id == sc.course_id)
        .where(sc.mandatory.is_(True))
        .group_by(sc.department_id, sc.course_id, sc.is_key_person, Department.name, Course.title)
        .having(func.sum(sc.n) > 0)
    )
    db.session.execute(delete(CompletionSnapshot).where(CompletionSnapshot.month == month))
    columns = [
        "month",
        "department_id",
        "course_id",
        "is_key_person",
        "department_name",
        "course_title",
        "assigned",
        "completed",
        "overdue",
        "taken_at",
    ]
    db.session.execute(insert(CompletionSnapshot).from_select(columns, rows))
    db.session.flush()
    count = select(func.count()).select_from(CompletionSnapshot)
    return int(db.session.scalar(count.where(CompletionSnapshot.month == month)) or 0)


@dataclass(frozen=True)
class QuarterPoint:
    """Completion of the mandatory courses at the last snapshot of a quarter."""

    quarter: str  # "2026 K3"
    month: str
    assigned: int
    completed: int
    key_assigned: int
    key_completed: int

    @property
    def share(self) -> float | None:
        return self.completed / self.assigned if self.assigned else None

    @property
    def key_share(self) -> float | None:
        return self.key_completed / self.key_assigned if self.key_assigned else None


def quarter_of(month: str) -> str:
    year, mon = month.split("-")
    return f"{year} K{(int(mon) - 1) // 3 + 1}"


def quarterly_trend(until: date, quarters: int = 8) -> list[QuarterPoint]:
    """The last snapshot of each quarter up to `until`'s month, the newest `quarters` of them,
    oldest first. Summed per month in SQL; the last month of each quarter is picked from those."""
    cs = CompletionSnapshot
    key = cs.is_key_person.is_(True)
    rows = db.session.execute(
        select(
            cs.month,
            func.sum(cs.assigned),
            func.sum(cs.completed),
            func.sum(case((key, cs.assigned), else_=0)),
            func.sum(case((key, cs.completed), else_=0)),
        )
        .where(cs.month <= month_of(until))
        .group_by(cs.month)
        .order_by(cs.month)
    )
    last: dict[str, QuarterPoint] = {}
    for month, assigned, completed, key_assigned, key_completed in rows:
        q = quarter_of(str(month))
        last[q] = QuarterPoint(
            q, str(month), int(assigned), int(completed), int(key_assigned), int(key_completed)
        )
    return list(last.values())[-quarters:]
