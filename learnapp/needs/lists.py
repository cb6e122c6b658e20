"""The first rows of the inventory's long lists of people, read without sorting everyone.

The coordinator's team page lists who has not answered and the key persons' page who reports a
great need; at 100,000 people either list has thousands of rows, of which a page shows the first
few hundred. Sorting them all on every view cost 40–60 ms of SQL, growing with the organisation.

- Who has not answered: an inventory that asks everyone (or everyone in some departments) reads
  its stored per-unit figures (`tallies`) to find the first units, by name, that hold the first
  `limit` people who have not answered, and reads only those units' people. An inventory that asks
  key persons starts from the people it asks who have not answered (a fraction of the
  organisation; two index scans) and looks them up: most people in a unit were not asked, and
  reading them unit by unit would read them all. A manager's team page has each of their units'
  figures already: it finds the units from those, and reads a few units' people whatever the
  inventory asks (a manager of one unit: no statement at all when everyone there has answered).
- Key persons with great needs: the units, by department and name, are read in growing batches,
  each batch's key persons and their great needs in one statement, until `limit` rows are found.
- Who would be assigned an area's courses: the ids of those who reported a great need, then
  those of them still here, as a list: joined to the answers, PostgreSQL read every person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, and_, any_, bindparam, exists, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from learnapp.areas.models import CompetenceArea
from learnapp.extensions import db
from learnapp.needs import grouping, reports, tallies
from learnapp.needs.models import (
    InventoryPerson,
    InventoryScope,
    Need,
    NeedsInventory,
    NeedsResponse,
    NeedsSubmission,
)
from learnapp.org.models import Department, Person, Unit
from learnapp.swedish import in_swedish_order


@dataclass(frozen=True)
class NotAnswered:
    """A person asked who has not submitted, with what the team page shows of them."""

    id: int
    name: str
    unit_name: str
    is_key_person: bool
    key_function: str


def not_answered(
    inventory: NeedsInventory,
    unit_ids: Select[tuple[int]] | None = None,
    limit: int = 500,
    *,
    unit_rates: list[reports.Rate] | None = None,
) -> list[NotAnswered]:
    """The first `limit` people asked who have not submitted, by unit name, name and id (those
    of the units `unit_ids` when given). Two statements: which units hold those people (an
    inventory asking everyone or whole departments) or who they are (one asking key persons),
    then what the page shows of them (see the module).

    `unit_rates`: the response rates of each unit of `unit_ids`, in Swedish order of the units'
    names (`reports.response_rates(by_unit=True)`), where the caller has them (a manager's team
    page): the units holding the first people are found from them without a statement, and,
    when they are few, only their people are read, whatever the inventory asks."""
    if inventory.is_draft:  # nobody asked yet: nothing to list (the team page is not for drafts)
        return []
    submitted = exists().where(
        NeedsSubmission.person_id == InventoryPerson.person_id,
        NeedsSubmission.inventory_id == inventory.id,
        NeedsSubmission.submitted_at.is_not(None),
    )
    shown = (
        select(Person.id, Person.name, Unit.name, Person.is_key_person, Person.key_function)
        .join(Unit, Person.unit_id == Unit.id)
        .where(Person.active)
        .order_by(in_swedish_order(Unit.name), in_swedish_order(Person.name), Person.id)
        .limit(limit)
    )
    asked = shown.join(
        InventoryPerson,
        and_(InventoryPerson.person_id == Person.id, InventoryPerson.inventory_id == inventory.id),
    ).where(~submitted)
    # Ids as lists, not subqueries: the planner then knows they are few and looks them up,
    # instead of reading every person or every answer of the inventory.
    units: list[int] | None = None
    if unit_rates is not None:
        units = _units_holding_first_of(unit_rates, limit)
    elif _asks_whole_units(inventory) and reports.stored(inventory):
        units = _units_holding_first(inventory, unit_ids, limit)
    in_units: Any = None
    if units is not None:
        if not units:
            return []
        in_units = _one_of(Unit.id, units, "unit_ids")
        if _asks_whole_units(inventory) or len(units) <= FEW_UNITS:
            return [NotAnswered(*row) for row in db.session.execute(asked.where(in_units))]
    elif unit_ids is not None:
        in_units = Unit.id.in_(unit_ids)
    people = list(
        db.session.scalars(
            select(InventoryPerson.person_id).where(
                InventoryPerson.inventory_id == inventory.id, ~submitted
            )
        )
    )
    if not people:
        return []
    # The ids are those asked who have not submitted: the people are looked up by them alone.
    stmt = shown.where(_one_of(Person.id, people)) if len(people) <= MAX_IDS or _arrays() else asked
    if in_units is not None:
        stmt = stmt.where(in_units)
    return [NotAnswered(*row) for row in db.session.execute(stmt)]


# Units whose people are read whole to find those asked who have not answered, in an inventory
# asking key persons (most people in a unit are not asked; some 30 people a unit). With more
# units than this, the people asked who have not answered are found first. At 100,000 people the
# two ways cost the same at about 100 to 200 units (9-11 ms); one unit: 0.2 ms against 8.
FEW_UNITS = 100


MAX_IDS = 10_000  # more ids than this are not sent as a list (SQLite takes 32,766 at most)


def _arrays() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _one_of(column: Any, ids: list[int], name: str = "ids") -> Any:
    """`column IN (ids)`: on PostgreSQL one array parameter (`= ANY`), not a parameter per id,
    which cost milliseconds to render and send for a thousand ids."""
    if _arrays():
        return column == any_(bindparam(name, ids, type_=ARRAY(Integer)))
    return column.in_(ids)


@dataclass(frozen=True)
class GreatNeed:
    """A person here who submitted a great need in an area, as the assign page shows them."""

    name: str
    unit_name: str
    is_key_person: bool
    key_function: str


def great_need_in_area(
    inventory: NeedsInventory, area_id: int, limit: int
) -> tuple[list[GreatNeed], int]:
    """The first `limit` active people who submitted a great need in the area, by name and id,
    and how many there are in all (the people `reports.people_with_great_need` assigns). Two
    statements: the ids of those who answered so (an index scan), then those people, counted
    with a window (see the module)."""
    answered = select(NeedsResponse.person_id).where(
        NeedsResponse.inventory_id == inventory.id,
        NeedsResponse.area_id == area_id,
        NeedsResponse.submitted_at.is_not(None),
        NeedsResponse.need == Need.GREAT.value,
    )
    people = list(db.session.scalars(answered))
    if not people:
        return [], 0
    chosen = (
        _one_of(Person.id, people)
        if len(people) <= MAX_IDS or _arrays()
        else Person.id.in_(answered)
    )
    stmt = (
        select(
            Person.name,
            func.coalesce(Unit.name, ""),
            Person.is_key_person,
            Person.key_function,
            func.count().over(),
        )
        .outerjoin(Unit, Person.unit_id == Unit.id)
        .where(chosen, Person.active)
        .order_by(in_swedish_order(Person.name), Person.id)
        .limit(limit)
    )
    rows = db.session.execute(stmt).all()
    return [GreatNeed(*row[:4]) for row in rows], rows[0][4] if rows else 0


def _asks_whole_units(inventory: NeedsInventory) -> bool:
    """Whether the inventory asks (almost) everyone in the units it reaches, so that reading a
    unit's people reads few who were not asked."""
    if inventory.scope == InventoryScope.EVERYONE:
        return True
    return inventory.scope == InventoryScope.DEPARTMENTS and not inventory.key_persons_only


