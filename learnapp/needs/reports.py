"""The inventory's results, aggregated in the database: response rates, heat map, comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from sqlalchemy import ColumnElement, Float, Select, and_, cast, exists, func, select

from learnapp.extensions import db
from learnapp.needs import grouping, tallies
from learnapp.needs.grouping import (
    HEAD,
    IN_HEADS_SUBTREE,
    answers_by,
    great_sum,
    submitted_join,
)
from learnapp.needs.models import Need, NeedsInventory, NeedsResponse, NeedsSubmission
from learnapp.needs.scope import in_scope_condition
from learnapp.org.models import Department, Person, Unit
from learnapp.swedish import in_swedish_order


@dataclass(frozen=True)
class Rate:
    """How many of the people asked in a group have submitted their answers."""

    id: int
    name: str
    in_scope: int
    answered: int

    @property
    def share(self) -> float | None:
        return self.answered / self.in_scope if self.in_scope else None


@dataclass(frozen=True)
class Cell:
    """One department (or unit) × area: how many answered, how many reported a great need."""

    answers: int
    great: int
    avg_knowledge: float | None

    @property
    def share_great(self) -> float | None:
        return self.great / self.answers if self.answers else None

    @property
    def level(self) -> str:
        """A colour class for the heat map; the numbers are always shown too."""
        share = self.share_great
        if share is None:
            return "none"
        if share >= 0.5:
            return "high"
        if share >= 0.25:
            return "medium"
        return "low"


def stored(inventory: NeedsInventory) -> bool:
    """Whether to read the inventory's tallies (made current first): not for a draft, whose
    people asked are whoever its scope covers now, nor while another request recounts them.

    Found once a request: a results page reads the tallies three or four times, and each check
    that they are current is a statement. (No page writes answers and then reads the tallies.)"""
    if inventory.is_draft:
        return False
    if not has_request_context():
        return tallies.ensure(inventory)
    current: set[int] = g.setdefault("needs_tallies_current", set())
    if inventory.id not in current:
        if not tallies.ensure(inventory):
            return False
        current.add(inventory.id)
    return True


def response_rates(
    inventory: NeedsInventory,
    *,
    by_unit: bool = False,
    unit_ids: Select[tuple[int]] | None = None,
    unit_id: int | None = None,
    heads: ColumnElement[bool] | None = None,
) -> list[Rate]:
    """Response rate per department, per unit (`by_unit`), or per head unit with the units below
    it (`heads`, a condition on HEAD), over the people the inventory asks; `unit_ids` and
    `unit_id` narrow it to the people of those units."""
    if not stored(inventory):
        return _live_rates(
            inventory, by_unit=by_unit, unit_ids=unit_ids, unit_id=unit_id, heads=heads
        )
    t = tallies.TallyRate
    mine = t.inventory_id == inventory.id
    stmt: Any
    if heads is not None:
        stmt = (
            select(HEAD.id, HEAD.name, t.asked, t.answered)
            .join(HEAD, HEAD.id == t.group_id)
            .where(mine, t.kind == grouping.TREE, heads)
            .order_by(in_swedish_order(HEAD.name), HEAD.id)
        )
    elif by_unit or unit_ids is not None or unit_id is not None:
        stmt = (
            select(t.group_id)
            .join(Unit, Unit.id == t.group_id)
            .where(mine, t.kind == grouping.UNIT)
        )
        if unit_ids is not None:
            stmt = stmt.where(Unit.id.in_(unit_ids))
        if unit_id is not None:
            stmt = stmt.where(Unit.id == unit_id)
        if by_unit:
            stmt = stmt.with_only_columns(Unit.id, Unit.name, t.asked, t.answered).order_by(
                in_swedish_order(Unit.name), Unit.id
            )
        else:  # the departments of those units
            stmt = (
                stmt.join(Department, Department.id == Unit.department_id)
                .with_only_columns(
                    Department.id, Department.name, func.sum(t.asked), func.sum(t.answered)
                )
                .group_by(Department.id, Department.name)
                .order_by(in_swedish_order(Department.name), Department.id)
            )
    else:
        stmt = (
            select(Department.id, Department.name, t.asked, t.answered)
            .join(Department, Department.id == t.group_id)
            .where(mine, t.kind == grouping.DEPARTMENT)
            .order_by(in_swedish_order(Department.name), Department.id)
        )
    return [Rate(gid, name, int(a), int(b)) for gid, name, a, b in db.session.execute(stmt)]


def _live_rates(
    inventory: NeedsInventory,
    *,
    by_unit: bool = False,
    unit_ids: Select[tuple[int]] | None = None,
    unit_id: int | None = None,
    heads: ColumnElement[bool] | None = None,
) -> list[Rate]:
    """`response_rates` counted from the people and the answers (a draft; a recount underway)."""
    if heads is not None:
        group_id, group_name = HEAD.id, HEAD.name
    elif by_unit:
        group_id, group_name = Unit.id, Unit.name
    else:
        group_id, group_name = Department.id, Department.name
    stmt = (
        select(
            group_id,
            group_name,
            func.count(Person.id),
            func.count(NeedsSubmission.id),
        )
        .select_from(Person)
        .join(Unit, Person.unit_id == Unit.id)
        .join(Department, Unit.department_id == Department.id)
        .outerjoin(NeedsSubmission, submitted_join(inventory))
        .where(in_scope_condition(inventory))
        .group_by(group_id, group_name)
        .order_by(in_swedish_order(group_name), group_id)
    )
    if heads is not None:
        stmt = stmt.join(HEAD, IN_HEADS_SUBTREE).where(heads)
    if unit_ids is not None:
        stmt = stmt.where(Unit.id.in_(unit_ids))
    if unit_id is not None:
        stmt = stmt.where(Unit.id == unit_id)
    return [Rate(*row) for row in db.session.execute(stmt)]


def total_rate(rates: list[Rate]) -> Rate:
    return Rate(0, "", sum(r.in_scope for r in rates), sum(r.answered for r in rates))


def heat_map(
    inventory: NeedsInventory,
    *,
    by_unit: bool = False,
    unit_id: int | None = None,
    heads: ColumnElement[bool] | None = None,
) -> dict[tuple[int, int], Cell]:
    """(department, unit or head unit id, area id) → Cell, over submitted answers; `heads` as in
    `response_rates`."""
    if not stored(inventory):
        return _live_heat_map(inventory, by_unit=by_unit, unit_id=unit_id, heads=heads)
    t = tallies.TallyCell
    sums = (t.group_id, t.area_id, t.answers, t.great, t.knowledge_sum, t.knowledge_n)
    stmt = select(*sums).where(t.inventory_id == inventory.id)
    if heads is not None:
        stmt = stmt.join(HEAD, HEAD.id == t.group_id).where(t.kind == grouping.TREE, heads)
    elif by_unit or unit_id is not None:
        stmt = stmt.where(t.kind == grouping.UNIT)
        if unit_id is not None:
            stmt = stmt.where(t.group_id == unit_id)
    else:
        stmt = stmt.where(t.kind == grouping.DEPARTMENT)
    return {
        (gid, area_id): Cell(int(n), int(great), ksum / kn if kn else None)
        for gid, area_id, n, great, ksum, kn in db.session.execute(stmt)
    }


def _live_heat_map(
    inventory: NeedsInventory,
    *,
    by_unit: bool = False,
    unit_id: int | None = None,
    heads: ColumnElement[bool] | None = None,
) -> dict[tuple[int, int], Cell]:
    group_id = HEAD.id if heads is not None else (Unit.id if by_unit else Unit.department_id)
    stmt = answers_by(
        group_id,
        [
            group_id,
            NeedsResponse.area_id,
            func.count(NeedsResponse.need),
            great_sum(),
            func.avg(cast(NeedsResponse.knowledge, Float)),
        ],
        inventory,
    )
    if heads is not None:
        stmt = stmt.join(HEAD, IN_HEADS_SUBTREE).where(heads)
    if unit_id is not None:
        stmt = stmt.where(Unit.id == unit_id)
    return {
        (gid, area_id): Cell(int(n or 0), int(great or 0), float(avg) if avg is not None else None)
        for gid, area_id, n, great, avg in db.session.execute(stmt)
    }


SAME_WITHIN = 0.05  # a change in the share with a great need smaller than this is "about the same"


@dataclass(frozen=True)
class Change:
    before: Cell | None
    after: Cell | None

    @property
    def share_change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        a, b = self.before.share_great, self.after.share_great
        return None if a is None or b is None else b - a

    @property
    def direction(self) -> str:
        """ "more", "less" or "same" great need: a change under 5 percentage points is "same"."""
        change = self.share_change
        if change is None or abs(change) < SAME_WITHIN:
            return "same"
        return "more" if change > 0 else "less"

    @property
    def knowledge_change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        a, b = self.before.avg_knowledge, self.after.avg_knowledge
        return None if a is None or b is None else b - a


def comparison(before: NeedsInventory, after: NeedsInventory) -> dict[tuple[int, int], Change]:
    """Department × area: the change from one inventory to the other."""
    a, b = heat_map(before), heat_map(after)
    return {key: Change(a.get(key), b.get(key)) for key in sorted(set(a) | set(b))}


def departments_in(keys: Any) -> list[Department]:
    ids = {k[0] for k in keys}
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Department)
            .where(Department.id.in_(ids))
            .order_by(in_swedish_order(Department.name))
        )
    )


def courses_by_area() -> dict[int, list[Any]]:
    """Published courses per competence area, in one query."""
    # Imported here: learnapp.courses.models imports learnapp.needs.models.
    from learnapp.courses.models import Course, course_area

    result: dict[int, list[Course]] = {}
    stmt = (
        select(course_area.c.area_id, Course)
        .join(Course, Course.id == course_area.c.course_id)
        .where(Course.published)
        .order_by(in_swedish_order(Course.title))
    )
    for area_id, course in db.session.execute(stmt):
        result.setdefault(area_id, []).append(course)
    return result


def people_with_great_need(inventory: NeedsInventory, area_id: int) -> Select[tuple[Person]]:
    """The people who submitted a great need in this area (a statement, to count or to list)."""
    return (
        select(Person)
        .join(NeedsResponse, NeedsResponse.person_id == Person.id)
        .where(
            NeedsResponse.inventory_id == inventory.id,
            NeedsResponse.area_id == area_id,
            NeedsResponse.submitted_at.is_not(None),
            NeedsResponse.need == Need.GREAT.value,
            Person.active,
        )
        .order_by(in_swedish_order(Person.name), Person.id)
    )


def great_need_counts(inventory: NeedsInventory) -> dict[int, int]:
    """Per area: the submitted answers with a great need (from the stored results; those of
    people who have since left included, as in the heat map; the assign page lists who is here)."""
    if not stored(inventory):
        return {
            area_id: cell.great for area_id, cell in _sum_by_area(_live_heat_map(inventory)).items()
        }
    t = tallies.TallyCell
    stmt = (
        select(t.area_id, func.sum(t.great))
        .where(t.inventory_id == inventory.id, t.kind == grouping.DEPARTMENT)
        .group_by(t.area_id)
    )
    return {area_id: int(n) for area_id, n in db.session.execute(stmt) if n}


def _sum_by_area(cells: dict[tuple[int, int], Cell]) -> dict[int, Cell]:
    result: dict[int, Cell] = {}
    for (_group, area_id), cell in cells.items():
        before = result.get(area_id, Cell(0, 0, None))
        result[area_id] = Cell(before.answers + cell.answers, before.great + cell.great, None)
    return result


def not_answered(
    inventory: NeedsInventory, unit_ids: Select[tuple[int]] | None = None
) -> Select[tuple[Person]]:
    """The people asked who have not submitted, by unit and name (a statement joined with Unit;
    add limits or stream it)."""
    submitted = exists().where(
        NeedsSubmission.person_id == Person.id,
        NeedsSubmission.inventory_id == inventory.id,
        NeedsSubmission.submitted_at.is_not(None),
    )
    stmt = (
        select(Person)
        .join(Unit, Person.unit_id == Unit.id)
        .where(in_scope_condition(inventory), ~submitted)
        .order_by(in_swedish_order(Unit.name), in_swedish_order(Person.name), Person.id)
    )
    if unit_ids is not None:
        stmt = stmt.where(Unit.id.in_(unit_ids))
    return stmt


FREE_TEXT_LIMIT = 200


@dataclass(frozen=True)
class FreeText:
    """One person's "Andra utbildningsbehov" answer, with where they work (no name)."""

    unit: str
    text: str


