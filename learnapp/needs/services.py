"""Inventories and answers: the rules, without requests or rendering. Functions flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, insert, literal, select, update

from learnapp import signals
from learnapp.areas.models import CompetenceArea
from learnapp.areas.services import active_areas
from learnapp.audit.services import record
from learnapp.bounds import is_digits
from learnapp.courses.models import Course
from learnapp.db import UTCDateTime, dialect_insert, utcnow
from learnapp.extensions import db
from learnapp.needs import tallies
from learnapp.needs.models import (
    COMMENT_MAX,
    KNOWLEDGE_LEVELS,
    OTHER_NEEDS_MAX,
    InventoryPerson,
    InventoryScope,
    InventoryState,
    InventoryStateError,
    Need,
    NeedsInventory,
    NeedsResponse,
    NeedsSubmission,
)
from learnapp.needs.scope import in_scope_condition, scope_rule
from learnapp.org.models import Department, Person, Unit
from learnapp.training.assign import assign_courses

# --- inventories --------------------------------------------------------------------------


def create_inventory(
    *,
    title: str,
    description: str,
    scope: InventoryScope,
    opens_on: date | None,
    closes_on: date | None,
    departments: list[Department],
    created_by: Person | None,
    key_persons_only: bool = False,
    areas: list[CompetenceArea] | None = None,
) -> NeedsInventory:
    """A draft; `areas` None asks about every active competence area."""
    inventory = NeedsInventory(created_by=created_by, state=InventoryState.DRAFT.value)
    db.session.add(inventory)
    update_inventory(
        inventory,
        title=title,
        description=description,
        scope=scope,
        opens_on=opens_on,
        closes_on=closes_on,
        departments=departments,
        key_persons_only=key_persons_only,
        areas=areas,
    )
    return inventory


def update_inventory(
    inventory: NeedsInventory,
    *,
    title: str,
    description: str,
    scope: InventoryScope,
    opens_on: date | None,
    closes_on: date | None,
    departments: list[Department],
    key_persons_only: bool = False,
    areas: list[CompetenceArea] | None = None,
) -> None:
    inventory.ensure_editable()
    inventory.title = title.strip()
    inventory.description = description.strip()
    inventory.scope = scope.value
    inventory.opens_on = opens_on
    inventory.closes_on = closes_on
    inventory.departments = departments if scope == InventoryScope.DEPARTMENTS else []
    inventory.key_persons_only = scope == InventoryScope.DEPARTMENTS and key_persons_only
    inventory.areas = list(areas) if areas is not None else active_areas()
    db.session.flush()


def open_inventory(inventory: NeedsInventory, actor: Person) -> None:
    """Open the draft and fix who it asks: the people its scope covers now (one INSERT … SELECT)."""
    now = utcnow()
    inventory.open(now)
    asked = _add_people(inventory, now)
    record("needs.inventory_opened", actor=actor, target=inventory, people=asked)
    db.session.flush()
    signals.inventory_opened.send(inventory=inventory, actor=actor)


def _not_yet_asked(inventory: NeedsInventory) -> Select[Any]:
    """Ids of the people the scope covers now who are not among those the inventory asks."""
    already = exists().where(
        InventoryPerson.inventory_id == inventory.id, InventoryPerson.person_id == Person.id
    )
    return (
        select(Person.id)
        .join(Unit, Person.unit_id == Unit.id)
        .where(scope_rule(inventory), ~already)
    )


def _add_people(inventory: NeedsInventory, now: datetime) -> int:
    ids = _not_yet_asked(inventory).subquery()
    result = db.session.execute(
        insert(InventoryPerson)
        .from_select(
            ["inventory_id", "person_id", "added_at"],
            select(literal(inventory.id), ids.c.id, literal(now, type_=UTCDateTime())),
        )
        .returning(InventoryPerson.person_id)
    )
    return len(result.all())


def _added_at(inventory: NeedsInventory, now: datetime) -> Select[Any]:
    return select(InventoryPerson.person_id).where(
        InventoryPerson.inventory_id == inventory.id, InventoryPerson.added_at == now
    )


def latecomer_count(inventory: NeedsInventory) -> int:
    """How many people the scope covers now who were not asked when the inventory opened."""
    if not inventory.is_open:
        return 0
    return (
        db.session.scalar(select(func.count()).select_from(_not_yet_asked(inventory).subquery()))
        or 0
    )


def add_latecomers(inventory: NeedsInventory, actor: Person) -> int:
    """Ask the people who came into the open inventory's scope since it opened (they are then
    invited); return how many. Audited. Flushes."""
    if not inventory.is_open:
        raise InventoryStateError("only an open inventory takes latecomers")
    now = utcnow()
    with tallies.own_write(inventory.id) as current:
        added = _add_people(inventory, now)
        if current and added:
            # Who is asked moves the response rates only, not whose answers count.
            tallies.add(inventory, _added_at(inventory, now), answers=False)
    record("needs.latecomers_added", actor=actor, target=inventory, people=added)
    db.session.flush()
    if added:
        signals.inventory_latecomers_added.send(inventory=inventory, actor=actor, count=added)
    return added


def close_inventory(inventory: NeedsInventory, actor: Person) -> None:
    inventory.close(utcnow())
    record("needs.inventory_closed", actor=actor, target=inventory)
    db.session.flush()


def change_closing_date(inventory: NeedsInventory, actor: Person, closes_on: date) -> None:
    """Extend an open inventory's closing date, or reopen a closed one until `closes_on`.
    Audited with the date before and after. Flushes."""
    previous = inventory.closes_on
    if inventory.is_closed:
        inventory.reopen()
        action = "needs.inventory_reopened"
    elif inventory.is_open:
        action = "needs.inventory_extended"
    else:
        raise InventoryStateError("only an open or closed inventory gets a new closing date")
    inventory.closes_on = closes_on
    record(
        action,
        actor=actor,
        target=inventory,
        closes_on=closes_on.isoformat(),
        previous_closes_on=previous.isoformat() if previous else None,
    )
    db.session.flush()


def copy_inventory(source: NeedsInventory, actor: Person) -> NeedsInventory:
    """A new draft with the same questions and scope, to run again (e.g. next year)."""

    def next_year(day: date | None) -> date | None:
        if day is None:
            return None
        try:
            return day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year + 1, day=28)

    copy = NeedsInventory(
        title=str(_l("%(title)s (copy)", title=source.title))[:200],
        description=source.description,
        scope=source.scope,
        opens_on=next_year(source.opens_on),
        closes_on=next_year(source.closes_on),
        departments=list(source.departments),
        key_persons_only=source.key_persons_only,
        areas=list(source.areas),
        created_by=actor,
        copied_from=source,
        state=InventoryState.DRAFT.value,
    )
    db.session.add(copy)
    db.session.flush()
    record("needs.inventory_copied", actor=actor, target=copy, source_id=source.id)
    return copy


def inventory_areas(inventory: NeedsInventory) -> list[CompetenceArea]:
    """The competence areas the inventory asks about (all active ones for an old inventory
    without a choice)."""
    return list(inventory.areas) or active_areas()


def people_in_scope(inventory: NeedsInventory) -> Select[Person]:
    """Every person the inventory asks (join with Unit is part of the statement)."""
    return select(Person).join(Unit, Person.unit_id == Unit.id).where(in_scope_condition(inventory))


def person_in_scope(inventory: NeedsInventory, person: Person) -> bool:
    stmt = people_in_scope(inventory).where(Person.id == person.id)
    return bool(db.session.scalar(select(exists(stmt))))


def open_inventories() -> list[NeedsInventory]:
    """The open inventories, closing first. Read once a request: a start page's panels (the
    inventory's own, the dashboard's) each ask."""
    if not has_request_context():
        return _open_inventories()
    if "open_inventories" not in g:
        g.open_inventories = _open_inventories()
    return list(g.open_inventories)


def _open_inventories() -> list[NeedsInventory]:
    return list(
        db.session.scalars(
            select(NeedsInventory)
            .where(NeedsInventory.state == InventoryState.OPEN.value)
            .order_by(NeedsInventory.closes_on, NeedsInventory.id)
        )
    )


def open_inventories_for(person: Person) -> list[NeedsInventory]:
    """Open inventories that ask this person."""
    if person.unit_id is None:
        return []
    return [inv for inv in open_inventories() if person_in_scope(inv, person)]


# --- answers ------------------------------------------------------------------------------


@dataclass
class AreaAnswer:
    knowledge: int | None = None
    need: Need | None = None
    comment: str = ""


@dataclass
class Answers:
    areas: dict[int, AreaAnswer] = field(default_factory=dict)
    other_needs: str = ""


class AnswerError(Exception):
    """Answers that cannot be stored; `errors` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("invalid answers")
        self.errors = errors


