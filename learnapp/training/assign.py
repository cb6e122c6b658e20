"""Assignment rules and assignments, written set-based (INSERT … SELECT), never person by person.

A rule reaches the active people its scope describes. Applying it adds one Assignment per person
who has no active assignment from that rule, and a CourseStatus row where there is none; then the
summaries and statuses of the course's rows for those people are brought up to date.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    false,
    func,
    insert,
    literal,
    select,
    true,
    update,
)
from sqlalchemy.orm import joinedload

from learnapp import signals
from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.db import dialect_insert, id_set, utcnow
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit, holds_role
from learnapp.training import status
from learnapp.training.models import Assignment, AssignmentRule, CourseStatus, RuleScope, Status

MAX_DUE_DAYS = 730


@dataclass
class RuleInput:
    course: Course
    scope: RuleScope
    due_days: int
    mandatory: bool
    department: Department | None = None
    unit: Unit | None = None
    role: str | None = None
    notify: bool = True


def scope_condition(
    scope: str, department_id: int | None, unit: Unit | None, role: str | None
) -> ColumnElement[bool]:
    """Which people (rows of Person) a rule's scope covers; the caller adds `Person.active`."""
    if scope == RuleScope.EVERYONE:
        return true()
    if scope == RuleScope.DEPARTMENT:
        return Person.unit_id.in_(select(Unit.id).where(Unit.department_id == department_id))
    if scope == RuleScope.UNIT and unit is not None:
        return Person.unit_id.in_(
            select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
        )
    if scope == RuleScope.KEY_PERSONS:
        # "= true", not IS TRUE: PostgreSQL then reads the active key persons' partial index.
        cond: ColumnElement[bool] = Person.is_key_person == true()
        if department_id is not None:
            cond = and_(
                cond,
                Person.unit_id.in_(select(Unit.id).where(Unit.department_id == department_id)),
            )
        return cond
    if scope == RuleScope.ROLE and role:
        return holds_role(Role(role)) if role in {r.value for r in Role} else false()
    return false()


def rule_condition(rule: AssignmentRule) -> ColumnElement[bool]:
    unit = db.session.get(Unit, rule.unit_id) if rule.unit_id else None
    return scope_condition(rule.scope, rule.department_id, unit, rule.role)


def people_reached(data: RuleInput) -> int:
    """How many active people a rule with this scope would reach now (the preview)."""
    cond = scope_condition(
        data.scope, data.department.id if data.department else None, data.unit, data.role
    )
    return db.session.scalar(select(func.count(Person.id)).where(Person.active, cond)) or 0


def assign_people(
    people: Select[Any],
    course: Course,
    *,
    due_on: date | None,
    mandatory: bool,
    source: str,
    rule: AssignmentRule | None = None,
    assigned_by: Person | None = None,
    now: datetime | None = None,
) -> int:
    """Assign `course` to the people whose ids `people` selects; return new assignments.

    A person who already holds an active assignment of the course from the same rule (or, without
    a rule, from the same source) is skipped.
    """
    now = now or utcnow()
    ids = people.subquery()
    same = [
        Assignment.person_id == Person.id,
        Assignment.course_id == course.id,
        Assignment.withdrawn_at.is_(None),
    ]
    same.append(Assignment.rule_id == rule.id if rule else Assignment.source == source)
    new_people = select(Person.id).where(Person.id.in_(select(ids)), ~exists().where(*same))
    result = db.session.execute(
        insert(Assignment)
        .from_select(
            [
                "person_id",
                "course_id",
                "rule_id",
                "assigned_by_id",
                "source",
                "assigned_at",
                "due_on",
                "mandatory",
            ],
            select(
                Person.id,
                literal(course.id),
                literal(rule.id if rule else None),
                literal(assigned_by.id if assigned_by else None),
                literal(source),
                literal(now, type_=Assignment.assigned_at.type),
                literal(due_on, type_=Assignment.due_on.type),
                literal(mandatory),
            ).where(Person.id.in_(new_people)),
        )
        .returning(Assignment.id)
    )
    added = len(result.all())
    _add_missing_status_rows(select(ids), course, now)
    status.recompute_people(select(ids), course.id)
    if added:
        signals.assignments_added.send(course_id=course.id, at=now)
    return added