def free_texts(
    inventory: NeedsInventory,
    *,
    department_id: int | None = None,
    unit_path: str | None = None,
    limit: int = FREE_TEXT_LIMIT,
) -> tuple[list[FreeText], int]:
    """The submitted free-text answers in a department or a unit's subtree: the first `limit`,
    by unit, and how many there are (counted in the same statement)."""
    stmt = (
        select(Unit.name, NeedsSubmission.other_needs, func.count().over())
        .select_from(NeedsSubmission)
        .join(Person, Person.id == NeedsSubmission.person_id)
        .join(Unit, Person.unit_id == Unit.id)
        .where(
            NeedsSubmission.inventory_id == inventory.id,
            NeedsSubmission.submitted_at.is_not(None),
            NeedsSubmission.other_needs != "",
        )
        .order_by(in_swedish_order(Unit.name), Unit.id, NeedsSubmission.id)
        .limit(limit)
    )
    if department_id is not None:
        stmt = stmt.where(Unit.department_id == department_id)
    if unit_path is not None:
        stmt = stmt.where(Unit.path.startswith(unit_path))
    rows = db.session.execute(stmt).all()
    return [FreeText(unit, text) for unit, text, _n in rows], int(rows[0][2]) if rows else 0


@dataclass
class PersonAnswers:
    """A person's submitted answers, area id → (knowledge, need), for a manager's table."""

    person_id: int
    name: str
    entered_by_manager: bool
    other_needs: str
    areas: dict[int, tuple[int | None, str | None]]


