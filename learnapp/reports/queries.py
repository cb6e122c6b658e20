"""The status report's figures, aggregated in the database, as one plain (JSON-ready) dict.

The live report page, "Spara som rapport" and every download render the same dict, so a saved
report is exactly what the coordinator saw, and its downloads show the same figures later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import case, func, literal, select

from learnapp.areas.models import CompetenceArea
from learnapp.extensions import db
from learnapp.needs.models import InventoryState, NeedsInventory
from learnapp.needs.reports import heat_map, response_rates
from learnapp.reports import snapshots
from learnapp.reports.models import SavedReport
from learnapp.training import figures
from learnapp.training.cells import Cell
from learnapp.training.models import CourseStatus, Status

DATA_VERSION = 1
TOP_AREAS = 3


@dataclass(frozen=True)
class InventoryChoice:
    inventory: NeedsInventory | None
    how: str  # "chosen", "closed" (the newest closed), "open" (the newest open), "none"


def inventories() -> list[NeedsInventory]:
    """Inventories a report can use (opened at least once), newest first."""
    return list(
        db.session.scalars(
            select(NeedsInventory)
            .where(NeedsInventory.state != InventoryState.DRAFT.value)
            .order_by(NeedsInventory.opened_at.desc(), NeedsInventory.id.desc())
        )
    )


def choose_inventory(inventory_id: int | None) -> InventoryChoice:
    """The chosen inventory, else the newest closed one, else the newest open one."""
    if inventory_id:
        chosen = db.session.get(NeedsInventory, inventory_id)
        if chosen is not None and not chosen.is_draft:
            return InventoryChoice(chosen, "chosen")
    for state, order in (
        (InventoryState.CLOSED, NeedsInventory.closed_at),
        (InventoryState.OPEN, NeedsInventory.opened_at),
    ):
        newest = db.session.scalars(
            select(NeedsInventory)
            .where(NeedsInventory.state == state.value)
            .order_by(order.desc(), NeedsInventory.id.desc())
            .limit(1)
        ).first()
        if newest is not None:
            return InventoryChoice(newest, state.value)
    return InventoryChoice(None, "none")


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _inventory_data(choice: InventoryChoice) -> dict[str, Any] | None:
    inv = choice.inventory
    if inv is None:
        return None
    return {
        "id": inv.id,
        "title": inv.title,
        "state": inv.state,
        "how": choice.how,
        "opens_on": _iso(inv.opens_on),
        "closes_on": _iso(inv.closes_on),
        "opened_at": _iso(inv.opened_at),
        "closed_at": _iso(inv.closed_at),
    }


def _cell(cell: Cell | None) -> dict[str, int]:
    cell = cell or Cell()
    return {
        "assigned": cell.assigned,
        "completed": cell.completed,
        "overdue": cell.overdue,
        "key_assigned": cell.key_assigned,
        "key_completed": cell.key_completed,
    }


def _completed_in_period(start: date, end: date) -> dict[int, dict[str, int]]:
    """Per department: mandatory courses completed between start and end (inclusive dates)."""
    key = CourseStatus.is_key_person.is_(True)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    in_period = (
        CourseStatus.completed_at >= datetime.combine(start, time.min, zone).astimezone(UTC),
        CourseStatus.completed_at
        < datetime.combine(end + timedelta(days=1), time.min, zone).astimezone(UTC),
    )
    rows = db.session.execute(
        select(
            CourseStatus.department_id,
            func.count(),
            func.coalesce(func.sum(case((key, 1), else_=0)), 0),
        )
        .where(
            # Plain boolean columns, as the partial index's predicate (reports/models.py) has
            # them: PostgreSQL does not match "assigned IS true" to "assigned".
            CourseStatus.assigned,
            CourseStatus.mandatory,
            # Written into the SQL, not bound, so that the planner sees the partial index's
            # "status = 'completed'" whatever it does with parameters (a generic plan cannot
            # use it; SQLite at 100,000 people read the departments' index: 69 ms, now 6 ms).
            CourseStatus.status == literal(Status.COMPLETED.value, literal_execute=True),
            CourseStatus.department_id.is_not(None),
            *in_period,
        )
        .group_by(CourseStatus.department_id)
    )
    return {int(d): {"all": int(n), "key": int(k)} for d, n, k in rows}


def _top_areas(
    inventory: NeedsInventory | None, respondents: dict[int, int], minimum: int
) -> dict[int, list[dict[str, Any]]]:
    """Per department: the areas where most respondents report a great need, at most three;
    none for a department with fewer than `minimum` respondents (one person's answers)."""
    if inventory is None:
        return {}
    areas = {a.id: a for a in db.session.scalars(select(CompetenceArea))}
    by_department: dict[int, list[tuple[int, Any]]] = {}
    for (dept_id, area_id), cell in heat_map(inventory).items():
        if cell.great and respondents.get(dept_id, 0) >= minimum and area_id in areas:
            by_department.setdefault(dept_id, []).append((area_id, cell))
    result = {}
    for dept_id, cells in by_department.items():
        cells.sort(key=lambda c: (-c[1].great, -(c[1].share_great or 0), areas[c[0]].position))
        result[dept_id] = [
            {
                "name_sv": areas[area_id].name_sv,
                "name_en": areas[area_id].name_en,
                "great": cell.great,
                "answers": cell.answers,
            }
            for area_id, cell in cells[:TOP_AREAS]
        ]
    return result


def routine_acknowledgements() -> dict[str, Any] | None:
    """Routine acknowledgement per department, for the report's routines column:
    {"routines": [{"id", "title"}], "departments": {str(dept_id): {"acknowledged", "asked"}},
    "total": {"acknowledged", "asked"}}, or None while no routine is published (the templates and
    downloads show the column when this is not None).
    """
    from learnapp.routines.followup import report_figures

    return report_figures()


def previous_report(before: datetime | None = None) -> SavedReport | None:
    stmt = select(SavedReport).order_by(SavedReport.saved_at.desc(), SavedReport.id.desc())
    if before is not None:
        stmt = stmt.where(SavedReport.saved_at < before)
    return db.session.scalars(stmt.limit(1)).first()


def build(start: date, end: date, choice: InventoryChoice, now: datetime) -> dict[str, Any]:
    """Every figure of the status report, read from the stored statuses and rollups."""
    minimum = int(current_app.config["NEEDS_MIN_RESPONDENTS"])
    courses = figures.mandatory_courses()
    cells = figures.mandatory_cells()
    rates = {r.id: r for r in response_rates(choice.inventory)} if choice.inventory else {}
    respondents = {dept_id: r.answered for dept_id, r in rates.items()}
    top = _top_areas(choice.inventory, respondents, minimum)
    in_period = _completed_in_period(start, end)

    departments: list[dict[str, Any]] = []
    totals: dict[str, dict[str, int]] = {str(c.id): _cell(None) for c in courses}
    for dept in figures.departments():
        mine = {str(c.id): _cell(cells.get((dept.id, c.id))) for c in courses}
        for cid, cell in mine.items():
            for k, v in cell.items():
                totals[cid][k] += v
        rate = rates.get(dept.id)
        departments.append(
            {
                "id": dept.id,
                "name": dept.name,
                "courses": mine,
                "overdue": sum(c["overdue"] for c in mine.values()),
                "completed_in_period": in_period.get(dept.id, {"all": 0, "key": 0}),
                "in_scope": rate.in_scope if rate else 0,
                "answered": rate.answered if rate else 0,
                "top_areas": top.get(dept.id, []),
            }
        )
    previous = previous_report(now)
    return {
        "version": DATA_VERSION,
        "organisation": current_app.config["ORGANISATION_NAME"],
        "generated_at": now.isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "min_respondents": minimum,
        "inventory": _inventory_data(choice),
        "courses": [{"id": c.id, "title": c.title} for c in courses],
        "departments": departments,
        "totals": {
            "courses": totals,
            "overdue": sum(d["overdue"] for d in departments),
            "completed_in_period": {
                "all": sum(d["completed_in_period"]["all"] for d in departments),
                "key": sum(d["completed_in_period"]["key"] for d in departments),
            },
            "in_scope": sum(d["in_scope"] for d in departments),
            "answered": sum(d["answered"] for d in departments),
        },
        "routines": routine_acknowledgements(),
        "trend": [
            {
                "quarter": p.quarter,
                "month": p.month,
                "assigned": p.assigned,
                "completed": p.completed,
                "key_assigned": p.key_assigned,
                "key_completed": p.key_completed,
            }
            for p in snapshots.quarterly_trend(end)
        ],
        "previous": (
            {
                "id": previous.id,
                "title": previous.title,
                "saved_at": previous.saved_at.isoformat(),
                "totals": previous.data.get("totals"),
            }
            if previous is not None
            else None
        ),
    }