def _add_missing_status_rows(person_ids: Select[Any], course: Course, now: datetime) -> None:
    read = (
        select(func.count(LessonProgress.lesson_id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.person_id == Person.id,
            Lesson.course_id == course.id,
            Lesson.active,
        )
        .correlate(Person)
        .scalar_subquery()
    )
    missing = ~exists().where(
        CourseStatus.person_id == Person.id, CourseStatus.course_id == course.id
    )
    # Someone may open the course while the rule is applied, creating their row in between: the
    # rows that exist by then are left as they are (ON CONFLICT DO NOTHING), not a failed rule.
    db.session.execute(
        dialect_insert(db.session, CourseStatus)
        .from_select(
            [
                "person_id",
                "course_id",
                "status",
                "assigned",
                "mandatory",
                "unit_id",
                "department_id",
                "is_key_person",
                "lessons_read",
                "lessons_total",
                "updated_at",
            ],
            select(
                Person.id,
                literal(course.id),
                literal(Status.NOT_ASSIGNED.value),
                literal(False),
                literal(False),
                Person.unit_id,
                Unit.department_id,
                Person.is_key_person,
                read,
                literal(status.lessons_total(course.id)),
                literal(now, type_=CourseStatus.updated_at.type),
            )
            .select_from(Person)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.id.in_(person_ids), missing),
        )
        .on_conflict_do_nothing(index_elements=["person_id", "course_id"])
    )


def create_rule(
    data: RuleInput, created_by: Person, now: datetime | None = None
) -> tuple[AssignmentRule, int]:
    """Save a rule and apply it at once; return the rule and the number of new assignments."""
    rule = AssignmentRule(
        course_id=data.course.id,
        scope=data.scope.value,
        department_id=data.department.id if data.department else None,
        unit_id=data.unit.id if data.unit else None,
        role=data.role if data.scope == RuleScope.ROLE else None,
        due_days=data.due_days,
        mandatory=data.mandatory,
        notify=data.notify or data.mandatory,
        created_by_id=created_by.id,
    )
    db.session.add(rule)
    db.session.flush()
    return rule, apply_rule(rule, now=now)


def apply_rule(rule: AssignmentRule, now: datetime | None = None) -> int:
    people = select(Person.id).where(Person.active, rule_condition(rule))
    return _assign_by_rule(rule, people, now or utcnow())


def _assign_by_rule(rule: AssignmentRule, people: Select[Any], now: datetime) -> int:
    """Assign the rule's course to the people `people` selects, due the rule's days from now."""
    return assign_people(
        people,
        rule.course,
        due_on=now.date() + timedelta(days=rule.due_days),
        mandatory=rule.mandatory,
        source="rule",
        rule=rule,
        now=now,
    )


