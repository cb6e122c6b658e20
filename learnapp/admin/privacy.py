"""Personal data rights: a person's own data as JSON/CSV, anonymisation, and the retention purge.

The profile (the person row, roles, managed units) is here; every other table's part is a
section a feature registers in `learnapp.personal_data` (see that module), run in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import set_committed_value

from learnapp import personal_data as registry
from learnapp.audit.services import record
from learnapp.auth.sessions import revoke_all as revoke_sessions
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit, UnitManager
from learnapp.personal_data import Section
from learnapp.spreadsheets import csv_chunks
from learnapp.swedish import in_swedish_order

PLACEHOLDER_NAME = "Anonymiserad"

#: The parts of a person's data this module handles itself: the profile, and the uploads.
SECTIONS = (
    Section(
        "profile",
        order=0,
        claims={
            "person_role.person_id": "in the profile (roles); removed on anonymisation",
            "unit_manager.person_id": "in the profile (managed units); removed on anonymisation",
            "pending_import.created_by_id": "an HR file an administrator uploaded; purged when old",
        },
    ),
)


class NotDeactivated(ValueError):
    pass


_value = registry.value


def personal_data(person: Person) -> dict[str, Any]:
    """Everything stored about the person, in sections of plain rows (one query per section)."""
    unit = db.session.get(Unit, person.unit_id) if person.unit_id else None
    department = db.session.get(Department, unit.department_id) if unit else None
    managed = db.session.scalars(
        select(Unit.name)
        .join(UnitManager, UnitManager.unit_id == Unit.id)
        .where(UnitManager.person_id == person.id)
        .order_by(in_swedish_order(Unit.name))
    ).all()
    profile = {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number,
        "department": department.name if department else None,
        "unit": unit.name if unit else None,
        "job_title": person.job_title,
        "is_key_person": person.is_key_person,
        "key_function": person.key_function,
        "work_phone": person.work_phone,
        "roles": sorted(r.value for r in person.roles),
        "managed_units": list(managed),
        "language": person.language,
        "active": person.active,
        "created_at": _value(person.created_at),
        "last_login_at": _value(person.last_login_at),
        "deactivated_at": _value(person.deactivated_at),
    }
    data: dict[str, Any] = {"profile": profile}
    for section in registry.sections():
        if section.export is not None:
            data[section.name] = section.export(person.id)
    return data


def personal_data_csv(data: dict[str, Any]) -> Iterator[str]:
    """The same data as one CSV in long form: section; row; field; value."""

    def rows() -> Iterator[list[Any]]:
        for field, value in data["profile"].items():
            yield ["profile", 1, field, _flat(value)]
        for section, items in data.items():
            if section == "profile":
                continue
            for n, item in enumerate(items, start=1):
                for field, value in item.items():
                    yield [section, n, field, _flat(value)]

    return csv_chunks(["section", "row", "field", "value"], rows())


def _flat(value: Any) -> Any:
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


def anonymise(person: Person, actor: Person | None, **details: Any) -> None:
    """Remove the identity of a deactivated person; keep the rows that reports count.

    Irreversible: name, e-mail, employee number, password, job title and key function go, and
    each registered section does its part (free text in inventories emptied; sign-in traces,
    reset tokens, second-factor secrets, mails to the person and the calendar feed deleted; the
    e-mail in their failed sign-in audit events removed). Unit, key-person flag, progress,
    attempts, completions and statuses stay, so the numbers in reports do not change.
    """
    if person.active:
        raise NotDeactivated
    old_email = person.email
    person.name = PLACEHOLDER_NAME
    person.email = f"anonymised-{person.id}@invalid"
    person.employee_number = None
    person.password_hash = None
    person.job_title = ""
    person.key_function = ""
    person.work_phone = None
    person.set_roles(set())
    person.anonymised_at = utcnow()
    person.session_version += 1
    revoke_sessions(person)
    db.session.execute(delete(UnitManager).where(UnitManager.person_id == person.id))
    set_committed_value(person, "manages_units", False)
    for section in registry.sections():
        if section.anonymise is not None:
            section.anonymise(person.id, old_email)
    db.session.flush()
    record("person.anonymised", actor=actor, target=person, **details)


def due_for_purge(months: int) -> list[Person]:
    """Deactivated, not yet anonymised people whose deactivation is older than `months`."""
    cutoff = utcnow() - timedelta(days=round(months * 30.44))
    return list(
        db.session.scalars(
            select(Person)
            .where(
                Person.active.is_(False),
                Person.anonymised_at.is_(None),
                Person.deactivated_at.is_not(None),
                Person.deactivated_at < cutoff,
            )
            .order_by(Person.id)
        )
    )
