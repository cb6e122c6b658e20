"""A manager's team page: each unit in scope with its own people's assigned, completed, overdue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit
from learnapp.permissions import Scope
from learnapp.swedish import in_swedish_order
from learnapp.training.models import CourseStatus, Status


def _count(cond: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def units_in_scope(scope: Scope) -> list[Unit]:
    return list(
        db.session.scalars(
            select(Unit)
            .join(Department, Department.id == Unit.department_id)
            .where(Unit.id.in_(scope.unit_ids()))
            .order_by(in_swedish_order(Department.name), Unit.path)
        )
    )


@dataclass
class UnitSummary:
    unit: Unit
    people: int
    assigned: int
    completed: int
    overdue: int


def team_summary(scope: Scope) -> list[UnitSummary]:
    """Per unit in scope (own people only, not the subtree): assigned, completed, overdue."""
    units = units_in_scope(scope)
    ids = [u.id for u in units]
    counts = {
        u: (int(a), int(c), int(o))
        for u, a, c, o in db.session.execute(
            select(
                CourseStatus.unit_id,
                func.count(),
                _count(CourseStatus.status == Status.COMPLETED.value),
                _count(CourseStatus.status == Status.OVERDUE.value),
            )
            .where(CourseStatus.assigned.is_(True), CourseStatus.unit_id.in_(scope.unit_ids()))
            .group_by(CourseStatus.unit_id)
        )
    }
    heads = dict(
        db.session.execute(
            select(Person.unit_id, func.count())
            .where(Person.active, Person.unit_id.in_(ids))
            .group_by(Person.unit_id)
        ).all()
    )
    return [UnitSummary(u, heads.get(u.id, 0), *counts.get(u.id, (0, 0, 0))) for u in units]