def _withdraw_not_started(rule: AssignmentRule, now: datetime, *where: Any) -> int:
    """Withdraw the rule's active assignments (of the people `where` picks) not started yet."""
    result = db.session.execute(
        update(Assignment)
        .where(
            Assignment.rule_id == rule.id,
            Assignment.withdrawn_at.is_(None),
            _not_started(),
            *where,
        )
        .values(withdrawn_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def _not_started(assignment: type[Assignment] = Assignment) -> ColumnElement[bool]:
    """The assignment's person has done nothing on the course yet."""
    return ~exists().where(
        CourseStatus.person_id == assignment.person_id,
        CourseStatus.course_id == assignment.course_id,
        (CourseStatus.lessons_read > 0)
        | CourseStatus.started_at.is_not(None)
        | CourseStatus.completed_at.is_not(None),
    )


def remove_rule(rule: AssignmentRule, now: datetime | None = None) -> int:
    """Remove a rule: withdraw its not-started assignments, keep the rest and all history."""
    if rule.removed_at is not None:
        return 0
    now = now or utcnow()
    rule.removed_at = now
    db.session.flush()
    people = select(Assignment.person_id).where(Assignment.rule_id == rule.id)
    withdrawn = _withdraw_not_started(rule, now)
    status.recompute_people(people, rule.course_id)
    return withdrawn


def active_rules() -> list[AssignmentRule]:
    return list(
        db.session.scalars(
            select(AssignmentRule)
            .where(AssignmentRule.removed_at.is_(None))
            .order_by(AssignmentRule.id)
        )
    )


def person_changed(person: Person, now: datetime | None = None) -> None:
    """One person joined, moved, changed or left: `people_changed` for them alone."""
    people_changed([person.id], now=now)


def people_changed(person_ids: Collection[int], now: datetime | None = None) -> None:
    """People joined, moved, changed or left: update their copies and apply the rules again.

    Rules that now cover them assign their courses; not-started assignments from rules that no
    longer cover them are withdrawn. A deactivated person keeps their assignments, but their
    rows leave every report (see `status.update_copies`).

    Set-based: a fixed number of statements per active rule, whether for one person or for
    20,000 (the HR import sends everyone it created or moved at once).
    """
    if not person_ids:
        return
    now = now or utcnow()
    db.session.flush()
    ids = id_set(person_ids, db.session)
    status.update_copies(ids)
    changed = select(Person.id).where(Person.id.in_(ids), Person.active)
    for rule in active_rules():
        covered = changed.where(rule_condition(rule))
        _assign_by_rule(rule, covered, now)
        uncovered = changed.where(Person.id.not_in(covered))
        if _withdraw_not_started(rule, now, Assignment.person_id.in_(uncovered)):
            status.recompute_people(uncovered, rule.course_id)


@dataclass
class RuleRow:
    rule: AssignmentRule
    active: int  # active assignments
    target: str  # the department's or unit's name, when the scope has one


def _rule_rows(rules: list[AssignmentRule]) -> list[RuleRow]:
    ids = [r.id for r in rules]
    counts = dict(
        db.session.execute(
            select(Assignment.rule_id, func.count())
            .where(Assignment.rule_id.in_(ids), Assignment.withdrawn_at.is_(None))
            .group_by(Assignment.rule_id)
        ).all()
    )
    departments = {
        d.id: d.name
        for d in db.session.scalars(
            select(Department).where(Department.id.in_({r.department_id for r in rules}))
        )
    }
    units = {
        u.id: u.name
        for u in db.session.scalars(select(Unit).where(Unit.id.in_({r.unit_id for r in rules})))
    }
    rows = []
    for r in rules:
        target = units.get(r.unit_id or 0) or departments.get(r.department_id or 0) or ""
        rows.append(RuleRow(r, counts.get(r.id, 0), target))
    return rows


def rules_with_counts() -> list[RuleRow]:
    """The active rules with their number of active assignments (three queries)."""
    rules = list(
        db.session.scalars(
            select(AssignmentRule)
            .options(joinedload(AssignmentRule.course))
            .where(AssignmentRule.removed_at.is_(None))
            .order_by(AssignmentRule.created_at.desc(), AssignmentRule.id.desc())
        )
    )
    return _rule_rows(rules)


def removed_rules(limit: int = 50) -> list[RuleRow]:
    rules = list(
        db.session.scalars(
            select(AssignmentRule)
            .options(joinedload(AssignmentRule.course))
            .where(AssignmentRule.removed_at.is_not(None))
            .order_by(AssignmentRule.removed_at.desc())
            .limit(limit)
        )
    )
    return _rule_rows(rules)


def assign_courses(
    people: Select[Any],
    courses: list[Course],
    *,
    due_days: int,
    mandatory: bool,
    source: str,
    assigned_by: Person,
    now: datetime | None = None,
) -> int:
    """Assign several courses to the people `people` selects (their ids); return new assignments."""
    now = now or utcnow()
    due_on = now.date() + timedelta(days=due_days)
    return sum(
        assign_people(
            people,
            course,
            due_on=due_on,
            mandatory=mandatory,
            source=source,
            assigned_by=assigned_by,
            now=now,
        )
        for course in courses
    )
