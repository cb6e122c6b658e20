"""Units counted with everything below them: the drill-down's level-by-level tables.

A department of a thousand units is shown one level at a time: its top units, each counted with
the units below it; a unit's page then shows the units just below it, counted the same way. Three
statements whatever the size of the tree: the units shown, their cells (read from the counters
kept per unit subtree, `tree_counts`: a few rows per unit shown and course, however many people
and units are below), and the titles of the courses in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Unit
from learnapp.swedish import in_swedish_order
from learnapp.training.cells import COURSE_TITLES, Cell
from learnapp.training.models import Status
from learnapp.training.tree_counts import TreeStatusCount as T


def _sum(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, T.n), else_=0)), 0)


def subtree_cells(unit_ids: list[int]) -> dict[tuple[int, int], Cell]:
    """(unit id, course id): the cell of the unit with everything below it, from the counters."""
    completed = T.status == Status.COMPLETED.value
    key = T.is_key_person.is_(True)
    rows = db.session.execute(
        select(
            T.unit_id,
            T.course_id,
            func.sum(T.n),
            _sum(completed),
            _sum(T.status == Status.OVERDUE.value),
            _sum(key),
            _sum(key & completed),
        )
        .where(T.unit_id.in_(unit_ids))
        .group_by(T.unit_id, T.course_id)
        .having(func.sum(T.n) > 0)
    )
    return {
        (u, c): Cell(int(a), int(done), int(late), int(ka), int(kd))
        for u, c, a, done, late, ka, kd in rows
    }


@dataclass
class SubtreeTable:
    units: list[Any]  # rows of id, name
    courses: list[Any]  # rows of id, title: the courses assigned to someone in the units
    cells: dict[tuple[int, int], Cell]  # (unit id, course id): the unit and all below it

    def rows(self) -> list[tuple[Any, list[Cell | None]]]:
        """Each unit with its cells in course order (None: nobody there has the course)."""
        return [(u, [self.cells.get((u.id, c.id)) for c in self.courses]) for u in self.units]


def _table(*which: ColumnElement[bool]) -> SubtreeTable:
    units = list(
        db.session.execute(
            select(Unit.id, Unit.name).where(*which).order_by(in_swedish_order(Unit.name), Unit.id)
        )
    )
    if not units:
        return SubtreeTable([], [], {})
    cells = subtree_cells([u.id for u in units])
    course_ids = sorted({course_id for _unit, course_id in cells})
    courses = list(db.session.execute(COURSE_TITLES, {"ids": course_ids})) if course_ids else []
    return SubtreeTable(units, courses, cells)


def top_units(department: Department) -> SubtreeTable:
    """The department's top units, each with the units below it."""
    return _table(Unit.department_id == department.id, Unit.parent_id.is_(None))


def units_below(unit: Unit) -> SubtreeTable:
    """The units just below `unit`, each with the units below it (empty for a unit with none)."""
    return _table(Unit.parent_id == unit.id)
