"""Operations on the organisation. They flush; the caller commits."""

from __future__ import annotations

from sqlalchemy import select, update

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit, UnitManager


def create_department(name: str, code: str, *, is_external: bool = False) -> Department:
    department = Department(name=name, code=code, is_external=is_external)
    db.session.add(department)
    db.session.flush()
    return department


def create_unit(name: str, department: Department, parent: Unit | None = None) -> Unit:
    if parent is not None and parent.department_id != department.id:
        raise ValueError("a unit must be in the same department as its parent")
    unit = Unit(name=name, department=department, parent=parent)
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.flush()
    return unit


def move_unit(unit: Unit, new_parent: Unit | None) -> None:
    """Move a unit (and its subtree) under another parent in the same department."""
    if new_parent is not None and new_parent.is_within(unit):
        raise ValueError("a unit cannot be moved below itself")
    old_path = unit.path
    new_path = f"{new_parent.path if new_parent else '/'}{unit.id}/"
    unit.parent = new_parent
    if new_parent is not None:
        unit.department_id = new_parent.department_id
    db.session.flush()
    # Rewrite the prefix of every path in the subtree in one statement.
    db.session.execute(
        update(Unit)
        .where(Unit.path.startswith(old_path, autoescape=True))
        .values(
            path=new_path + db.func.substr(Unit.path, len(old_path) + 1),
            department_id=unit.department_id,
        )
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()


def create_person(
    name: str,
    email: str,
    *,
    unit: Unit | None = None,
    password: str | None = None,
    roles: set[Role] | None = None,
    job_title: str = "",
    is_key_person: bool = False,
    key_function: str = "",
    employee_number: str | None = None,
    language: str = "sv",
    work_phone: str | None = None,
) -> Person:
    person = Person(
        name=name,
        email=Person.normalise_email(email),
        unit=unit,
        job_title=job_title,
        is_key_person=is_key_person,
        key_function=key_function if is_key_person else "",
        employee_number=employee_number,
        language=language,
        work_phone=work_phone,
    )
    if password:
        person.set_password(password)
    person.set_roles(roles or set())
    db.session.add(person)
    db.session.flush()
    return person


def find_person_by_email(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == Person.normalise_email(email)))


def add_managed_unit(person: Person, unit: Unit) -> None:
    if db.session.get(UnitManager, (person.id, unit.id)) is None:
        db.session.add(UnitManager(person_id=person.id, unit_id=unit.id))
    if Role.MANAGER not in person.roles:
        person.set_roles(set(person.roles) | {Role.MANAGER})
    db.session.flush()


def managed_units(person: Person) -> list[Unit]:
    """The units a person manages directly (not their subtrees), by name."""
    return list(
        db.session.scalars(
            select(Unit)
            .join(UnitManager, UnitManager.unit_id == Unit.id)
            .where(UnitManager.person_id == person.id)
            .order_by(Unit.name)
        )
    )
