"""Counts for the start page, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit


@dataclass(frozen=True)
class DepartmentCount:
    id: int
    name: str
    people: int
    key_persons: int


def department_counts() -> list[DepartmentCount]:
    """Active people and key persons per department, in one query."""
    rows = db.session.execute(
        select(
            Department.id,
            Department.name,
            func.count(Person.id),
            func.coalesce(func.sum(case((Person.is_key_person, 1), else_=0)), 0),
        )
        .select_from(Department)
        .outerjoin(Unit, Unit.department_id == Department.id)
        .outerjoin(Person, (Person.unit_id == Unit.id) & Person.active)
        .group_by(Department.id, Department.name)
        .order_by(Department.name)
    )
    return [DepartmentCount(*row) for row in rows]


def organisation_totals() -> dict[str, int]:
    return {
        "people": db.session.scalar(select(func.count()).where(Person.active)) or 0,
        "inactive": db.session.scalar(select(func.count()).where(~Person.active)) or 0,
        "departments": db.session.scalar(select(func.count()).select_from(Department)) or 0,
        "units": db.session.scalar(select(func.count()).select_from(Unit)) or 0,
    }
