"""An opened inventory's results counted once and kept until something they depend on changes.

The results pages (the departments, a department's units, a unit's units, the manager's units,
the comparison, the status report) read these rows instead of grouping the answers below each unit
at every request; a drill-down then reads a few rows whatever the size of the organisation.

- `needs_tally_rate` and `needs_tally_cell` hold, per inventory, the response rate and the
  answers per area of each unit's own people ("unit"), of each unit with every unit below it
  ("tree") and of each department ("department"). Sums and counts, so that nothing is rounded.
- `needs_change` counts writes: per inventory, every statement that writes its answers,
  submissions or people asked; under key 0 (`ORG`), every statement that moves or deactivates a
  person or moves or removes a unit. Database triggers keep it (below), so no writer, whichever
  feature it belongs to, has to remember to.
- `needs_tally` remembers the two counts the rows were computed at. When they differ from
  `needs_change`, the next reader recounts the inventory's rows (a few set-based statements) under
  a lock on its `needs_tally` row, so two readers do not count at once.
- Saving an answer (one's own, on someone's behalf, a correction) and adding latecomers keep the
  rows current themselves (`own_write`, `add`): in the same transaction, under the lock on the
  inventory's `needs_tally` row, they take away what the people counted for before the write and
  add what they count for after it, in their unit's, head units' and department's rows (set-based
  upserts), and the triggers do not bump `needs_change` for them. Whatever else writes (a person or unit
  moved, answers removed, a script's statements) still bumps it, and the next reader recounts.

A draft (no one asked yet) is counted live. `differences()` compares the rows with the GROUP BY
they replace (tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    true,
    union_all,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, aliased, mapped_column
from sqlalchemy.sql.expression import false

from learnapp.db import UTCDateTime, dialect_insert, utcnow
from learnapp.extensions import db
from learnapp.needs.grouping import DEPARTMENT, TREE, UNIT, counted
from learnapp.training.rollups import create_with_tables

ORG = 0  # needs_change's key for changes to people and units (no inventory has id 0)


class TallyRate(db.Model):
    """People asked and people who submitted, in one group."""

    __tablename__ = "needs_tally_rate"

    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("needs_inventory.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    asked: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)


class TallyCell(db.Model):
    """Submitted answers in one group and area: how many gave a need, how many a great one, the
    sum and number of the knowledge levels given."""

    __tablename__ = "needs_tally_cell"

    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("needs_inventory.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    area_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    great: Mapped[int] = mapped_column(Integer, default=0)
    knowledge_sum: Mapped[int] = mapped_column(Integer, default=0)
    knowledge_n: Mapped[int] = mapped_column(Integer, default=0)


class NeedsTally(db.Model):
    """The write counts an inventory's rows were computed at."""

    __tablename__ = "needs_tally"

    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("needs_inventory.id", ondelete="CASCADE"), primary_key=True
    )
    inventory_changes: Mapped[int] = mapped_column(Integer, default=-1)
    org_changes: Mapped[int] = mapped_column(Integer, default=-1)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    # True only inside a transaction that keeps the rows current itself (`own_write`), and set
    # back before it commits: the triggers below then leave `needs_change` alone.
    writing: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NeedsChange(db.Model):
    """How many writing statements touched an inventory's answers (or, key 0, people and units)."""

    __tablename__ = "needs_change"

    inventory_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, default=0)


# --- the triggers ------------------------------------------------------------------------------

_ANSWER_TABLES = ("needs_response", "needs_submission", "needs_inventory_person")
_PG_BUMP = (
    "INSERT INTO needs_change (inventory_id, n) {rows} ON CONFLICT (inventory_id)"
    " DO UPDATE SET n = needs_change.n + 1"
)
# Not while the writing transaction keeps the inventory's rows current itself (`own_write`).
_NOT_OWN = "NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = {key} AND t.writing)"
_OWN_ROWS = "SELECT DISTINCT r.inventory_id, 1 FROM {rows} r WHERE " + _NOT_OWN.format(
    key="r.inventory_id"
)

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION needs_change_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {_PG_BUMP.format(rows=_OWN_ROWS.format(rows="new_rows"))};
  RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION needs_change_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {_PG_BUMP.format(rows=_OWN_ROWS.format(rows="old_rows"))};
  RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION needs_change_org() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {_PG_BUMP.format(rows=f"VALUES ({ORG}, 1)")};
  RETURN NULL;