def field_name(area_id: int, part: str) -> str:
    return f"area-{area_id}-{part}"


def parse_answers(form: dict[str, str], areas: list[CompetenceArea], *, final: bool) -> Answers:
    """Read the posted answers; raise AnswerError naming every bad field. `final`: all required."""
    errors: dict[str, str] = {}
    answers = Answers()
    for area in areas:
        answer = AreaAnswer()
        raw_knowledge = (form.get(field_name(area.id, "knowledge")) or "").strip()
        if raw_knowledge:
            if is_digits(raw_knowledge) and int(raw_knowledge) in KNOWLEDGE_LEVELS:
                answer.knowledge = int(raw_knowledge)
            else:
                errors[field_name(area.id, "knowledge")] = str(_l("Choose one of the four levels."))
        elif final:
            errors[field_name(area.id, "knowledge")] = str(_l("Choose your current knowledge."))
        raw_need = (form.get(field_name(area.id, "need")) or "").strip()
        if raw_need:
            try:
                answer.need = Need(raw_need)
            except ValueError:
                errors[field_name(area.id, "need")] = str(_l("Choose one of the given needs."))
        elif final:
            errors[field_name(area.id, "need")] = str(_l("Choose your training need."))
        answer.comment = (form.get(field_name(area.id, "comment")) or "").strip()
        if len(answer.comment) > COMMENT_MAX:
            errors[field_name(area.id, "comment")] = str(
                _l(
                    "The comment is %(length)d characters long; at most %(max)d are allowed.",
                    length=len(answer.comment),
                    max=COMMENT_MAX,
                )
            )
        answers.areas[area.id] = answer
    answers.other_needs = (form.get("other_needs") or "").strip()
    if len(answers.other_needs) > OTHER_NEEDS_MAX:
        errors["other_needs"] = str(
            _l(
                "The text is %(length)d characters long; at most %(max)d are allowed.",
                length=len(answers.other_needs),
                max=OTHER_NEEDS_MAX,
            )
        )
    if errors:
        raise AnswerError(errors)
    return answers


