"""Rollups the coordinator's reports read instead of scanning every status row.

`course_status_count` holds, per department × course × key person × mandatory × status, how many
*assigned* CourseStatus rows there are; `completion_month_count` holds completions per calendar
month (UTC). Both are kept by database triggers on `course_status` and `completion`, so every
write — an event for one row, a rule for 100,000, the nightly refresh — moves the counters in the
same transaction, and nothing in Python has to remember to. At 100,000 people the overview reads
a few hundred counter rows instead of aggregating some 300,000 status rows.

The triggers exist for SQLite (row-level) and PostgreSQL (statement-level, with transition
tables); `create_all` (tests) runs `ddl_statements`, and the migrations hold the same SQL as
frozen text (0001_initial.py; an edit here needs a new migration, which a test enforces). `rebuild()` recounts everything from the source tables (the migration's
backfill, and `verify()` compares the two in tests).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, Boolean, Integer, String, event, func, select
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


_CHANGED_SQLITE = (
    "OLD.assigned IS NOT NEW.assigned"
    " OR OLD.department_id IS NOT NEW.department_id"
    " OR OLD.course_id IS NOT NEW.course_id"
    " OR OLD.is_key_person IS NOT NEW.is_key_person"
    " OR OLD.mandatory IS NOT NEW.mandatory"
    " OR OLD.status IS NOT NEW.status"
)
_COLUMNS = "assigned, department_id, course_id, is_key_person, mandatory, status"

_KEY_OF = "coalesce(department_id, 0), course_id, is_key_person, mandatory, status"
_MONTH_OF = "to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM')"


def _pg_apply(table: str, key: str, key_of: str, where: str) -> str:
    """A statement-level trigger function: one upsert per group for the whole statement.

    Row-level counting would update the same counter row once per changed row, and PostgreSQL
    keeps every version of it until the transaction ends: quadratic for a rule reaching 100,000
    people. Transition tables let one statement change each counter once.
    """
    delta = "SELECT {key_of}, {sign} AS d FROM {rows} WHERE {where}"
    new = delta.format(key_of=key_of, sign=1, rows="new_rows", where=where)
    old = delta.format(key_of=key_of, sign=-1, rows="old_rows", where=where)
    upsert = (
        f"INSERT INTO {table} ({key}, n) SELECT {key}, sum(d) FROM ({{changes}}) AS c ({key}, d)"
        f" GROUP BY {key} HAVING sum(d) <> 0"
        f" ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + EXCLUDED.n"
    )
    return f"""CREATE OR REPLACE FUNCTION {table}_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {upsert.format(changes=new)};
  ELSIF TG_OP = 'DELETE' THEN
    {upsert.format(changes=old)};
  ELSE
    {upsert.format(changes=new + " UNION ALL " + old)};
  END IF;
  RETURN NULL;
END $$"""


def _pg_triggers(table: str, source: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON {source} REFERENCING NEW TABLE AS new_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {table}_apply()",
        f"CREATE TRIGGER {table}_update AFTER UPDATE ON {source}"
        f" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {table}_apply()",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON {source} REFERENCING OLD TABLE AS old_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {table}_apply()",
    ]


POSTGRESQL = [
    _pg_apply("course_status_count", _KEY, _KEY_OF, "assigned"),
    *_pg_triggers("course_status_count", "course_status"),
    _pg_apply("completion_month_count", "month", _MONTH_OF, "true"),
    *_pg_triggers("completion_month_count", "completion"),
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
        *(
            f"DROP TRIGGER IF EXISTS {table}_{event} ON {source}"
            for table, source in (
                ("course_status_count", "course_status"),
                ("completion_month_count", "completion"),
            )
            for event in ("insert", "update", "delete")
        ),
        "DROP FUNCTION IF EXISTS course_status_count_apply()",
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


def create_with_tables(by_dialect: dict[str, list[str]]) -> None:
    """Have `create_all` (the tests, a fresh development database) make these triggers too."""
    for dialect, statements in by_dialect.items():
        for statement in statements:
            event.listen(
                db.metadata,
                "after_create",
                DDL(statement.replace("%", "%%")).execute_if(dialect=dialect),
            )


create_with_tables({"postgresql": POSTGRESQL, "sqlite": SQLITE})


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
