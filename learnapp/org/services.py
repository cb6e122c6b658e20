"""Operations on the organisation, and its rules. They flush; the caller commits.

The naming rules live here and nowhere else (the admin screens and the HR import call them), and
the database enforces them too (`org/models.py`): a department's name and its code are unique
regardless of case; a unit's name is unique regardless of case among the units with the same
parent in its department, at the top of the tree as well. Audited versions of these operations,
for people acting in the admin screens, are in `learnapp/admin/services.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit, UnitManager
from learnapp.swedish import in_swedish_order


class NameTaken(ValueError):
    """Another department or unit already has this name (or code), ignoring case.

    `fields` says which: "name" and/or "code".
    """

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def department_clashes(name: str, code: str, except_id: int | None = None) -> list[str]:
    """Which of name and code another department already has, ignoring case."""
    clashes = []
    for field, column, value in (("name", Department.name, name), ("code", Department.code, code)):
        stmt = select(Department.id).where(func.lower(column) == value.strip().lower())
        if except_id is not None:
            stmt = stmt.where(Department.id != except_id)
        if db.session.scalar(stmt) is not None:
            clashes.append(field)
    return clashes


def unit_name_taken(
    department_id: int, parent_id: int | None, name: str, except_id: int | None = None
) -> bool:
    """True when another unit with the same parent (or another top unit) in the department has
    this name, ignoring case."""
    stmt = select(Unit.id).where(
        Unit.department_id == department_id,
        Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id,
        func.lower(Unit.name) == name.strip().lower(),
    )
    if except_id is not None:
        stmt = stmt.where(Unit.id != except_id)
    return db.session.scalar(stmt) is not None


def create_department(name: str, code: str, *, is_external: bool = False) -> Department:
    if clashes := department_clashes(name, code):
        raise NameTaken(clashes)
    department = Department(name=name, code=code, is_external=is_external)
    db.session.add(department)
    db.session.flush()
    return department


def create_unit(name: str, department: Department, parent: Unit | None = None) -> Unit:
    if parent is not None and parent.department_id != department.id:
        raise ValueError("a unit must be in the same department as its parent")
    if unit_name_taken(department.id, parent.id if parent else None, name):
        raise NameTaken(["name"])
    unit = Unit(name=name, department=department, parent=parent)
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.flush()
    return unit


def create_units(wanted: Sequence[tuple[str, Department, Unit | None]]) -> list[Unit]:
    """Several units, each (name, department, parent), in three statements however many: one
    check of the names, one INSERT, one UPDATE of the paths (the HR import's new units). The
    parents must exist already; a tree is created one level at a time."""
    if not wanted:
        return []
    keys = []
    for name, department, parent in wanted:
        if parent is not None and parent.department_id != department.id:
            raise ValueError("a unit must be in the same department as its parent")
        keys.append((department.id, parent.id if parent else None, name.strip().lower()))
    if len(set(keys)) < len(keys):
        raise NameTaken(["name"])
    existing = db.session.execute(
        select(Unit.department_id, Unit.parent_id, func.lower(Unit.name)).where(
            Unit.department_id.in_({k[0] for k in keys}),
            func.lower(Unit.name).in_({k[2] for k in keys}),
        )
    )
    if set(keys) & {tuple(r) for r in existing}:
        raise NameTaken(["name"])
    # Core-style bulk statements: the ORM's unit of work writes a self-referential table (a unit
    # and its parent) one row at a time.
    exact = [(d.id, p.id if p else None, n) for n, d, p in wanted]
    rows = [{"department_id": d, "parent_id": p, "name": n} for d, p, n in exact]
    # Matched back by their (unique) names rather than by the order of RETURNING, which SQLite
    # guarantees only for one row per statement.
    made = {
        (u.department_id, u.parent_id, u.name): u
        for u in db.session.scalars(insert(Unit).returning(Unit), rows)
    }
    units = [made[key] for key in exact]
    paths = [
        {"id": unit.id, "path": f"{parent.path if parent else '/'}{unit.id}/"}
        for unit, (_name, _dept, parent) in zip(units, wanted, strict=True)
    ]
    db.session.execute(update(Unit), paths)
    for unit, row in zip(units, paths, strict=True):
        set_committed_value(unit, "path", row["path"])
    return units


def rename_department(department: Department, name: str, code: str) -> None:
    if clashes := department_clashes(name, code, department.id):
        raise NameTaken(clashes)
    department.name, department.code = name, code
    db.session.flush()


def rename_unit(unit: Unit, name: str) -> None:
    if unit_name_taken(unit.department_id, unit.parent_id, name, unit.id):
        raise NameTaken(["name"])
    unit.name = name
    db.session.flush()


def move_unit(unit: Unit, new_parent: Unit | None) -> None:
    """Move a unit (and its subtree) under another parent, perhaps in another department."""
    if new_parent is not None and new_parent.is_within(unit):
        raise ValueError("a unit cannot be moved below itself")
    department_id = new_parent.department_id if new_parent else unit.department_id
    if unit_name_taken(department_id, new_parent.id if new_parent else None, unit.name, unit.id):
        raise NameTaken(["name"])
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
    """The person manages the unit (and so is a manager: the role is never stored)."""
    if db.session.get(UnitManager, (person.id, unit.id)) is None:
        db.session.add(UnitManager(person_id=person.id, unit_id=unit.id))
    db.session.flush()
    set_committed_value(person, "manages_units", True)


def managed_units(person: Person) -> list[Unit]:
    """The units a person manages directly (not their subtrees), by name."""
    return list(
        db.session.scalars(
            select(Unit)
            .join(UnitManager, UnitManager.unit_id == Unit.id)
            .where(UnitManager.person_id == person.id)
            .order_by(in_swedish_order(Unit.name))
        )
    )
