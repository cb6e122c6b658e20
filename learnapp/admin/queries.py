"""Read-side queries of the admin screens (a fixed number of queries per page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit, UnitManager
from learnapp.swedish import in_swedish_order


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    department: Department
    label: str  # "Department › Parent › Unit"
    people: int
    managers: int


def unit_rows() -> list[UnitRow]:
    """Every unit in tree order (department, then path), with head counts: three queries."""
    people = dict(
        db.session.execute(
            select(Person.unit_id, func.count(Person.id))
            .where(Person.active)
            .group_by(Person.unit_id)
        ).all()
    )
    managers = dict(
        db.session.execute(
            select(UnitManager.unit_id, func.count()).group_by(UnitManager.unit_id)
        ).all()
    )
    rows = db.session.execute(
        select(Unit, Department)
        .join(Department, Department.id == Unit.department_id)
        .order_by(in_swedish_order(Department.name), Unit.path)
    )
    units = list(rows)
    names = {u.id: u.name for u, _ in units}
    result = []
    for unit, dept in units:
        ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        label = " › ".join([dept.name, *(names.get(i, "?") for i in ids)])
        result.append(UnitRow(unit, dept, label, people.get(unit.id, 0), managers.get(unit.id, 0)))
    return result


def unit_choices(
    blank: str | None = None, exclude_below: Unit | None = None
) -> list[tuple[int, str]]:
    choices = [(0, blank)] if blank is not None else []
    for row in unit_rows():
        if exclude_below is not None and row.unit.is_within(exclude_below):
            continue
        choices.append((row.unit.id, row.label))
    return choices


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
    wanted = set(ids)
    return {r.unit.id: r.label for r in unit_rows() if r.unit.id in wanted} if wanted else {}


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