def _units_holding_first(
    inventory: NeedsInventory, unit_ids: Select[tuple[int]] | None, limit: int
) -> list[int]:
    """The units, by name, whose people who have not answered (the stored per-unit figures: asked
    minus answered) make up the first `limit` of the list; units of one name are taken together,
    as the list orders their people by name across them. One sort, of the units' names."""
    t = tallies.TallyRate
    units = (
        select(Unit.id.label("id"), Unit.name.label("name"), (t.asked - t.answered).label("n"))
        .join(t, t.group_id == Unit.id)
        .where(t.inventory_id == inventory.id, t.kind == grouping.UNIT, t.asked > t.answered)
    )
    if unit_ids is not None:
        units = units.where(Unit.id.in_(unit_ids))
    mine = units.cte("mine")
    names = select(mine.c.name, func.sum(mine.c.n).label("n")).group_by(mine.c.name).subquery()
    ranked = select(
        names.c.name,
        (func.sum(names.c.n).over(order_by=in_swedish_order(names.c.name)) - names.c.n).label(
            "before"
        ),
    ).subquery()
    first = select(ranked.c.name).where(ranked.c.before < limit)
    return list(db.session.scalars(select(mine.c.id).where(mine.c.name.in_(first))))


def _units_holding_first_of(rates: list[reports.Rate], limit: int) -> list[int]:
    """`_units_holding_first` from the units' rates, already read in the order of their names."""
    missing: dict[str, int] = {}
    for rate in rates:
        missing[rate.name] = missing.get(rate.name, 0) + rate.in_scope - rate.answered
    before = 0
    first: set[str] = set()
    for name, n in missing.items():
        if before >= limit:
            break
        first.add(name)
        before += n
    return [rate.id for rate in rates if rate.name in first and rate.in_scope > rate.answered]


