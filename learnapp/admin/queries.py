"""Read-side queries of the admin screens (a fixed number of queries per page)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org import picker
from learnapp.org.models import Department, Person, Unit, UnitManager
from learnapp.swedish import in_swedish_order


def department_rows() -> list[tuple[Department, int]]:
    counts = (
        select(Unit.department_id, func.count(Unit.id).label("n"))
        .group_by(Unit.department_id)
        .subquery()
    )
    return list(
        db.session.execute(
            select(Department, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.department_id == Department.id)
            .order_by(in_swedish_order(Department.name))
        )
    )


def unit_labels(ids: list[int]) -> dict[int, str]:
    """ "Department › Parent › Unit" for the given units, in a fixed number of queries."""
    return dict(picker.pick(keep=ids).options) if any(ids) else {}


def managed_unit_ids(person: Person) -> list[int]:
    return list(
        db.session.scalars(select(UnitManager.unit_id).where(UnitManager.person_id == person.id))
    )


def people_units(people: list[Person]) -> dict[int, Any]:
    """Unit names of the listed people, in one query."""
    ids = {p.unit_id for p in people if p.unit_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())