def load_answers(
    inventory: NeedsInventory, person: Person
) -> tuple[Answers, NeedsSubmission | None]:
    submission = db.session.scalar(
        select(NeedsSubmission).where(
            NeedsSubmission.inventory_id == inventory.id, NeedsSubmission.person_id == person.id
        )
    )
    answers = Answers(other_needs=submission.other_needs if submission else "")
    for row in db.session.scalars(
        select(NeedsResponse).where(
            NeedsResponse.inventory_id == inventory.id, NeedsResponse.person_id == person.id
        )
    ):
        answers.areas[row.area_id] = AreaAnswer(
            knowledge=row.knowledge,
            need=Need(row.need) if row.need else None,
            comment=row.comment,
        )
    return answers, submission


class AnswersChanged(Exception):
    """The answers were saved by someone else after the form was opened: nothing was written."""


def save_answers(
    inventory: NeedsInventory,
    person: Person,
    answers: Answers,
    *,
    entered_by: Person,
    submit: bool,
    seen_version: int | None = None,
) -> NeedsSubmission:
    """Store a draft or a submitted answer. Refused unless the inventory is open.

    `seen_version` is the submission's version when the form was opened (0: none existed yet).
    When someone saved in between, AnswersChanged is raised and nothing is written, so no one's
    answers are replaced without them being seen. None (the demo data, scripts) saves whatever
    is there. Two first saves at once: one inserts, the other finds the row and is checked.
    """
    if not inventory.is_open:
        raise InventoryStateError("the inventory does not accept answers")
    now = utcnow()
    by_manager = entered_by.id != person.id
    values: dict[str, object] = {
        "other_needs": answers.other_needs,
        "entered_by_id": entered_by.id,
        "entered_by_manager": by_manager,
        "updated_at": now,
    }
    if submit:
        values["submitted_at"] = now
    with tallies.own_write(inventory.id) as current:
        if current:
            tallies.add(inventory, [person.id], sign=-1)
        submission = _write_answers(
            inventory, person, answers, entered_by, values, seen_version, now
        )
        if current:
            tallies.add(inventory, [person.id])
    if by_manager:
        record(
            "needs.entered_by_manager",
            actor=entered_by,
            target=inventory,
            person_id=person.id,
            submitted=submit,
        )
    return submission


