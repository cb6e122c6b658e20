"""Units counted with everything below them: the drill-down's level-by-level tables.

A department of a thousand units is shown one level at a time: its top units, each counted with
the units below it; a unit's page then shows the units just below it, counted the same way. Three
statements whatever the size of the tree: the units shown, their cells (one GROUP BY over the
stored statuses of their subtrees), and the titles of the courses in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import aliased

from learnapp.extensions import db
from learnapp.org.models import Department, Unit
from learnapp.training.models import CourseStatus
from learnapp.training.queries import COURSE_TITLES, Cell, count_cells

_HEAD = aliased(Unit, name="head")
_MEMBER = aliased(Unit, name="member")


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
        db.session.execute(select(Unit.id, Unit.name).where(*which).order_by(Unit.name, Unit.id))
    )
    if not units:
        return SubtreeTable([], [], {})
    cells = count_cells(
        _HEAD.id,
        _HEAD.id.in_([u.id for u in units]),
        _MEMBER.department_id == _HEAD.department_id,
        # Unit paths hold only digits and slashes ("/1/5/23/"): LIKE needs no escaping.
        _MEMBER.path.startswith(_HEAD.path),
        CourseStatus.unit_id == _MEMBER.id,
    )
    course_ids = sorted({course_id for _unit, course_id in cells})
    courses = list(db.session.execute(COURSE_TITLES, {"ids": course_ids})) if course_ids else []
    return SubtreeTable(units, courses, cells)


def top_units(department: Department) -> SubtreeTable:
    """The department's top units, each with the units below it."""
    return _table(Unit.department_id == department.id, Unit.parent_id.is_(None))


def units_below(unit: Unit) -> SubtreeTable:
    """The units just below `unit`, each with the units below it (empty for a unit with none)."""
    return _table(Unit.parent_id == unit.id)