END $$""",
]
for _table in _ANSWER_TABLES:
    POSTGRESQL += [
        f"CREATE TRIGGER {_table}_change_insert AFTER INSERT ON {_table}"
        " REFERENCING NEW TABLE AS new_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
        f"CREATE TRIGGER {_table}_change_update AFTER UPDATE ON {_table}"
        " REFERENCING NEW TABLE AS new_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
        f"CREATE TRIGGER {_table}_change_delete AFTER DELETE ON {_table}"
        " REFERENCING OLD TABLE AS old_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION needs_change_old()",
    ]
POSTGRESQL += [
    "CREATE TRIGGER person_needs_change_update AFTER UPDATE OF unit_id, active ON person"
    " FOR EACH STATEMENT EXECUTE FUNCTION needs_change_org()",
    "CREATE TRIGGER person_needs_change_delete AFTER DELETE ON person"
    " FOR EACH STATEMENT EXECUTE FUNCTION needs_change_org()",
    "CREATE TRIGGER unit_needs_change_update AFTER UPDATE OF path, parent_id, department_id"
    " ON unit FOR EACH STATEMENT EXECUTE FUNCTION needs_change_org()",
    "CREATE TRIGGER unit_needs_change_delete AFTER DELETE ON unit"
    " FOR EACH STATEMENT EXECUTE FUNCTION needs_change_org()",
]


def _sqlite_bump(key: str) -> str:
    return (
        f"INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES ({key}, 0);"
        f" UPDATE needs_change SET n = n + 1 WHERE inventory_id = {key};"
    )


SQLITE = []
for _table in _ANSWER_TABLES:
    SQLITE += [
        f"CREATE TRIGGER {_table}_change_insert AFTER INSERT ON {_table}"
        f" WHEN {_NOT_OWN.format(key='NEW.inventory_id')} BEGIN"
        f" {_sqlite_bump('NEW.inventory_id')} END",
        f"CREATE TRIGGER {_table}_change_update AFTER UPDATE ON {_table}"
        f" WHEN {_NOT_OWN.format(key='NEW.inventory_id')} BEGIN"
        f" {_sqlite_bump('NEW.inventory_id')} END",
        f"CREATE TRIGGER {_table}_change_delete AFTER DELETE ON {_table}"
        f" WHEN {_NOT_OWN.format(key='OLD.inventory_id')} BEGIN"
        f" {_sqlite_bump('OLD.inventory_id')} END",
    ]
SQLITE += [
    "CREATE TRIGGER person_needs_change_update AFTER UPDATE OF unit_id, active ON person"
    " WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.active IS NOT NEW.active BEGIN"
    f" {_sqlite_bump(str(ORG))} END",
    f"CREATE TRIGGER person_needs_change_delete AFTER DELETE ON person BEGIN"
    f" {_sqlite_bump(str(ORG))} END",
    "CREATE TRIGGER unit_needs_change_update AFTER UPDATE OF path, parent_id, department_id"
    " ON unit WHEN OLD.path IS NOT NEW.path OR OLD.parent_id IS NOT NEW.parent_id"
    " OR OLD.department_id IS NOT NEW.department_id BEGIN"
    f" {_sqlite_bump(str(ORG))} END",
    f"CREATE TRIGGER unit_needs_change_delete AFTER DELETE ON unit BEGIN"
    f" {_sqlite_bump(str(ORG))} END",
]

create_with_tables({"postgresql": POSTGRESQL, "sqlite": SQLITE})


# --- counting ----------------------------------------------------------------------------------


def _changes(key: int) -> Any:
    return (
        select(func.coalesce(func.max(NeedsChange.n), 0))
        .where(NeedsChange.inventory_id == key)
        .scalar_subquery()
    )


def _fresh(inventory_id: int) -> ColumnElement[bool]:
    return and_(
        NeedsTally.inventory_id == inventory_id,
        NeedsTally.complete.is_(True),
        NeedsTally.inventory_changes == _changes(inventory_id),
        NeedsTally.org_changes == _changes(ORG),
    )


def is_fresh(inventory_id: int) -> bool:
    """Whether the inventory's rows are counted at the current write counts (one statement)."""
    return (
        db.session.scalar(select(NeedsTally.inventory_id).where(_fresh(inventory_id))) is not None
    )


def ensure(inventory: Any) -> bool:
    """Make the opened inventory's rows current, recounting them unless they are, and commit (the
    callers are pages and downloads that have written nothing). False when another request is
    recounting them right now (PostgreSQL): the caller then counts live instead of waiting."""
    inventory_id = inventory.id
    if is_fresh(inventory_id):
        return True
    db.session.execute(
        dialect_insert(db.session, NeedsTally)
        .values(inventory_id=inventory_id, inventory_changes=-1, org_changes=-1, complete=False)
        .on_conflict_do_nothing(index_elements=["inventory_id"])
    )
    locked = db.session.scalar(
        select(NeedsTally.inventory_id)
        .where(NeedsTally.inventory_id == inventory_id)
        .with_for_update(skip_locked=True)
    )
    if locked is None:
        _commit()
        return False
    if not is_fresh(inventory_id):
        recount(inventory)
    _commit()
    return True


