"""Rollups the coordinator's reports read instead of scanning every status row.

`course_status_count` holds, per department × course × key person × mandatory × status, how many
*assigned* CourseStatus rows there are; `completion_month_count` holds completions per calendar
month (UTC). Both are kept by database triggers on `course_status` and `completion`, so every
write — an event for one row, a rule for 100,000, the nightly refresh — moves the counters in the
same transaction, and nothing in Python has to remember to. At 100,000 people the overview reads
a few hundred counter rows instead of aggregating some 300,000 status rows.

The triggers exist for SQLite and PostgreSQL; `create_all` (tests) and migration 0013 both run
`ddl_statements`. `rebuild()` recounts everything from the source tables (the migration's
backfill, and `verify()` compares the two in tests).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, Boolean, Integer, String, event, func, select, text
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.extensions import db

NO_DEPARTMENT = 0  # the row's person has no unit or has left: not in any department's figures


class StatusCount(db.Model):
    """Assigned status rows counted by department × course × key person × mandatory × status."""

    __tablename__ = "course_status_count"

    department_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    course_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    is_key_person: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    mandatory: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class CompletionMonth(db.Model):
    """Completions per calendar month (UTC), "2026-03"."""

    __tablename__ = "completion_month_count"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


_KEY = "department_id, course_id, is_key_person, mandatory, status"


def _match(row: str) -> str:
    return (
        f"department_id = coalesce({row}.department_id, 0) AND course_id = {row}.course_id"
        f" AND is_key_person = {row}.is_key_person AND mandatory = {row}.mandatory"
        f" AND status = {row}.status"
    )


def _values(row: str) -> str:
    return (
        f"coalesce({row}.department_id, 0), {row}.course_id, {row}.is_key_person,"
        f" {row}.mandatory, {row}.status"
    )


_CHANGED_PG = (
    "OLD.assigned IS DISTINCT FROM NEW.assigned"
    " OR OLD.department_id IS DISTINCT FROM NEW.department_id"
    " OR OLD.course_id IS DISTINCT FROM NEW.course_id"
    " OR OLD.is_key_person IS DISTINCT FROM NEW.is_key_person"
    " OR OLD.mandatory IS DISTINCT FROM NEW.mandatory"
    " OR OLD.status IS DISTINCT FROM NEW.status"
)
_CHANGED_SQLITE = _CHANGED_PG.replace("IS DISTINCT FROM", "IS NOT")
_COLUMNS = "assigned, department_id, course_id, is_key_person, mandatory, status"

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION course_status_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.assigned THEN
    UPDATE course_status_count SET n = n - 1 WHERE {_match("OLD")};
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.assigned THEN
    INSERT INTO course_status_count ({_KEY}, n) VALUES ({_values("NEW")}, 1)
    ON CONFLICT ({_KEY}) DO UPDATE SET n = course_status_count.n + 1;
  END IF;
  RETURN NULL;
END $$""",
    """CREATE TRIGGER course_status_count_insert_delete AFTER INSERT OR DELETE ON course_status
FOR EACH ROW EXECUTE FUNCTION course_status_count_apply()""",
    f"""CREATE TRIGGER course_status_count_update AFTER UPDATE OF {_COLUMNS} ON course_status
FOR EACH ROW WHEN ({_CHANGED_PG}) EXECUTE FUNCTION course_status_count_apply()""",
    """CREATE OR REPLACE FUNCTION completion_month_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE completion_month_count SET n = n - 1
    WHERE month = to_char(OLD.completed_at AT TIME ZONE 'UTC', 'YYYY-MM');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO completion_month_count (month, n)
    VALUES (to_char(NEW.completed_at AT TIME ZONE 'UTC', 'YYYY-MM'), 1)
    ON CONFLICT (month) DO UPDATE SET n = completion_month_count.n + 1;
  END IF;
  RETURN NULL;
END $$""",
    """CREATE TRIGGER completion_month_count_insert_delete AFTER INSERT OR DELETE ON completion
FOR EACH ROW EXECUTE FUNCTION completion_month_count_apply()""",
    """CREATE TRIGGER completion_month_count_update AFTER UPDATE OF completed_at ON completion
FOR EACH ROW WHEN (OLD.completed_at IS DISTINCT FROM NEW.completed_at)
EXECUTE FUNCTION completion_month_count_apply()""",
]

