"""Status counts per unit *subtree*, so that a drill-down costs the same at any size.

`unit_ancestor` holds, for every unit, itself and each unit above it (read from its path, "/1/5/23/");
`unit_tree_status_count` holds, per unit × course × key person × status, how many assigned
CourseStatus rows there are in that unit and every unit below it. A drill-down page that shows ten
units reads their counter rows (ten units × the courses × a few statuses), whatever the number of
people or units below them; before, it grouped every status row of the subtrees.

Both are kept by database triggers, like the rollups in `rollups.py`:
- on `course_status`: each assigned row counts for each ancestor of its unit (PostgreSQL per
  statement, with transition tables: an UPDATE adds its new rows and takes away its old ones, and
  the rows it did not change cancel out in the sum; SQLite per row, only when a counted column
  changed);
- on `unit`: a new path (a unit made or moved, with its subtree) rewrites the unit's ancestors and
  moves its own rows' counts from the old ancestors to the new ones.
The migrations hold the same SQL as frozen text (0009; the PostgreSQL function as of 0014); `rebuild()` recounts from the source
tables, `differences()` compares (tests).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, String, func, select
from sqlalchemy.orm import Mapped, aliased, mapped_column

from learnapp.extensions import db
from learnapp.training.rollups import create_with_tables


class UnitAncestor(db.Model):
    """A unit and one unit at or above it."""

    __tablename__ = "unit_ancestor"

    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ancestor_id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, index=True
    )


class TreeStatusCount(db.Model):
    """Assigned status rows in a unit and below it, by course × key person × status."""

    __tablename__ = "unit_tree_status_count"

    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    course_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    is_key_person: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


_KEY = "unit_id, course_id, is_key_person, status"
_COUNTED = "assigned, unit_id, course_id, is_key_person, status"
_UPSERT = (
    f"INSERT INTO unit_tree_status_count ({_KEY}, n) SELECT {_KEY}, sum(d) FROM ({{changes}})"
    f" AS c ({_KEY}, d) GROUP BY {_KEY} HAVING sum(d) <> 0"
    " ON CONFLICT (unit_id, course_id, is_key_person, status)"
    " DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n"
)


def _pg_delta(rows: str, sign: int) -> str:
    """Each assigned row of a transition table, once for each ancestor of its unit.

    No join of the new rows to the old ones to skip the unchanged: transition tables have no
    index and no statistics, so PostgreSQL joined them in a nested loop: quadratic, an UPDATE of
    8,000 rows spent 4 to 9 s in this trigger (an HR import's first 20,000 people, 109 s of 121).
    Counting both sides and letting the unchanged rows cancel in the GROUP BY is linear.
    """
    return (
        f"SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, {sign} FROM {rows} r"
        f" JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned"
    )


# The counts of one unit's own assigned rows (PostgreSQL, in the unit trigger).
_OWN = (
    "SELECT course_id, is_key_person, status, count(*) AS n FROM course_status"
    " WHERE unit_id = NEW.id AND assigned GROUP BY course_id, is_key_person, status"
)
_PG_PATH_IDS = (
    "SELECT NEW.id, CAST(p AS integer)"
    " FROM unnest(string_to_array(trim(both '/' from NEW.path), '/')) AS p WHERE p <> ''"
)

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION unit_tree_status_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_UPSERT.format(changes=_pg_delta("new_rows", 1))};
  ELSIF TG_OP = 'DELETE' THEN
    {_UPSERT.format(changes=_pg_delta("old_rows", -1))};
  ELSE
    {_UPSERT.format(changes=_pg_delta("new_rows", 1) + " UNION ALL " + _pg_delta("old_rows", -1))};
  END IF;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER unit_tree_status_count_insert AFTER INSERT ON course_status"
    " REFERENCING NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION unit_tree_status_count_apply()",
    "CREATE TRIGGER unit_tree_status_count_update AFTER UPDATE ON course_status"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION unit_tree_status_count_apply()",
    "CREATE TRIGGER unit_tree_status_count_delete AFTER DELETE ON course_status"
    " REFERENCING OLD TABLE AS old_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION unit_tree_status_count_apply()",
    f"""CREATE OR REPLACE FUNCTION unit_ancestor_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM unit_ancestor WHERE unit_id = OLD.id;
    DELETE FROM unit_tree_status_count WHERE unit_id = OLD.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF OLD.path IS NOT DISTINCT FROM NEW.path THEN
      RETURN NULL;
    END IF;
    UPDATE unit_tree_status_count t SET n = t.n - c.n
      FROM ({_OWN}) c, unit_ancestor a
      WHERE a.unit_id = NEW.id AND t.unit_id = a.ancestor_id AND t.course_id = c.course_id
        AND t.is_key_person = c.is_key_person AND t.status = c.status;
    DELETE FROM unit_ancestor WHERE unit_id = NEW.id;
  END IF;
  INSERT INTO unit_ancestor (unit_id, ancestor_id) {_PG_PATH_IDS};
  {_UPSERT.format(changes=f"SELECT a.ancestor_id, c.course_id, c.is_key_person, c.status, c.n FROM ({_OWN}) c JOIN unit_ancestor a ON a.unit_id = NEW.id")};
  RETURN NULL;
END $$""",
    "CREATE TRIGGER unit_ancestor_insert AFTER INSERT ON unit"
    " FOR EACH ROW EXECUTE FUNCTION unit_ancestor_apply()",
    "CREATE TRIGGER unit_ancestor_update AFTER UPDATE OF path ON unit"
    " FOR EACH ROW EXECUTE FUNCTION unit_ancestor_apply()",
    "CREATE TRIGGER unit_ancestor_delete AFTER DELETE ON unit"
    " FOR EACH ROW EXECUTE FUNCTION unit_ancestor_apply()",
]


def _sqlite_match(row: str) -> str:
    return (
        f"course_id = {row}.course_id AND is_key_person = {row}.is_key_person"
        f" AND status = {row}.status"
        f" AND unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = {row}.unit_id)"
    )


def _sqlite_add(row: str) -> str:
    return (
        f"INSERT OR IGNORE INTO unit_tree_status_count ({_KEY}, n)"
        f" SELECT ancestor_id, {row}.course_id, {row}.is_key_person, {row}.status, 0"
        f" FROM unit_ancestor WHERE unit_id = {row}.unit_id AND {row}.assigned;"
        f" UPDATE unit_tree_status_count SET n = n + 1 WHERE {row}.assigned AND {_sqlite_match(row)};"
    )


_SQLITE_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _COUNTED.split(", "))
# The unit's own assigned rows of a counter row's course × key person × status (SQLite).
_SQLITE_OWN = (
    "(SELECT count(*) FROM course_status c WHERE c.unit_id = NEW.id AND c.assigned"
    " AND c.course_id = unit_tree_status_count.course_id"
    " AND c.is_key_person = unit_tree_status_count.is_key_person"
    " AND c.status = unit_tree_status_count.status)"
)
_SQLITE_MINE = "unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = NEW.id)"
_SQLITE_PATH_IDS = (
    "SELECT NEW.id, CAST(value AS INTEGER)"
    " FROM json_each('[' || replace(trim(NEW.path, '/'), '/', ',') || ']')"
)

SQLITE = [
    f"""CREATE TRIGGER unit_tree_status_count_insert AFTER INSERT ON course_status
WHEN NEW.assigned BEGIN
  {_sqlite_add("NEW")}
END""",
    f"""CREATE TRIGGER unit_tree_status_count_delete AFTER DELETE ON course_status
WHEN OLD.assigned BEGIN
  UPDATE unit_tree_status_count SET n = n - 1 WHERE {_sqlite_match("OLD")};
END""",
    f"""CREATE TRIGGER unit_tree_status_count_update AFTER UPDATE OF {_COUNTED} ON course_status
WHEN {_SQLITE_CHANGED} BEGIN
  UPDATE unit_tree_status_count SET n = n - 1 WHERE OLD.assigned AND {_sqlite_match("OLD")};
  {_sqlite_add("NEW")}
END""",
    f"""CREATE TRIGGER unit_ancestor_insert AFTER INSERT ON unit BEGIN
  INSERT INTO unit_ancestor (unit_id, ancestor_id) {_SQLITE_PATH_IDS};
END""",
    f"""CREATE TRIGGER unit_ancestor_update AFTER UPDATE OF path ON unit
WHEN OLD.path IS NOT NEW.path BEGIN
  UPDATE unit_tree_status_count SET n = n - {_SQLITE_OWN} WHERE {_SQLITE_MINE};
  DELETE FROM unit_ancestor WHERE unit_id = NEW.id;
  INSERT INTO unit_ancestor (unit_id, ancestor_id) {_SQLITE_PATH_IDS};
  INSERT OR IGNORE INTO unit_tree_status_count ({_KEY}, n)
    SELECT a.ancestor_id, c.course_id, c.is_key_person, c.status, 0
    FROM unit_ancestor a, (SELECT DISTINCT course_id, is_key_person, status FROM course_status
      WHERE unit_id = NEW.id AND assigned) c
    WHERE a.unit_id = NEW.id;
  UPDATE unit_tree_status_count SET n = n + {_SQLITE_OWN} WHERE {_SQLITE_MINE};
END""",
    """CREATE TRIGGER unit_ancestor_delete AFTER DELETE ON unit BEGIN
  DELETE FROM unit_ancestor WHERE unit_id = OLD.id;
  DELETE FROM unit_tree_status_count WHERE unit_id = OLD.id;
END""",
]

create_with_tables({"postgresql": POSTGRESQL, "sqlite": SQLITE})


def _ancestors_from_paths() -> Any:
    """(unit id, ancestor id) for every unit, computed from the paths (a join on prefixes)."""
    from learnapp.org.models import Unit

    above = aliased(Unit)
    return (
        select(Unit.id, above.id)
        .join(above, Unit.path.startswith(above.path))
        .where(above.path != "", above.department_id == Unit.department_id)
    )


def counted() -> Any:
    """The counters as they should be: a GROUP BY over the status rows and the units' paths."""
    from learnapp.org.models import Unit
    from learnapp.training.models import CourseStatus as cs

    above = aliased(Unit)
    return (
        select(above.id, cs.course_id, cs.is_key_person, cs.status, func.count())
        .join(Unit, Unit.id == cs.unit_id)
        .join(
            above,
            Unit.path.startswith(above.path)
            & (above.path != "")
            & (above.department_id == Unit.department_id),
        )
        .where(cs.assigned.is_(True))
        .group_by(above.id, cs.course_id, cs.is_key_person, cs.status)
    )


def rebuild() -> None:
    """Recount from the source tables (the migration's backfill; not needed in normal work)."""
    db.session.execute(UnitAncestor.__table__.delete())
    db.session.execute(TreeStatusCount.__table__.delete())
    db.session.execute(
        UnitAncestor.__table__.insert().from_select(
            ["unit_id", "ancestor_id"], _ancestors_from_paths()
        )
    )
    db.session.execute(
        TreeStatusCount.__table__.insert().from_select(
            ["unit_id", "course_id", "is_key_person", "status", "n"], counted()
        )
    )


def differences() -> list[str]:
    """Where the ancestors or counters disagree with the units and status rows (empty: agree)."""
    want_up = {tuple(r) for r in db.session.execute(_ancestors_from_paths())}
    have_up = {
        tuple(r) for r in db.session.execute(select(UnitAncestor.unit_id, UnitAncestor.ancestor_id))
    }
    problems = [
        f"ancestors: {sorted(have_up - want_up)} extra, {sorted(want_up - have_up)} missing"
    ]
    problems = problems if want_up != have_up else []
    want = {tuple(r[:-1]): r[-1] for r in db.session.execute(counted())}
    have = {
        (r.unit_id, r.course_id, r.is_key_person, r.status): r.n
        for r in db.session.scalars(select(TreeStatusCount).where(TreeStatusCount.n != 0))
    }
    problems += [
        f"{k}: {have.get(k)} counted, {v} rows" for k, v in want.items() if have.get(k) != v
    ]
    problems += [f"{k}: {v} counted, no rows" for k, v in have.items() if k not in want]
    return problems
