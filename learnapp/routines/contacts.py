"""The contacts block ("Vem kontaktar jag?"), read from the organisation when the page is shown.

Nothing here is stored or typed in by an editor, so it cannot go stale: the security
coordinators (coordinators in the security unit named by ROUTINES_SECURITY_UNIT), the key
persons of the reader's department, and the reader's nearest manager(s). Telephone numbers are
the people's own work numbers, shown only when one is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import aliased, joinedload

from learnapp.extensions import db
from learnapp.org.models import Person, PersonRole, Role, Unit, UnitManager
from learnapp.swedish import in_swedish_order

KEY_PERSONS_SHOWN = 25


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str | None
    role: str  # function or job title
    unit: str


@dataclass(frozen=True)
class Contacts:
    coordinators: list[Contact]
    key_persons: list[Contact]
    more_key_persons: int
    managers: list[Contact]
    department: str | None


def _contact(r: Any) -> Contact:
    return Contact(
        name=r.name, email=r.email, phone=r.work_phone, role=r.role or "", unit=r.unit or ""
    )


def _columns(role: Any) -> list[Any]:
    return [Person.name, Person.email, Person.work_phone, role, Unit.name.label("unit")]


# The statements are built once, with bound parameters: building them took as long as running
# them (some 0.5 ms each at 100,000 people on PostgreSQL), on a page that every reader's routine
# shows.
_SECURITY = aliased(Unit)
_COORDINATORS = (
    select(*_columns(Person.job_title.label("role")))
    .join(Unit, Unit.id == Person.unit_id)
    .join(_SECURITY, Unit.path.startswith(_SECURITY.path))
    .join(PersonRole, PersonRole.person_id == Person.id)
    .where(
        _SECURITY.name == bindparam("security_unit"),
        _SECURITY.parent_id.is_(None),
        PersonRole.role == Role.COORDINATOR.value,
        Person.active.is_(True),
    )
    .order_by(in_swedish_order(Person.name), Person.id)
)


def coordinators() -> list[Contact]:
    params = {"security_unit": current_app.config["ROUTINES_SECURITY_UNIT"]}
    return [_contact(r) for r in db.session.execute(_COORDINATORS, params)]


# Functions and names in Swedish order (learnapp/swedish.py); the id keeps namesakes apart.
_BY_FUNCTION_AND_NAME = (
    in_swedish_order(Person.key_function),
    in_swedish_order(Person.name),
    Person.id,
)


def _key_persons_statement() -> Any:
    # Plain booleans, not IS TRUE: PostgreSQL then reads the active key persons' partial index.
    own_unit_first = case((Unit.id == bindparam("unit_id"), 0), else_=1)
    first = (
        select(
            Person.id,
            Unit.name.label("unit"),
            own_unit_first.label("own_unit_first"),
            func.count().over().label("total"),
        )
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            Unit.department_id == bindparam("department_id"),
            Person.is_key_person,
            Person.active,
            Person.id != bindparam("reader_id"),
        )
        .order_by(own_unit_first, *_BY_FUNCTION_AND_NAME)
        .limit(bindparam("shown"))
        .subquery()
    )
    return (
        select(
            Person.name,
            Person.email,
            Person.work_phone,
            Person.key_function.label("role"),
            first.c.unit,
            first.c.total,
        )
        .select_from(first)
        .join(Person, Person.id == first.c.id)
        .order_by(first.c.own_unit_first, *_BY_FUNCTION_AND_NAME)
    )


_KEY_PERSONS = _key_persons_statement()


def key_persons(reader: Person, unit: Unit) -> tuple[list[Contact], int]:
    """Key persons of the reader's department, those in the reader's own unit first, and how many
    more there are: one statement. The first 25 are chosen from the key persons' index (their
    function and name are in it on PostgreSQL), and only their rows of the table are read."""
    params = {
        "unit_id": unit.id,
        "department_id": unit.department_id,
        "reader_id": reader.id,
        "shown": KEY_PERSONS_SHOWN,
    }
    rows = db.session.execute(_KEY_PERSONS, params).all()
    shown = [_contact(r) for r in rows]
    total = rows[0].total if rows else 0
    return shown, max(total - len(shown), 0)


_MANAGED = aliased(Unit)
_MANAGERS = (
    select(_MANAGED.id, *_columns(Person.job_title.label("role")))
    .select_from(UnitManager)
    .join(Person, Person.id == UnitManager.person_id)
    .join(_MANAGED, _MANAGED.id == UnitManager.unit_id)
    .outerjoin(Unit, Unit.id == Person.unit_id)
    .where(
        UnitManager.unit_id.in_(bindparam("unit_ids", expanding=True)),
        Person.active.is_(True),
        Person.id != bindparam("reader_id"),
    )
    .order_by(in_swedish_order(Person.name), Person.id)
)


def managers(reader: Person, unit: Unit) -> list[Contact]:
    """The managers of the nearest unit, from the reader's own upwards, that has any."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    rows = db.session.execute(_MANAGERS, {"unit_ids": ids, "reader_id": reader.id}).all()
    for unit_id in reversed(ids):  # nearest first
        found = [_contact(r) for r in rows if r[0] == unit_id]
        if found:
            return found
    return []


def for_reader(reader: Person) -> Contacts:
    unit = (
        db.session.get(Unit, reader.unit_id, options=[joinedload(Unit.department)])
        if reader.unit_id
        else None
    )
    if unit is None:
        return Contacts(coordinators(), [], 0, [], None)
    shown, more = key_persons(reader, unit)
    return Contacts(coordinators(), shown, more, managers(reader, unit), unit.department.name)