# SQLite has no upsert inside triggers: make the counter row, then add to it.
_SQLITE_ADD = (
    "INSERT OR IGNORE INTO course_status_count ({key}, n) SELECT {values}, 0 WHERE {cond};"
    " UPDATE course_status_count SET n = n + 1 WHERE {cond} AND {match};"
)
_SQLITE_MONTH = "strftime('%Y-%m', {row}.completed_at)"
SQLITE = [
    f"""CREATE TRIGGER course_status_count_insert AFTER INSERT ON course_status
WHEN NEW.assigned BEGIN
  {_SQLITE_ADD.format(key=_KEY, values=_values("NEW"), cond="NEW.assigned", match=_match("NEW"))}
END""",
    f"""CREATE TRIGGER course_status_count_delete AFTER DELETE ON course_status
WHEN OLD.assigned BEGIN
  UPDATE course_status_count SET n = n - 1 WHERE {_match("OLD")};
END""",
    f"""CREATE TRIGGER course_status_count_update AFTER UPDATE OF {_COLUMNS} ON course_status
WHEN {_CHANGED_SQLITE} BEGIN
  UPDATE course_status_count SET n = n - 1 WHERE OLD.assigned AND {_match("OLD")};
  {_SQLITE_ADD.format(key=_KEY, values=_values("NEW"), cond="NEW.assigned", match=_match("NEW"))}
END""",
    f"""CREATE TRIGGER completion_month_count_insert AFTER INSERT ON completion BEGIN
  INSERT OR IGNORE INTO completion_month_count (month, n) VALUES ({_SQLITE_MONTH.format(row="NEW")}, 0);
  UPDATE completion_month_count SET n = n + 1 WHERE month = {_SQLITE_MONTH.format(row="NEW")};
END""",
    f"""CREATE TRIGGER completion_month_count_delete AFTER DELETE ON completion BEGIN
  UPDATE completion_month_count SET n = n - 1 WHERE month = {_SQLITE_MONTH.format(row="OLD")};
END""",
    f"""CREATE TRIGGER completion_month_count_update AFTER UPDATE OF completed_at ON completion
WHEN OLD.completed_at IS NOT NEW.completed_at BEGIN
  UPDATE completion_month_count SET n = n - 1 WHERE month = {_SQLITE_MONTH.format(row="OLD")};
  INSERT OR IGNORE INTO completion_month_count (month, n) VALUES ({_SQLITE_MONTH.format(row="NEW")}, 0);
  UPDATE completion_month_count SET n = n + 1 WHERE month = {_SQLITE_MONTH.format(row="NEW")};
END""",
]

DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS course_status_count_insert_delete ON course_status",
        "DROP TRIGGER IF EXISTS course_status_count_update ON course_status",
        "DROP FUNCTION IF EXISTS course_status_count_apply()",
        "DROP TRIGGER IF EXISTS completion_month_count_insert_delete ON completion",
        "DROP TRIGGER IF EXISTS completion_month_count_update ON completion",
        "DROP FUNCTION IF EXISTS completion_month_count_apply()",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "course_status_count_insert",
            "course_status_count_delete",
            "course_status_count_update",
            "completion_month_count_insert",
            "completion_month_count_delete",
            "completion_month_count_update",
        )
    ],
}


def ddl_statements(dialect: str) -> list[str]:
    """The statements that create the triggers on this database."""
    if dialect == "postgresql":
        return POSTGRESQL
    if dialect == "sqlite":
        return SQLITE
    raise NotImplementedError(f"no rollup triggers for {dialect}")


# `create_all` (the tests, a fresh development database) makes the triggers too.
for _dialect in ("postgresql", "sqlite"):
    for _statement in ddl_statements(_dialect):
        event.listen(
            db.metadata,
            "after_create",
            DDL(_statement.replace("%", "%%")).execute_if(dialect=_dialect),
        )


def _month(column: Any) -> Any:
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def counted_statuses() -> Any:
    """The counters as they should be, computed from course_status (a GROUP BY)."""
    from learnapp.training.models import CourseStatus

    cs = CourseStatus
    dept = func.coalesce(cs.department_id, NO_DEPARTMENT)
    return (
        select(dept, cs.course_id, cs.is_key_person, cs.mandatory, cs.status, func.count())
        .where(cs.assigned.is_(True))
        .group_by(dept, cs.course_id, cs.is_key_person, cs.mandatory, cs.status)
    )


def counted_months() -> Any:
    from learnapp.quizzes.models import Completion

    month = _month(Completion.completed_at)
    return select(month, func.count()).group_by(month)


def rebuild() -> None:
    """Recount both rollups from their source tables (a backfill; not needed in normal work)."""
    db.session.execute(StatusCount.__table__.delete())
    db.session.execute(CompletionMonth.__table__.delete())
    db.session.execute(
        StatusCount.__table__.insert().from_select(
            ["department_id", "course_id", "is_key_person", "mandatory", "status", "n"],
            counted_statuses(),
        )
    )
    db.session.execute(
        CompletionMonth.__table__.insert().from_select(["month", "n"], counted_months())
    )


def differences() -> list[str]:
    """Where the rollups disagree with their source tables (empty when they agree)."""
    want = {tuple(r[:-1]): r[-1] for r in db.session.execute(counted_statuses())}
    have = {
        (r.department_id, r.course_id, r.is_key_person, r.mandatory, r.status): r.n
        for r in db.session.scalars(select(StatusCount).where(StatusCount.n != 0))
    }
    months = dict(db.session.execute(counted_months()).all())
    have_months = dict(
        db.session.execute(
            select(CompletionMonth.month, CompletionMonth.n).where(CompletionMonth.n != 0)
        ).all()
    )
    problems = [
        f"{k}: {have.get(k)} counted, {v} rows" for k, v in want.items() if have.get(k) != v
    ]
    problems += [f"{k}: {v} counted, no rows" for k, v in have.items() if k not in want]
    if months != have_months:
        problems.append(f"months: {have_months} counted, {months} rows")
    return problems


def execute_ddl(statements: list[str]) -> None:
    """Run DDL statements on the session's connection (migrations use op.execute instead)."""
    for statement in statements:
        db.session.execute(text(statement))