@dataclass(frozen=True)
class KeyPersonNeed:
    person_id: int
    name: str
    key_function: str
    unit: str
    department: str
    area_id: int


BATCHES = (128, 512, 2048)  # units per statement, then all the rest


def key_persons_with_great_needs(
    inventory: NeedsInventory, limit: int | None = None
) -> tuple[list[KeyPersonNeed], bool]:
    """Active key persons' submitted great needs, by department, unit, name and area: the first
    `limit` rows (all when None), and whether there are more. Only the rows shown are read: the
    units, in that order, are read in batches until there are enough rows (at most four
    statements, each choosing its units with a top-N sort of the units, not of the answers)."""
    if limit is None:
        rows = db.session.execute(_great_needs(inventory)).all()
        return [KeyPersonNeed(*row) for row in rows], False
    wanted = limit + 1
    rows = []
    start = 0
    for size in (*BATCHES, None):
        units = _units_in_order().offset(start).limit(size)
        rows += db.session.execute(_great_needs(inventory, units).limit(wanted - len(rows))).all()
        if size is None or len(rows) >= wanted:
            break
        start += size
    return [KeyPersonNeed(*row) for row in rows[:limit]], len(rows) >= wanted


def _units_in_order() -> Select[Any]:
    return (
        select(Unit.id)
        .join(Department, Department.id == Unit.department_id)
        .order_by(in_swedish_order(Department.name), in_swedish_order(Unit.name), Unit.id)
    )


def _key_person() -> list[Any]:
    """As the partial index on person (unit_id, id) has it."""
    return [Person.is_key_person, Person.active]


def _great_needs(
    inventory: NeedsInventory, unit_ids: Select[Any] | None = None
) -> Select[*tuple[Any, ...]]:
    stmt = (
        select(
            Person.id,
            Person.name,
            Person.key_function,
            Unit.name,
            Department.name,
            NeedsResponse.area_id,
        )
        .select_from(Unit)
        .join(Department, Department.id == Unit.department_id)
        .join(Person, and_(Person.unit_id == Unit.id, *_key_person()))
        .join(
            NeedsResponse,
            and_(
                NeedsResponse.person_id == Person.id,
                NeedsResponse.inventory_id == inventory.id,
                NeedsResponse.submitted_at.is_not(None),
                NeedsResponse.need == Need.GREAT.value,
            ),
        )
        .join(CompetenceArea, CompetenceArea.id == NeedsResponse.area_id)
        # Person.id too: two people of one name in one unit keep one order, so the same rows are
        # the first `limit` every time; Unit.id keeps two units of one name apart.
        .order_by(
            in_swedish_order(Department.name),
            in_swedish_order(Unit.name),
            Unit.id,
            in_swedish_order(Person.name),
            Person.id,
            CompetenceArea.position,
        )
    )
    if unit_ids is not None:
        stmt = stmt.where(Unit.id.in_(unit_ids.scalar_subquery()))
    return stmt
