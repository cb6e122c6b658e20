"""Read-only queries for the routine pages: mine, the editors' list, versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person
from learnapp.routines.models import (
    AckStatus,
    Routine,
    RoutineStatus,
    RoutineVersion,
)
from learnapp.swedish import in_swedish_order


@dataclass(frozen=True)
class MyRoutine:
    routine_id: int
    title: str
    department: str | None
    number: int
    published_at: datetime
    status: str
    acknowledged_at: datetime | None

    @property
    def acknowledged(self) -> bool:
        return self.status == AckStatus.ACKNOWLEDGED.value


def _current_version_join() -> Any:
    return and_(
        RoutineVersion.routine_id == Routine.id,
        RoutineVersion.number == Routine.published_version,
    )


def mine(person: Person, *, pending_only: bool = False) -> list[MyRoutine]:
    """The published routines that apply to the person, the organisation's first, in one query."""
    stmt = (
        select(
            Routine.id,
            RoutineVersion.title,
            Department.name,
            RoutineVersion.number,
            RoutineVersion.published_at,
            RoutineStatus.status,
            RoutineStatus.acknowledged_at,
        )
        .join(Routine, Routine.id == RoutineStatus.routine_id)
        .join(RoutineVersion, _current_version_join())
        .outerjoin(Department, Department.id == Routine.department_id)
        .where(RoutineStatus.person_id == person.id)
        .order_by(
            Routine.department_id.is_not(None), in_swedish_order(RoutineVersion.title), Routine.id
        )
    )
    if pending_only:
        stmt = stmt.where(RoutineStatus.status == AckStatus.PENDING.value)
    return [MyRoutine(*row) for row in db.session.execute(stmt)]


@dataclass(frozen=True)
class EditorRow:
    routine: Routine
    department: str | None
    version: int
    published_at: datetime | None
    unpublished_changes: bool


def for_editor(everything: bool, department_ids: list[int]) -> list[EditorRow]:
    """The routines an editor may edit, with their current version (one query)."""
    stmt = (
        select(Routine, Department.name, RoutineVersion)
        .outerjoin(Department, Department.id == Routine.department_id)
        .outerjoin(RoutineVersion, _current_version_join())
        .order_by(
            Department.name.is_not(None),
            in_swedish_order(Department.name),
            in_swedish_order(Routine.draft_title),
            Routine.id,
        )
    )
    if not everything:
        stmt = stmt.where(Routine.department_id.in_(department_ids or [-1]))
    rows = []
    for routine, department, version in db.session.execute(stmt):
        changed = version is None or (
            routine.draft_title,
            routine.draft_summary,
            routine.draft_body,
        ) != (version.title, version.summary, version.body)
        rows.append(
            EditorRow(
                routine=routine,
                department=department,
                version=routine.published_version,
                published_at=version.published_at if version else None,
                unpublished_changes=changed,
            )
        )
    return rows


def versions(routine: Routine) -> list[RoutineVersion]:
    return list(
        db.session.scalars(
            select(RoutineVersion)
            .where(RoutineVersion.routine_id == routine.id)
            .order_by(RoutineVersion.number.desc())
        )
    )


def version(routine: Routine, number: int) -> RoutineVersion | None:
    return db.session.scalar(
        select(RoutineVersion).where(
            RoutineVersion.routine_id == routine.id, RoutineVersion.number == number
        )
    )


def acknowledged_count(routine: Routine) -> tuple[int, int]:
    """(acknowledged, applies to) over the whole routine, from the status rows' index."""
    row = db.session.execute(
        select(
            func.count().filter(RoutineStatus.status == AckStatus.ACKNOWLEDGED.value),
            func.count(),
        ).where(RoutineStatus.routine_id == routine.id)
    ).one()
    return int(row[0]), int(row[1])