def answers_in_unit(inventory: NeedsInventory, unit_id: int) -> list[PersonAnswers]:
    """The submitted answers of the people directly in a unit, one statement, by name."""
    stmt = (
        select(
            Person.id,
            Person.name,
            NeedsSubmission.entered_by_manager,
            NeedsSubmission.other_needs,
            NeedsResponse.area_id,
            NeedsResponse.knowledge,
            NeedsResponse.need,
        )
        .select_from(NeedsSubmission)
        .join(Person, Person.id == NeedsSubmission.person_id)
        .outerjoin(
            NeedsResponse,
            and_(
                NeedsResponse.inventory_id == NeedsSubmission.inventory_id,
                NeedsResponse.person_id == NeedsSubmission.person_id,
            ),
        )
        .where(
            NeedsSubmission.inventory_id == inventory.id,
            NeedsSubmission.submitted_at.is_not(None),
            Person.unit_id == unit_id,
        )
        .order_by(in_swedish_order(Person.name), Person.id)
    )
    people: dict[int, PersonAnswers] = {}
    for pid, name, by_manager, other, area_id, knowledge, need in db.session.execute(stmt):
        entry = people.setdefault(pid, PersonAnswers(pid, name, bool(by_manager), other, {}))
        if area_id is not None:
            entry.areas[area_id] = (knowledge, need)
    return list(people.values())