def _commit() -> None:
    """Commit, keeping what the request has loaded (nothing of it was written here)."""
    session = db.session()
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def _from_units(kind: str, inventory_id: int, model: Any, sums: list[str]) -> Any:
    """The inventory's UNIT rows of `model` summed per head unit (TREE) or per department."""
    from learnapp.org.models import Unit

    own = aliased(model, name="own")
    unit = aliased(Unit, name="u")
    head = aliased(Unit, name="head")
    keys = [own.area_id] if model is TallyCell else []
    group = head.id if kind == TREE else unit.department_id
    stmt = (
        select(
            own.inventory_id,
            literal(kind),
            group,
            *keys,
            *[func.sum(getattr(own, column)) for column in sums],
        )
        .select_from(own)
        .join(unit, unit.id == own.group_id)
        .where(own.inventory_id == inventory_id, own.kind == UNIT)
        .group_by(own.inventory_id, group, *keys)
    )
    if kind == TREE:  # as reports.HEAD's subtree: same department, the path below the head's
        stmt = stmt.join(
            head, and_(head.department_id == unit.department_id, unit.path.startswith(head.path))
        )
    return stmt


RATE_SUMS = ["asked", "answered"]
CELL_SUMS = ["answers", "great", "knowledge_sum", "knowledge_n"]


def recount(inventory: Any) -> None:
    """Count the inventory's rows again from the answers, the people asked and the unit tree:
    each unit's own people, then those rows summed per unit subtree and per department."""
    inventory_id = inventory.id
    counts = db.session.execute(
        select(_changes(inventory_id), _changes(ORG))
    ).one()  # read first: whatever is counted after it is at least as new
    db.session.execute(delete(TallyRate).where(TallyRate.inventory_id == inventory_id))
    db.session.execute(delete(TallyCell).where(TallyCell.inventory_id == inventory_id))
    rate_columns = ["inventory_id", "kind", "group_id", *RATE_SUMS]
    cell_columns = ["inventory_id", "kind", "group_id", "area_id", *CELL_SUMS]
    db.session.execute(
        insert(TallyRate).from_select(rate_columns, counted(inventory, UNIT, rates=True))
    )
    db.session.execute(
        insert(TallyCell).from_select(cell_columns, counted(inventory, UNIT, rates=False))
    )
    for kind in (TREE, DEPARTMENT):
        db.session.execute(
            insert(TallyRate).from_select(
                rate_columns, _from_units(kind, inventory_id, TallyRate, RATE_SUMS)
            )
        )
        db.session.execute(
            insert(TallyCell).from_select(
                cell_columns, _from_units(kind, inventory_id, TallyCell, CELL_SUMS)
            )
        )
    db.session.execute(
        update(NeedsTally)
        .where(NeedsTally.inventory_id == inventory_id)
        .values(
            inventory_changes=int(counts[0]),
            org_changes=int(counts[1]),
            complete=True,
            counted_at=utcnow(),
        )
    )
    if db.session.get_bind().dialect.name == "postgresql":
        # The planner's figures for the rows just written: without them (a first count, or many
        # more rows than last analysed) it may take the tallies for empty and scan them per unit.
        db.session.execute(text("ANALYZE needs_tally_rate, needs_tally_cell"))


def differences(inventory: Any) -> list[str]:
    """Where the inventory's stored rows differ from the GROUP BY over the answers that they
    replace, for every kind of row (empty: they agree). Recounts first if they are not current."""
    inventory_id = inventory.id
    ensure(inventory)
    problems: list[str] = []
    for kind in (UNIT, TREE, DEPARTMENT):
        want_rates = {
            row[2]: tuple(row[3:])
            for row in db.session.execute(counted(inventory, kind, rates=True))
        }
        want_cells = {
            (row[2], row[3]): tuple(row[4:])
            for row in db.session.execute(counted(inventory, kind, rates=False))
        }
        have_rates = {
            r.group_id: (r.asked, r.answered)
            for r in db.session.scalars(
                select(TallyRate).where(
                    TallyRate.inventory_id == inventory_id, TallyRate.kind == kind
                )
            )
        }
        have_cells = {
            (c.group_id, c.area_id): (c.answers, c.great, c.knowledge_sum, c.knowledge_n)
            for c in db.session.scalars(
                select(TallyCell).where(
                    TallyCell.inventory_id == inventory_id, TallyCell.kind == kind
                )
            )
        }
        if have_rates != want_rates:
            problems.append(f"{kind} rates: stored {have_rates}, counted {want_rates}")
        if have_cells != want_cells:
            problems.append(f"{kind} cells: stored {have_cells}, counted {want_cells}")
    return problems


