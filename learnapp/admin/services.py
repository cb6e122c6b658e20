"""Changing the organisation and people as an administrator. Functions flush; the view commits.

Every change to roles or scope is written to the audit log, and every person who is created,
moved or (de)activated is announced with `signals.person_changed`, or `signals.people_changed`
when many move at once (assignment rules listen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from learnapp import signals
from learnapp.audit.services import record
from learnapp.auth.sessions import revoke_all as revoke_sessions
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org import services as org
from learnapp.org.models import Department, Person, Role, Unit, UnitManager
from learnapp.org.services import add_managed_unit, create_person, managed_units, move_unit
from learnapp.swedish import in_swedish_order


class AdminError(ValueError):
    """A change that the rules refuse; the message is for the user."""


# --- departments and units ------------------------------------------------------------------


# The naming rules are org.services'; these add the audit record. NameTaken passes through.


def add_department(name: str, code: str, actor: Person) -> Department:
    department = org.create_department(name, code)
    record("org.department_created", actor=actor, target=department, name=department.name)
    return department


def add_unit(name: str, department: Department, parent: Unit | None, actor: Person) -> Unit:
    unit = org.create_unit(name, department, parent)
    record("org.unit_created", actor=actor, target=unit, name=unit.name)
    return unit


def rename_department(department: Department, name: str, code: str, actor: Person) -> None:
    before = {"name": department.name, "code": department.code}
    org.rename_department(department, name, code)
    record("org.department_renamed", actor=actor, target=department, before=before, name=name)


def rename_unit(unit: Unit, name: str, actor: Person) -> None:
    before = unit.name
    org.rename_unit(unit, name)
    record("org.unit_renamed", actor=actor, target=unit, before=before, name=name)


def _people_in_subtree(unit: Unit) -> list[int]:
    return list(
        db.session.scalars(
            select(Person.id)
            .join(Unit, Unit.id == Person.unit_id)
            .where(Unit.path.startswith(unit.path, autoescape=True))
        )
    )


def relocate_unit(unit: Unit, new_parent: Unit | None, actor: Person) -> None:
    """Move a unit and its subtree; the people in it have moved too (their scope changed).

    Raises AdminError("below-itself"), or org's NameTaken when a unit there has its name."""
    if new_parent is not None and new_parent.is_within(unit):
        raise AdminError("below-itself")
    before = unit.parent_id
    move_unit(unit, new_parent)
    record(
        "org.unit_moved",
        actor=actor,
        target=unit,
        before_parent=before,
        parent=new_parent.id if new_parent else None,
    )
    signals.people_changed.send(changed=_people_in_subtree(unit))


def merge_units(source: Unit, target: Unit, actor: Person) -> int:
    """Merge `source` into `target`: its people, managers and sub-units move; it is removed.

    Returns how many people moved. The target must not lie inside the source.
    """
    if source.id == target.id or target.is_within(source):
        raise AdminError("inside-source")
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == source.id)))
    clash = db.session.scalar(
        select(Unit.name).where(
            Unit.parent_id == target.id,
            func.lower(Unit.name).in_([c.name.lower() for c in children]),
        )
    )
    if clash is not None:
        raise AdminError("name-clash")
    people = list(db.session.scalars(select(Person).where(Person.unit_id == source.id)))
    db.session.execute(
        update(Person)
        .where(Person.unit_id == source.id)
        .values(unit_id=target.id)
        .execution_options(synchronize_session="fetch")
    )
    managers = list(
        db.session.scalars(select(UnitManager.person_id).where(UnitManager.unit_id == source.id))
    )
    for person_id in managers:
        if db.session.get(UnitManager, (person_id, target.id)) is None:
            db.session.add(UnitManager(person_id=person_id, unit_id=target.id))
    db.session.execute(delete(UnitManager).where(UnitManager.unit_id == source.id))
    below: list[int] = []
    for child in children:
        move_unit(child, target)
        # The people below a sub-unit move with it (into the target's department, perhaps):
        # their stored department copies must follow, as the source's own people's do.
        below += _people_in_subtree(child)
    _repoint_unit_references(source.id, target)
    record(
        "org.units_merged",
        actor=actor,
        target=target,
        merged_unit=source.id,
        merged_name=source.name,
        people=len(people),
        managers=managers,
    )
    db.session.delete(source)
    db.session.flush()
    signals.people_changed.send(changed=[p.id for p in people] + below)
    _reapply_rules_of(target)
    return len(people)


def _reapply_rules_of(unit: Unit) -> None:
    """Rules for the merged unit now name the target: they reach the target's people too."""
    from learnapp.training.assign import active_rules, apply_rule

    for rule in active_rules():
        if rule.unit_id == unit.id:
            apply_rule(rule)


