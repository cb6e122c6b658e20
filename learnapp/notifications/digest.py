"""What the managers' weekly summary says besides who is overdue: the courses newly assigned to
people in their units since their last summary, and each open inventory's response rate in their
units. Each is one aggregate query over every manager at once (the rates one per open inventory,
of which there are a handful), so the summary costs the same few statements for any number of
managers or people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, and_, case, distinct, func, literal, select
from sqlalchemy.orm import aliased

from learnapp import formats
from learnapp.courses.models import Course
from learnapp.db import UTCDateTime
from learnapp.extensions import db
from learnapp.needs.models import InventoryState, NeedsInventory, NeedsSubmission
from learnapp.needs.services import in_scope_condition
from learnapp.org.models import Person, Unit, UnitManager
from learnapp.swedish import sort_key
from learnapp.training.models import Assignment, ReminderSent

SUMMARY = "manager_summary"
FIRST_SUMMARY_LOOKS_BACK = timedelta(days=7)


@dataclass(frozen=True)
class NewCourse:
    title: str
    mandatory: bool
    people: int


@dataclass(frozen=True)
class InventoryRate:
    title: str
    closes_on: date | None
    in_scope: int
    answered: int


@dataclass
class Digest:
    """A manager's additions to the weekly summary."""

    new_courses: list[NewCourse] = field(default_factory=list)
    inventories: list[InventoryRate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new_courses or self.inventories)


def _people_of_managers(manager_ids: list[int], *columns: Any) -> Select[Any]:
    """FROM unit_manager joined to every unit at or below a managed unit and the active people
    there, the manager among them (a manager of a unit and of a unit below it still counts each
    person once: callers count DISTINCT)."""
    managed = aliased(Unit, name="managed")
    return (
        select(*columns)
        .select_from(UnitManager)
        .join(managed, managed.id == UnitManager.unit_id)
        .join(Unit, Unit.path.startswith(managed.path))
        .join(Person, Person.unit_id == Unit.id)
        .where(
            UnitManager.person_id.in_(manager_ids),
            Person.active,
        )
    )


def new_assignments(manager_ids: list[int], now: datetime) -> dict[int, list[NewCourse]]:
    """Manager id → the courses assigned to people in their units since their last summary
    (a week back for their first), with how many people got each; mandatory first."""
    if not manager_ids:
        return {}
    last = (
        select(ReminderSent.person_id, func.max(ReminderSent.sent_at).label("at"))
        .where(ReminderSent.kind == SUMMARY, ReminderSent.person_id.in_(manager_ids))
        .group_by(ReminderSent.person_id)
        .subquery()
    )
    since = func.coalesce(last.c.at, literal(now - FIRST_SUMMARY_LOOKS_BACK, UTCDateTime()))
    stmt = (
        _people_of_managers(
            manager_ids,
            UnitManager.person_id,
            Course.title,
            func.max(case((Assignment.mandatory, 1), else_=0)),
            func.count(distinct(Person.id)),
        )
        .join(Assignment, Assignment.person_id == Person.id)
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(last, last.c.person_id == UnitManager.person_id)
        .where(
            Assignment.withdrawn_at.is_(None),
            Assignment.assigned_at > since,
            Assignment.assigned_at <= now,
        )
        .group_by(UnitManager.person_id, Course.id, Course.title)
    )
    result: dict[int, list[NewCourse]] = defaultdict(list)
    for manager_id, title, is_mandatory, people in db.session.execute(stmt):
        result[manager_id].append(NewCourse(title, bool(is_mandatory), int(people)))
    for courses in result.values():
        courses.sort(key=lambda c: (not c.mandatory, sort_key(c.title)))
    return dict(result)


def inventory_rates(manager_ids: list[int]) -> dict[int, list[InventoryRate]]:
    """Manager id → for each open inventory that asks someone in their units: how many it asks
    there and how many have answered."""
    if not manager_ids:
        return {}
    inventories = db.session.scalars(
        select(NeedsInventory)
        .where(NeedsInventory.state == InventoryState.OPEN.value)
        .order_by(NeedsInventory.closes_on, NeedsInventory.id)
    ).all()
    result: dict[int, list[InventoryRate]] = defaultdict(list)
    for inventory in inventories:
        submitted = and_(
            NeedsSubmission.person_id == Person.id,
            NeedsSubmission.inventory_id == inventory.id,
            NeedsSubmission.submitted_at.is_not(None),
        )
        stmt = (
            _people_of_managers(
                manager_ids,
                UnitManager.person_id,
                func.count(distinct(Person.id)),
                func.count(distinct(NeedsSubmission.person_id)),
            )
            .outerjoin(NeedsSubmission, submitted)
            .where(in_scope_condition(inventory))
            .group_by(UnitManager.person_id)
        )
        for manager_id, in_scope, answered in db.session.execute(stmt):
            result[manager_id].append(
                InventoryRate(inventory.title, inventory.closes_on, int(in_scope), int(answered))
            )
    return dict(result)


def digests(manager_ids: list[int], now: datetime) -> dict[int, Digest]:
    """Manager id → what their summary adds (empty Digest when nothing)."""
    courses = new_assignments(manager_ids, now)
    rates = inventory_rates(manager_ids)
    return {
        m: Digest(new_courses=courses.get(m, []), inventories=rates.get(m, [])) for m in manager_ids
    }


def lines(digest: Digest) -> list[str]:
    """The digest's paragraphs for the letter, in the current locale."""
    parts: list[str] = []
    if digest.new_courses:
        rows = [_("New courses assigned in your units since the last summary:")]
        for c in digest.new_courses:
            kind = _("mandatory") if c.mandatory else _("recommended")
            people = ngettext("%(num)d person", "%(num)d people", c.people)
            rows.append(f"- {c.title} ({kind}): {people}")
        parts.append("\n".join(rows))
    if digest.inventories:
        rows = [_("Training-needs inventory, response in your units:")]
        for r in digest.inventories:
            line = _(
                "%(title)s: %(answered)d of %(in_scope)d have answered (%(share)s)",
                title=r.title,
                answered=r.answered,
                in_scope=r.in_scope,
                share=formats.percent(r.answered / r.in_scope if r.in_scope else 0),
            )
            if r.closes_on is not None:
                line += " " + _("– closes %(date)s", date=formats.day(r.closes_on))
            rows.append("- " + line)
        parts.append("\n".join(rows))
    return parts
