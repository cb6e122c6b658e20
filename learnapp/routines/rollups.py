"""Acknowledgement counted per department × routine × status, kept by database triggers.

The same design as the training rollups (`learnapp.training.rollups`): every write to
`routine_status` — one acknowledgement, a major version for 100,000 people, a person who moves —
moves the counters in the same transaction. The coordinator's share per department and the status
report read these few rows instead of the status rows. `differences()` compares them with a
GROUP BY (the tests run it after every kind of write); `rebuild()` recounts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.extensions import db
from learnapp.training.rollups import _pg_apply, _pg_triggers, create_with_tables

NO_DEPARTMENT = 0


class RoutineStatusCount(db.Model):
    """Status rows counted by department × routine × status."""

    __tablename__ = "routine_status_count"

    department_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    routine_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


_TABLE = "routine_status_count"
_KEY = "department_id, routine_id, status"
_KEY_OF = "coalesce(department_id, 0), routine_id, status"


def _match(row: str) -> str:
    return (
        f"department_id = coalesce({row}.department_id, 0)"
        f" AND routine_id = {row}.routine_id AND status = {row}.status"
    )


def _add(row: str) -> str:
    return (
        f"INSERT OR IGNORE INTO {_TABLE} ({_KEY}, n)"
        f" VALUES (coalesce({row}.department_id, 0), {row}.routine_id, {row}.status, 0);"
        f" UPDATE {_TABLE} SET n = n + 1 WHERE {_match(row)};"
    )


POSTGRESQL = [
    _pg_apply(_TABLE, _KEY, _KEY_OF, "true"),
    *_pg_triggers(_TABLE, "routine_status"),
]
SQLITE = [
    f"""CREATE TRIGGER {_TABLE}_insert AFTER INSERT ON routine_status BEGIN
  {_add("NEW")}
END""",
    f"""CREATE TRIGGER {_TABLE}_delete AFTER DELETE ON routine_status BEGIN
  UPDATE {_TABLE} SET n = n - 1 WHERE {_match("OLD")};
END""",
    f"""CREATE TRIGGER {_TABLE}_update AFTER UPDATE OF department_id, routine_id, status
ON routine_status
WHEN OLD.department_id IS NOT NEW.department_id OR OLD.routine_id IS NOT NEW.routine_id
  OR OLD.status IS NOT NEW.status BEGIN
  UPDATE {_TABLE} SET n = n - 1 WHERE {_match("OLD")};
  {_add("NEW")}
END""",
]
DROP = {
    "postgresql": [
        *(
            f"DROP TRIGGER IF EXISTS {_TABLE}_{e} ON routine_status"
            for e in ("insert", "update", "delete")
        ),
        f"DROP FUNCTION IF EXISTS {_TABLE}_apply()",
    ],
    "sqlite": [f"DROP TRIGGER IF EXISTS {_TABLE}_{e}" for e in ("insert", "update", "delete")],
}


def ddl_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return POSTGRESQL
    if dialect == "sqlite":
        return SQLITE
    raise NotImplementedError(f"no rollup triggers for {dialect}")


create_with_tables({"postgresql": POSTGRESQL, "sqlite": SQLITE})


def counted() -> Any:
    """The counters as they should be: a GROUP BY over routine_status."""
    from learnapp.routines.models import RoutineStatus as rs

    dept = func.coalesce(rs.department_id, NO_DEPARTMENT)
    return select(dept, rs.routine_id, rs.status, func.count()).group_by(
        dept, rs.routine_id, rs.status
    )


def rebuild() -> None:
    db.session.execute(RoutineStatusCount.__table__.delete())
    db.session.execute(
        RoutineStatusCount.__table__.insert().from_select(
            ["department_id", "routine_id", "status", "n"], counted()
        )
    )


def differences() -> list[str]:
    """Where the rollup disagrees with the status rows (empty when they agree)."""
    want = {tuple(r[:-1]): r[-1] for r in db.session.execute(counted())}
    have = {
        (r.department_id, r.routine_id, r.status): r.n
        for r in db.session.scalars(select(RoutineStatusCount).where(RoutineStatusCount.n != 0))
    }
    problems = [
        f"{k}: {have.get(k)} counted, {v} rows" for k, v in want.items() if have.get(k) != v
    ]
    problems += [f"{k}: {v} counted, no rows" for k, v in have.items() if k not in want]
    return problems