def _repoint_unit_references(old_id: int, target: Unit) -> None:
    """Rows elsewhere that name the merged unit now name the target."""
    from learnapp.training.models import AssignmentRule, CourseStatus

    db.session.execute(
        update(CourseStatus)
        .where(CourseStatus.unit_id == old_id)
        .values(unit_id=target.id, department_id=target.department_id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(AssignmentRule)
        .where(AssignmentRule.unit_id == old_id)
        .values(unit_id=target.id)
        .execution_options(synchronize_session=False)
    )


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    name: str
    email: str
    employee_number: str | None
    unit: Unit | None
    job_title: str
    is_key_person: bool
    key_function: str
    language: str
    roles: set[Role]
    managed: list[Unit]
    work_phone: str | None = None


def searched(stmt: Select[Any], query: str) -> Select[Any]:
    """`stmt` narrowed to the people whose name, e-mail or employee number contains `query`."""
    if not query.strip():
        return stmt
    pattern = f"%{query.strip().lower()}%"
    return stmt.where(
        or_(
            func.lower(Person.name).like(pattern),
            Person.email.like(pattern),
            func.lower(Person.employee_number).like(pattern),
        )
    )


def search_people(
    query: str, *, page: int = 1, per_page: int = 50, include_inactive: bool = True
) -> tuple[list[Person], int]:
    """People whose name, e-mail or employee number contains `query`; one page and the total."""
    stmt = searched(select(Person), query)
    if not include_inactive:
        stmt = stmt.where(Person.active)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.order_by(in_swedish_order(Person.name), Person.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(rows), total


def email_taken(email: str, except_id: int | None = None) -> bool:
    stmt = select(Person.id).where(Person.email == Person.normalise_email(email))
    if except_id is not None:
        stmt = stmt.where(Person.id != except_id)
    return db.session.scalar(stmt) is not None


def employee_number_taken(number: str, except_id: int | None = None) -> bool:
    stmt = select(Person.id).where(Person.employee_number == number)
    if except_id is not None:
        stmt = stmt.where(Person.id != except_id)
    return db.session.scalar(stmt) is not None


def add_person(data: PersonData, actor: Person | None) -> Person:
    person = create_person(
        data.name,
        data.email,
        unit=data.unit,
        roles=data.roles,
        job_title=data.job_title,
        is_key_person=data.is_key_person,
        key_function=data.key_function,
        employee_number=data.employee_number,
        language=data.language,
        work_phone=data.work_phone,
    )
    for unit in data.managed:
        add_managed_unit(person, unit)
    record(
        "person.created",
        actor=actor,
        target=person,
        roles=sorted(r.value for r in person.roles),
        managed_units=[u.id for u in data.managed],
    )
    signals.person_changed.send(person=person, created=True, moved=False, deactivated=False)
    return person


def update_person(person: Person, data: PersonData, actor: Person) -> list[str]:
    """Apply the form's values; return the names of the fields that changed."""
    changed: list[str] = []
    simple: dict[str, Any] = {
        "name": data.name,
        "email": Person.normalise_email(data.email),
        "employee_number": data.employee_number,
        "job_title": data.job_title,
        "is_key_person": data.is_key_person,
        "key_function": data.key_function if data.is_key_person else "",
        "language": data.language,
        "work_phone": data.work_phone,
    }
    for attr, value in simple.items():
        if getattr(person, attr) != value:
            setattr(person, attr, value)
            changed.append(attr)
    moved = person.unit_id != (data.unit.id if data.unit else None)
    if moved:
        person.unit = data.unit
        changed.append("unit")
    changed += set_scope(person, data.roles, data.managed, actor)
    db.session.flush()
    if changed:
        record("person.updated", actor=actor, target=person, fields=changed)
    if moved or {"is_key_person", "roles"} & set(changed):  # role rules follow roles
        signals.person_changed.send(person=person, created=False, moved=True, deactivated=False)
    return changed


def set_scope(person: Person, roles: set[Role], managed: list[Unit], actor: Person) -> list[str]:
    """Set roles and managed units; audit-log what changed.

    The manager role is not chosen nor stored: it is having managed units (UnitManager rows,
    which the scope rule reads), so the menu and the scope cannot disagree. A change of it is
    still audit-logged as a change of roles."""
    old_roles = set(person.roles)
    old_units = {u.id for u in managed_units(person)}
    new_units = {u.id for u in managed}
    roles = (roles - {Role.MANAGER}) | ({Role.MANAGER} if new_units else set())
    changed = []
    if new_units != old_units:
        db.session.execute(
            delete(UnitManager).where(
                UnitManager.person_id == person.id, UnitManager.unit_id.not_in(new_units)
            )
        )
        for unit_id in new_units - old_units:
            db.session.add(UnitManager(person_id=person.id, unit_id=unit_id))
        db.session.flush()
        set_committed_value(person, "manages_units", bool(new_units))
        record(
            "person.managed_units_changed",
            actor=actor,
            target=person,
            before=sorted(old_units),
            after=sorted(new_units),
        )
        changed.append("managed_units")
    if roles != old_roles:
        person.set_roles(roles)
        record(
            "person.roles_changed",
            actor=actor,
            target=person,
            before=sorted(r.value for r in old_roles),
            after=sorted(r.value for r in roles),
        )
        changed.append("roles")
    db.session.flush()
    return changed


def set_active(person: Person, active: bool, actor: Person | None, **details: Any) -> bool:
    """Deactivate (a leaver: cannot sign in, history kept) or reactivate. True if it changed."""
    if person.active == active:
        return False
    if not active and actor is not None and person.id == actor.id:
        raise AdminError("self")
    person.active = active
    if active:
        person.deactivated_at = None
    else:
        person.deactivated_at = utcnow()
        person.session_version += 1  # ends every open session now
        revoke_sessions(person)
    db.session.flush()
    record(
        "person.reactivated" if active else "person.deactivated",
        actor=actor,
        target=person,
        **details,
    )
    signals.person_changed.send(person=person, created=False, moved=False, deactivated=not active)
    return True
