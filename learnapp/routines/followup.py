"""Follow-up: who has not acknowledged (managers, in their units), shares per department
(coordinators, from the rollup), the status report's column, and the export's rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit
from learnapp.permissions import Scope
from learnapp.routines.models import AckStatus, Routine, RoutineStatus, RoutineVersion
from learnapp.routines.rollups import RoutineStatusCount
from learnapp.swedish import in_swedish_order

PEOPLE_SHOWN = 200
ACK = AckStatus.ACKNOWLEDGED.value


@dataclass(frozen=True)
class Share:
    acknowledged: int
    total: int

    @property
    def share(self) -> float | None:
        return self.acknowledged / self.total if self.total else None

    @property
    def pending(self) -> int:
        return self.total - self.acknowledged


def _current() -> Any:
    return and_(
        RoutineVersion.routine_id == Routine.id, RoutineVersion.number == Routine.published_version
    )


def published_routines() -> list[tuple[int, str]]:
    """(id, current title) of every published routine, by title."""
    return [
        (r[0], r[1])
        for r in db.session.execute(
            select(Routine.id, RoutineVersion.title)
            .join(RoutineVersion, _current())
            .order_by(in_swedish_order(RoutineVersion.title), Routine.id)
        )
    ]


def department_shares() -> dict[tuple[int, int], Share]:
    """(department id, routine id) -> share acknowledged, read from the rollup."""
    c = RoutineStatusCount
    rows = db.session.execute(
        select(
            c.department_id,
            c.routine_id,
            func.sum(c.n).filter(c.status == ACK),
            func.sum(c.n),
        ).group_by(c.department_id, c.routine_id)
    )
    return {(d, r): Share(int(a or 0), int(t or 0)) for d, r, a, t in rows if t}


def report_figures() -> dict[str, Any] | None:
    """The status report's routines column: acknowledgements of every published routine per
    department, from the rollup (person × routine pairs: acknowledged of those asked). None when
    no routine is published."""
    routines = published_routines()
    if not routines:
        return None
    c = RoutineStatusCount
    rows = db.session.execute(
        select(c.department_id, func.sum(c.n).filter(c.status == ACK), func.sum(c.n)).group_by(
            c.department_id
        )
    ).all()
    departments = {
        str(d): {"acknowledged": int(a or 0), "asked": int(t or 0)} for d, a, t in rows if t
    }
    return {
        "routines": [{"id": r, "title": t} for r, t in routines],
        "departments": departments,
        "total": {
            "acknowledged": sum(v["acknowledged"] for v in departments.values()),
            "asked": sum(v["asked"] for v in departments.values()),
        },
    }


def departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(in_swedish_order(Department.name))))


def scope_shares(scope: Scope) -> dict[int, Share]:
    """Routine id -> share acknowledged among the people in the viewer's units."""
    rs = RoutineStatus
    rows = db.session.execute(
        select(rs.routine_id, func.count().filter(rs.status == ACK), func.count())
        .where(rs.unit_id.in_(scope.unit_ids()))
        .group_by(rs.routine_id)
    )
    return {r: Share(int(a), int(t)) for r, a, t in rows}


@dataclass(frozen=True)
class PendingPerson:
    person_id: int
    name: str
    email: str
    unit: str
    earlier_version: int


def pending_people(scope: Scope, routine_id: int, limit: int = PEOPLE_SHOWN) -> list[PendingPerson]:
    """The people in the viewer's units who have not acknowledged the routine (one query)."""
    rs = RoutineStatus
    rows = db.session.execute(
        select(Person.id, Person.name, Person.email, Unit.name, rs.acknowledged_version)
        .join(Person, Person.id == rs.person_id)
        .join(Unit, Unit.id == rs.unit_id)
        .where(
            rs.routine_id == routine_id,
            rs.status == AckStatus.PENDING.value,
            rs.unit_id.in_(scope.unit_ids()),
        )
        .order_by(in_swedish_order(Unit.name), in_swedish_order(Person.name), Person.id)
        .limit(limit)
    )
    return [PendingPerson(*row) for row in rows]


def people_in_scope(scope: Scope) -> Any:
    """A SELECT of the ids of the people in the viewer's units (for reminders)."""
    return select(Person.id).where(Person.unit_id.in_(scope.unit_ids()))


def export_rows(scope: Scope) -> Iterator[list[Any]]:
    """One row per person × routine in the viewer's scope, streamed from one query."""
    rs = RoutineStatus
    stmt = (
        select(
            Person.name,
            Person.email,
            Department.name,
            Unit.name,
            RoutineVersion.title,
            RoutineVersion.number,
            rs.status,
            rs.acknowledged_version,
            rs.acknowledged_at,
        )
        .join(Person, Person.id == rs.person_id)
        .join(Routine, Routine.id == rs.routine_id)
        .join(RoutineVersion, _current())
        .outerjoin(Unit, Unit.id == rs.unit_id)
        .outerjoin(Department, Department.id == rs.department_id)
        .order_by(
            in_swedish_order(Department.name),
            in_swedish_order(Unit.name),
            Person.name,
            Person.id,
            in_swedish_order(RoutineVersion.title),
        )
    )
    if not scope.everything:
        stmt = stmt.where(rs.unit_id.in_(scope.unit_ids()))
    yield from (list(row) for row in db.session.execute(stmt.execution_options(yield_per=2000)))