# --- writes that keep the rows current --------------------------------------------------------


@contextmanager
def own_write(inventory_id: int) -> Iterator[bool]:
    """Around a write to an open inventory's answers or people asked that keeps the stored rows
    current itself (`add`): True when the rows are current, and then they stay so.

    One UPDATE claims the inventory's `needs_tally` row when it is current and marks it
    `writing`: the row stays locked until the commit, so writes to one inventory change its rows
    one after another (two answers saved at once lose no count), and the triggers leave
    `needs_change` alone while the mark is set. The mark is cleared before the block ends, so no
    one else ever sees it; a block left by an exception also marks the rows for a recount, in
    case the caller commits what it had written. False (no current rows): the write bumps
    `needs_change` as any other and the next reader counts again."""
    # Whatever the session holds unwritten is written before the claim, while the triggers still
    # count it as a change: written under the claim, it would be left out of the stored rows.
    db.session.flush()
    claimed = (
        db.session.execute(
            update(NeedsTally)
            .where(_fresh(inventory_id))
            .values(writing=True)
            .returning(NeedsTally.inventory_id)
            .execution_options(synchronize_session=False)
        ).first()
        is not None
    )
    done = (
        update(NeedsTally)
        .where(NeedsTally.inventory_id == inventory_id)
        .execution_options(synchronize_session=False)
    )
    try:
        yield claimed
    except BaseException:
        if claimed:
            with suppress(SQLAlchemyError):  # a failed transaction is rolled back anyway
                db.session.execute(done.values(writing=False, complete=False))
        raise
    if claimed:
        db.session.execute(done.values(writing=False))


def add(inventory: Any, people: list[int] | Any, *, sign: int = 1, answers: bool = True) -> None:
    """Add (`sign` -1: take away) what these people count for in the inventory's rows as the
    database holds them now, to the rows of their units, head units and departments: one
    INSERT … SELECT … ON CONFLICT DO UPDATE for the response rates and one for the answers
    (`answers` False: only the rates), rows that do not exist yet inserted. `people`: a list of
    person ids (the statements are built once an inventory and reused) or a SELECT of them.
    Inside `own_write`: take away before the write, add after it."""
    models: list[Any] = [TallyRate, TallyCell] if answers else [TallyRate]
    dialect = db.session.get_bind().dialect.name
    for model in models:
        if isinstance(people, list):
            key = (dialect, inventory.id, inventory.is_draft, model.__tablename__, sign)
            stmt = _ADDING.get(key)
            if stmt is None:
                if len(_ADDING) > 256:
                    _ADDING.clear()
                stmt = _ADDING[key] = _adding(inventory, model, sign, _PEOPLE)
            db.session.execute(stmt, {"people": people})
        else:
            db.session.execute(_adding(inventory, model, sign, people))


_PEOPLE: Any = bindparam("people", expanding=True)
_ADDING: dict[tuple[Any, ...], Any] = {}  # a save's statements, built once an inventory


def _adding(inventory: Any, model: Any, sign: int, people: Any) -> Any:
    from learnapp.needs.models import NeedsResponse
    from learnapp.org.models import Person

    rates = model is TallyRate
    keys, sums = (["group_id"], RATE_SUMS) if rates else (["group_id", "area_id"], CELL_SUMS)
    person = Person.id if rates else NeedsResponse.person_id
    rows = union_all(
        *[
            counted(inventory, kind, rates=rates).where(person.in_(people))
            for kind in (UNIT, TREE, DEPARTMENT)
        ]
    ).subquery()
    columns = list(rows.c)
    width = 2 + len(keys)
    figures = [column * sign if sign != 1 else column for column in columns[width:]]
    table = model.__table__
    stmt = dialect_insert(db.session, table)
    return stmt.from_select(
        ["inventory_id", "kind", *keys, *sums],
        # WHERE: SQLite reads ON CONFLICT after a SELECT without one as a join's ON.
        select(*columns[:width], *figures).where(true()),
    ).on_conflict_do_update(
        index_elements=["inventory_id", "kind", *keys],
        set_={column: table.c[column] + stmt.excluded[column] for column in sums},
    )
