"""Read-side queries for the organisation pages (one query per list, no N+1)."""

from __future__ import annotations

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit
from learnapp.permissions import Scope


def units_in_scope(scope: Scope) -> list[tuple[Unit, int]]:
    """Every unit the scope covers, in tree order, with its number of active people."""
    people = (
        select(Person.unit_id, func.count(Person.id).label("n"))
        .where(Person.active)
        .group_by(Person.unit_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Unit, func.coalesce(people.c.n, 0))
        .outerjoin(people, people.c.unit_id == Unit.id)
        .join(Department, Department.id == Unit.department_id)
        .where(Unit.id.in_(scope.unit_ids()))
        .order_by(Department.name, Unit.path)
    )
    return [(unit, count) for unit, count in rows]


def people_in_unit(unit: Unit, *, subtree: bool = True, limit: int = 500) -> list[Person]:
    stmt = select(Person).join(Unit, Unit.id == Person.unit_id).where(Person.active)
    stmt = (
        stmt.where(Unit.path.startswith(unit.path))
        if subtree
        else stmt.where(Person.unit_id == unit.id)
    )
    return list(db.session.scalars(stmt.order_by(Person.name).limit(limit)))


def children_of(unit: Unit) -> list[Unit]:
    return list(
        db.session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.name))
    )


def unit_breadcrumbs(unit: Unit) -> list[Unit]:
    """The unit's ancestors from the top, read in one query from its path."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    ancestors = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [ancestors[i] for i in ids if i in ancestors]