def _write_answers(
    inventory: NeedsInventory,
    person: Person,
    answers: Answers,
    entered_by: Person,
    values: dict[str, object],
    seen_version: int | None,
    now: datetime,
) -> NeedsSubmission:
    by_manager = entered_by.id != person.id
    _claim_submission(inventory, person, values, seen_version)
    submission = db.session.scalars(
        select(NeedsSubmission)
        .where(NeedsSubmission.inventory_id == inventory.id, NeedsSubmission.person_id == person.id)
        .execution_options(populate_existing=True)
    ).one()
    existing = {
        r.area_id: r
        for r in db.session.scalars(
            select(NeedsResponse)
            .where(NeedsResponse.inventory_id == inventory.id, NeedsResponse.person_id == person.id)
            .execution_options(populate_existing=True)
        )
    }
    for area_id, answer in answers.areas.items():
        row = existing.get(area_id)
        if row is None:
            row = NeedsResponse(inventory_id=inventory.id, person_id=person.id, area_id=area_id)
            db.session.add(row)
        changed = (row.knowledge, row.need, row.comment) != (
            answer.knowledge,
            answer.need.value if answer.need else None,
            answer.comment,
        )
        row.knowledge = answer.knowledge
        row.need = answer.need.value if answer.need else None
        row.comment = answer.comment
        if changed or row.entered_by_id is None:
            row.entered_by_id = entered_by.id
            row.entered_by_manager = by_manager
            row.updated_at = now
        row.submitted_at = submission.submitted_at
    db.session.flush()
    return submission


def _claim_submission(
    inventory: NeedsInventory, person: Person, values: dict[str, object], seen_version: int | None
) -> None:
    """Write the submission row in one statement that only one of two racing saves can win.

    The first save inserts (ON CONFLICT DO NOTHING: of two at once, the second inserts nothing
    and goes on to the update). A later save is an UPDATE … WHERE version = the version seen,
    which raises the version; the row it changes stays locked until the commit, so the answers
    written after it are this save's alone.
    """
    if not seen_version:
        inserted = db.session.execute(
            dialect_insert(db.session, NeedsSubmission)
            .values(inventory_id=inventory.id, person_id=person.id, version=1, **values)
            .on_conflict_do_nothing(index_elements=["inventory_id", "person_id"])
            .returning(NeedsSubmission.id)
        ).scalar()
        if inserted is not None:
            return
    stmt = update(NeedsSubmission).where(
        NeedsSubmission.inventory_id == inventory.id, NeedsSubmission.person_id == person.id
    )
    if seen_version is not None:
        stmt = stmt.where(NeedsSubmission.version == seen_version)
    updated = db.session.execute(
        stmt.values(version=NeedsSubmission.version + 1, **values).execution_options(
            synchronize_session=False
        )
    )
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        raise AnswersChanged


def assign_for_area(
    inventory: NeedsInventory,
    area: CompetenceArea,
    people: Select[Any],
    courses: Sequence[Course],
    *,
    due_days: int,
    mandatory: bool,
    actor: Person,
    client_address: str | None = None,
) -> int:
    """Assign the area's courses to the people `people` selects (those who reported a great need
    in it: `reports.people_with_great_need`), set-based, and audit it against the inventory.
    The number of new assignments; a person who already has a course from the needs keeps it.
    The caller commits."""
    added = assign_courses(
        people.with_only_columns(Person.id),
        list(courses),
        due_days=due_days,
        mandatory=mandatory,
        source="needs",
        assigned_by=actor,
    )
    record(
        "training.assigned_from_needs",
        actor=actor,
        target=inventory,
        client_address=client_address,
        area=area.code,
        courses=[c.slug for c in courses],
        due_days=due_days,
        mandatory=mandatory,
        assignments=added,
    )
    return added
