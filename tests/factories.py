"""Test data. Plain functions that flush; a test commits when it needs a request to see the rows."""

from __future__ import annotations

import itertools

from learnapp.org.models import Department, Person, Role, Unit
from learnapp.org.services import add_managed_unit, create_department, create_person, create_unit

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def department(name: str | None = None, code: str | None = None) -> Department:
    n = next(_seq)
    return create_department(name or f"Förvaltning {n}", code or f"D{n}")


def unit(dept: Department, name: str | None = None, parent: Unit | None = None) -> Unit:
    return create_unit(name or f"Enhet {next(_seq)}", dept, parent)


def person(
    unit: Unit | None = None,
    *,
    name: str | None = None,
    email: str | None = None,
    password: str | None = None,
    roles: set[Role] | None = None,
    manages: list[Unit] | None = None,
    **fields: object,
) -> Person:
    n = next(_seq)
    p = create_person(
        name or f"Person {n}",
        email or f"person{n}@example.org",
        unit=unit,
        password=password,
        roles=roles,
        **fields,  # type: ignore[arg-type]
    )
    for u in manages or []:
        add_managed_unit(p, u)
    return p
