"""The coordinator's figures: department × course cells and completions per month, read from the
trigger-kept counters (a few hundred rows), never from everyone's status rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Department
from learnapp.swedish import in_swedish_order
from learnapp.training.cells import Cell
from learnapp.training.models import Status
from learnapp.training.rollups import NO_DEPARTMENT, CompletionMonth, StatusCount


def _counted_cells(*where: ColumnElement[bool]) -> dict[tuple[int, int], Cell]:
    """Department × course cells from the trigger-kept counters (a few hundred rows)."""
    sc = StatusCount

    def total(cond: ColumnElement[bool] | None = None) -> Any:
        return func.coalesce(func.sum(sc.n if cond is None else case((cond, sc.n), else_=0)), 0)

    done = sc.status == Status.COMPLETED.value
    key = sc.is_key_person.is_(True)
    rows = db.session.execute(
        select(
            sc.department_id,
            sc.course_id,
            total(),
            total(done),
            total(sc.status == Status.OVERDUE.value),
            total(key),
            total(key & done),
        )
        .where(sc.department_id != NO_DEPARTMENT, *where)
        .group_by(sc.department_id, sc.course_id)
        .having(func.sum(sc.n) > 0)
    )
    return {
        (d, c): Cell(int(a), int(n), int(late), int(ka), int(kd))
        for d, c, a, n, late, ka, kd in rows
    }


def department_cells() -> dict[tuple[int, int], Cell]:
    """Department × course (coordinator's overview), from the rollup."""
    return _counted_cells()


def courses_counted(*where: ColumnElement[bool]) -> list[Course]:
    """Courses assigned to someone in a department (conditions on StatusCount), by title."""
    ids = (
        select(StatusCount.course_id)
        .where(StatusCount.n > 0, StatusCount.department_id != NO_DEPARTMENT, *where)
        .distinct()
    )
    return list(
        db.session.scalars(
            select(Course).where(Course.id.in_(ids)).order_by(in_swedish_order(Course.title))
        )
    )


def departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(in_swedish_order(Department.name))))


def mandatory_courses() -> list[Course]:
    return courses_counted(StatusCount.mandatory.is_(True))


def mandatory_cells() -> dict[tuple[int, int], Cell]:
    """Department × mandatory course (the status report), from the rollup."""
    return _counted_cells(StatusCount.mandatory.is_(True))


def completions_per_month(since: datetime) -> list[tuple[str, int]]:
    """Completions per calendar month (UTC) from `since`'s month, as ("2026-03", n), oldest first.

    Read from the trigger-kept counter. A completion counts in the month it happened, also when
    the person has since left: training that took place stays in the history.
    """
    first = since.astimezone(UTC).strftime("%Y-%m")
    rows = db.session.execute(
        select(CompletionMonth.month, CompletionMonth.n)
        .where(CompletionMonth.month >= first, CompletionMonth.n > 0)
        .order_by(CompletionMonth.month)
    )
    return [(str(m), int(n)) for m, n in rows]


def month_series(
    counts: list[tuple[str, int]], today: date, months: int = 12
) -> list[tuple[str, int]]:
    """The last `months` months, oldest first, with zero for months without completions."""
    by_month = dict(counts)
    series = []
    year, month = today.year, today.month
    for _ in range(months):
        key = f"{year:04d}-{month:02d}"
        series.append((key, by_month.get(key, 0)))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(series))
