"""The stored acknowledgement status (RoutineStatus), kept up to date by events, set-based.

A status row exists while a routine is published and applies to an active person: the whole
organisation's routines apply to everyone; a department's to the people in its units (narrowed
to some units' subtrees when the routine names units). `sync` makes the rows of one routine
right — for everyone (publish, scope change) or for some people (a person joins, moves or
leaves) — in a handful of statements whatever the number of people. The status is derived by
one SQL expression: acknowledged when the person's newest acknowledged version is at least the
routine's `required_version` (its latest major version).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import aliased

from learnapp.db import id_set, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.routines.models import (
    AckStatus,
    Routine,
    RoutineAcknowledgement,
    RoutineStatus,
    RoutineUnit,
)


def applies(routine: Routine) -> list[ColumnElement[bool]]:
    """Conditions on Person (outer-joined to Unit) for the people the routine applies to."""
    conditions: list[ColumnElement[bool]] = [Person.active.is_(True)]
    if routine.department_id is not None:
        conditions.append(Unit.department_id == routine.department_id)
    if routine.unit_rows:
        narrow = aliased(Unit)
        conditions.append(
            exists(
                select(RoutineUnit.unit_id)
                .join(narrow, narrow.id == RoutineUnit.unit_id)
                .where(RoutineUnit.routine_id == routine.id, Unit.path.startswith(narrow.path))
            )
        )
    return conditions


def applies_to(routine: Routine, person: Person) -> bool:
    if not routine.is_published:
        return False
    stmt = (
        select(Person.id)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.id == person.id, *applies(routine))
    )
    return db.session.scalar(stmt) is not None


def status_expression(required_version: int) -> Any:
    return case(
        (RoutineStatus.acknowledged_version >= required_version, AckStatus.ACKNOWLEDGED.value),
        else_=AckStatus.PENDING.value,
    )


def _expire_loaded() -> None:
    """Bulk statements bypass the identity map: forget loaded status rows."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, RoutineStatus):
            db.session.expire(obj)


def sync(routine: Routine, person_ids: Sequence[int] | Select[Any] | None = None) -> None:
    """Make the routine's status rows right, for everyone or only for `person_ids`."""
    rs = RoutineStatus
    only_rows: list[ColumnElement[bool]] = [rs.routine_id == routine.id]
    only_people: list[ColumnElement[bool]] = []
    if person_ids is not None:
        only_rows.append(rs.person_id.in_(person_ids))
        only_people.append(Person.id.in_(person_ids))
    options = {"synchronize_session": False}
    if not routine.is_published:
        db.session.execute(delete(rs).where(*only_rows).execution_options(**options))
        _expire_loaded()
        return
    applicable = (
        select(Person.id)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(*applies(routine), *only_people)
    )
    db.session.execute(
        delete(rs).where(*only_rows, rs.person_id.not_in(applicable)).execution_options(**options)
    )
    unit_of = select(Person.unit_id).where(Person.id == rs.person_id).scalar_subquery()
    department_of = (
        select(Unit.department_id)
        .join(Person, Person.unit_id == Unit.id)
        .where(Person.id == rs.person_id)
        .scalar_subquery()
    )
    now = utcnow()
    db.session.execute(
        update(rs)
        .where(
            *only_rows,
            or_(
                rs.unit_id.is_distinct_from(unit_of),
                rs.department_id.is_distinct_from(department_of),
            ),
        )
        .values(unit_id=unit_of, department_id=department_of, updated_at=now)
        .execution_options(**options)
    )
    ack = RoutineAcknowledgement
    newest = (
        select(func.coalesce(func.max(ack.version_number), 0))
        .where(ack.person_id == Person.id, ack.routine_id == routine.id)
        .scalar_subquery()
    )
    newest_at = (
        select(func.max(ack.acknowledged_at))
        .where(ack.person_id == Person.id, ack.routine_id == routine.id)
        .scalar_subquery()
    )
    missing = (
        select(
            Person.id,
            literal(routine.id),
            Unit.department_id,
            Person.unit_id,
            literal(AckStatus.PENDING.value),
            newest,
            newest_at,
            literal(now, type_=rs.updated_at.type),
        )
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(
            *applies(routine),
            *only_people,
            ~exists().where(rs.person_id == Person.id, rs.routine_id == routine.id),
        )
    )
    db.session.execute(
        insert(rs).from_select(
            [
                "person_id",
                "routine_id",
                "department_id",
                "unit_id",
                "status",
                "acknowledged_version",
                "acknowledged_at",
                "updated_at",
            ],
            missing,
        )
    )
    expr = status_expression(routine.required_version)
    db.session.execute(
        update(rs)
        .where(*only_rows, rs.status != expr)
        .values(status=expr, updated_at=now)
        .execution_options(**options)
    )
    _expire_loaded()


def sync_person(person: Person) -> None:
    """A person joined, moved or left: their rows on every published routine."""
    for routine in db.session.scalars(select(Routine).where(Routine.published_version > 0)):
        sync(routine, [person.id])


def sync_people(person_ids: Collection[int]) -> None:
    """Many people joined, moved or left at once (an HR import): set-based, for every routine."""
    ids = id_set(person_ids, db.session)
    for routine in db.session.scalars(select(Routine).where(Routine.published_version > 0)):
        sync(routine, ids)


def record_acknowledgement(routine: Routine, person: Person, number: int) -> None:
    """One person's row after they acknowledged version `number`."""
    row = db.session.get(RoutineStatus, (person.id, routine.id))
    if row is None:  # the caller checked the routine applies; a row is missing only after a gap
        sync(routine, [person.id])
        row = db.session.get(RoutineStatus, (person.id, routine.id))
        if row is None:
            return
    now = utcnow()
    row.acknowledged_version = max(row.acknowledged_version, number)
    row.acknowledged_at = now
    row.updated_at = now
    row.status = (
        AckStatus.ACKNOWLEDGED.value
        if row.acknowledged_version >= routine.required_version
        else AckStatus.PENDING.value
    )
    db.session.flush()
