"""The status engine: the stored status of a person on a course (CourseStatus), kept up to date.

A CourseStatus row holds the facts (assigned, due date, lessons read, completion dates) and the
status derived from them. The status is always derived by ONE SQL expression, `status_expression`,
so events (one row) and the nightly `flask training refresh` (every row) agree. Precedence:

1. **completed** — the newest completion has not expired (`expires_at` empty or in the future).
2. **overdue** — assigned, the due date has passed, and no valid completion.
3. **expired** — there is a completion but it has expired (and the course is not overdue).
4. **in progress** — a lesson read or a quiz taken, no completion yet.
5. **not started** — assigned, nothing done yet.
6. **not assigned** — no active assignment and nothing done (e.g. the rule was removed).

An expired completion makes an assigned course due again. The new due date is set when
`flask training refresh` notices the expiry: RECERTIFY_DAYS days after that day, on every active
assignment of the course for that person (only ever moved later, never earlier). Until then the
course shows as expired, not overdue. Date-driven changes (overdue, expired) happen only in the
refresh; events (lessons, quizzes, completions, rules, people) update their own rows at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    exists,
    func,
    or_,
    select,
    update,
)

from learnapp.courses.models import Lesson, LessonProgress
from learnapp.db import dialect_insert, utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.training.models import Assignment, CourseStatus, Status

RECERTIFY_DAYS = 30


def today_for(now: datetime) -> date:
    return now.date()


def status_expression(now: datetime) -> ColumnElement[str]:
    """The status of a CourseStatus row as SQL, following the precedence in the module docstring."""
    cs = CourseStatus
    valid = and_(cs.completed_at.is_not(None), or_(cs.expires_at.is_(None), cs.expires_at > now))
    return case(
        (valid, Status.COMPLETED.value),
        (
            and_(cs.assigned, cs.due_on.is_not(None), cs.due_on < today_for(now)),
            Status.OVERDUE.value,
        ),
        (cs.completed_at.is_not(None), Status.EXPIRED.value),
        (or_(cs.lessons_read > 0, cs.started_at.is_not(None)), Status.IN_PROGRESS.value),
        (cs.assigned, Status.NOT_STARTED.value),
        else_=Status.NOT_ASSIGNED.value,
    )


def _expire_loaded() -> None:
    """Bulk UPDATEs bypass the identity map: forget loaded statuses and assignments."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, CourseStatus | Assignment):
            db.session.expire(obj)


def recompute(*where: ColumnElement[bool], now: datetime | None = None) -> int:
    """Set the derived status of the rows matching `where` (all rows when empty); return changes."""
    now = now or utcnow()
    expr = status_expression(now)
    result = db.session.execute(
        update(CourseStatus)
        .where(*where, CourseStatus.status != expr)
        .values(status=expr, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    _expire_loaded()
    return result.rowcount or 0  # type: ignore[attr-defined]


def _active_assignment(*extra: ColumnElement[bool]) -> Any:
    return (
        select(Assignment.id)
        .where(
            Assignment.person_id == CourseStatus.person_id,
            Assignment.course_id == CourseStatus.course_id,
            Assignment.withdrawn_at.is_(None),
            *extra,
        )
        .correlate(CourseStatus)
    )


def sync_assignment_summary(*where: ColumnElement[bool]) -> None:
    """Copy the active assignments' summary (assigned, mandatory, earliest due) onto the rows."""
    db.session.execute(
        update(CourseStatus)
        .where(*where)
        .values(
            assigned=exists(_active_assignment()),
            mandatory=exists(_active_assignment(Assignment.mandatory.is_(True))),
            due_on=(
                select(func.min(Assignment.due_on))
                .where(
                    Assignment.person_id == CourseStatus.person_id,
                    Assignment.course_id == CourseStatus.course_id,
                    Assignment.withdrawn_at.is_(None),
                )
                .correlate(CourseStatus)
                .scalar_subquery()
            ),
        )
        .execution_options(synchronize_session=False)
    )


def lessons_total(course_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Lesson.id)).where(Lesson.course_id == course_id, Lesson.active)
        )
        or 0
    )


def stored_statuses(person_id: Any) -> Any:
    """The person's stored statuses as (course_id, status) rows: what the course catalogue
    shows (registered for it in training/feature.py). `person_id` is an id or a bound parameter
    (the catalogue builds its statement once)."""
    return select(CourseStatus.course_id, CourseStatus.status).where(
        CourseStatus.person_id == person_id
    )


def row_for(person: Person, course_id: int) -> CourseStatus:
    """The person's status row for a course, created (with the person's copies) when missing.

    Two requests may create it at once (two lessons opened in two tabs): the INSERT does nothing
    when the row is there already, and the row is read back either way.
    """
    row = db.session.get(CourseStatus, (person.id, course_id))
    if row is not None:
        return row
    unit = db.session.get(Unit, person.unit_id) if person.unit_id else None
    db.session.execute(
        dialect_insert(db.session, CourseStatus)
        .values(
            person_id=person.id,
            course_id=course_id,
            status=Status.NOT_ASSIGNED.value,
            assigned=False,
            mandatory=False,
            lessons_read=0,
            lessons_total=lessons_total(course_id),
            is_key_person=person.is_key_person and person.active,
            unit_id=unit.id if unit and person.active else None,
            department_id=unit.department_id if unit and person.active else None,
            updated_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["person_id", "course_id"])
    )
    return db.session.get_one(CourseStatus, (person.id, course_id))


def _one(person_id: int, course_id: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return CourseStatus.person_id == person_id, CourseStatus.course_id == course_id


def _read_count(course_id: int) -> Any:
    """The lessons a status row's person has read in the course, as a subquery of that row."""
    return (
        select(func.count(LessonProgress.lesson_id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.person_id == CourseStatus.person_id,
            Lesson.course_id == course_id,
            Lesson.active,
        )
        .correlate(CourseStatus)
        .scalar_subquery()
    )


def record_lesson(person: Person, course_id: int, now: datetime | None = None) -> None:
    """A lesson was read: count the lessons read and mark the course started.

    The count is taken inside the UPDATE, from the rows, after the status row is locked: of four
    tabs opening four lessons, each counts what the ones before it committed (on PostgreSQL a
    statement that waited for a lock would still count from before the wait).
    """
    now = now or utcnow()
    row_for(person, course_id)
    where = _one(person.id, course_id)
    db.session.execute(select(CourseStatus.person_id).where(*where).with_for_update())
    db.session.execute(
        update(CourseStatus)
        .where(*where)
        .values(
            lessons_read=_read_count(course_id),
            lessons_total=lessons_total(course_id),
            started_at=func.coalesce(CourseStatus.started_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    recompute(*where, now=now)


def record_attempt(person: Person, course_id: int, score: float | None) -> None:
    """A quiz attempt was submitted: the course counts as started; keep the latest score."""
    now = utcnow()
    row = row_for(person, course_id)
    if row.started_at is None:
        row.started_at = now
    if row.completed_at is None and score is not None:
        row.score = score
    db.session.flush()
    recompute(*_one(person.id, course_id), now=now)


def record_completion(
    person: Person,
    course_id: int,
    completed_at: datetime,
    expires_at: datetime | None,
    score: float | None,
) -> None:
    """A completion was recorded: it becomes the row's completion when it is the newest."""
    row = row_for(person, course_id)
    if row.completed_at is None or completed_at >= row.completed_at:
        row.completed_at = completed_at
        row.expires_at = expires_at
        row.score = score
    if row.started_at is None:
        row.started_at = completed_at
    db.session.flush()
    recompute(*_one(person.id, course_id))


def update_copies(person_ids: Any) -> int:
    """Copy the people's unit, department and key-person flag onto their rows, in one UPDATE.

    `person_ids` is a list of ids or a SELECT of them (`learnapp.db.id_set`). This is the one
    place that rewrites the copies of people who exist; the rollups' triggers count from them.
    A deactivated person's rows lose their unit and department, so they drop out of every
    report; reactivating them restores the copies. Rows that already agree are not touched.
    """
    mine = and_(Person.id == CourseStatus.person_id, Person.active)
    unit_id = select(Person.unit_id).where(mine).correlate(CourseStatus).scalar_subquery()
    department_id = (
        select(Unit.department_id)
        .join(Person, Person.unit_id == Unit.id)
        .where(mine)
        .correlate(CourseStatus)
        .scalar_subquery()
    )
    key_person = exists().where(mine, Person.is_key_person.is_(True)).correlate(CourseStatus)
    result = db.session.execute(
        update(CourseStatus)
        .where(
            CourseStatus.person_id.in_(person_ids),
            or_(
                CourseStatus.unit_id.is_distinct_from(unit_id),
                CourseStatus.department_id.is_distinct_from(department_id),
                CourseStatus.is_key_person != key_person,
            ),
        )
        .values(unit_id=unit_id, department_id=department_id, is_key_person=key_person)
        .execution_options(synchronize_session=False)
    )
    _expire_loaded()
    return result.rowcount or 0  # type: ignore[attr-defined]


def update_lesson_counts(course_id: int) -> int:
    """A course was synced: lessons may have been added or removed, so recount both columns.

    Only active lessons count: a lesson dropped from the folder no longer counts as read.
    """
    total = lessons_total(course_id)
    read = _read_count(course_id)
    result = db.session.execute(
        update(CourseStatus)
        .where(
            CourseStatus.course_id == course_id,
            or_(CourseStatus.lessons_total != total, CourseStatus.lessons_read != read),
        )
        .values(lessons_total=total, lessons_read=read)
        .execution_options(synchronize_session=False)
    )
    _expire_loaded()
    return result.rowcount or 0  # type: ignore[attr-defined]


@dataclass
class RefreshResult:
    due_again: int  # assignments given a new due date because the completion expired
    changed: dict[str, int]  # rows that changed status, by new status

    @property
    def total(self) -> int:
        return sum(self.changed.values())


def refresh(now: datetime | None = None) -> RefreshResult:
    """The date-driven changes for every row, in a few set-based UPDATEs. Idempotent."""
    now = now or utcnow()
    new_due = today_for(now) + timedelta(days=RECERTIFY_DAYS)
    newly_expired = exists(
        select(CourseStatus.person_id).where(
            CourseStatus.person_id == Assignment.person_id,
            CourseStatus.course_id == Assignment.course_id,
            CourseStatus.status == Status.COMPLETED.value,
            CourseStatus.expires_at.is_not(None),
            CourseStatus.expires_at <= now,
        )
    )
    due_again = db.session.execute(
        update(Assignment)
        .where(
            Assignment.withdrawn_at.is_(None),
            Assignment.due_on.is_not(None),
            Assignment.due_on < new_due,
            newly_expired,
        )
        .values(due_on=new_due)
        .execution_options(synchronize_session=False)
    )
    expired_rows = and_(
        CourseStatus.status == Status.COMPLETED.value,
        CourseStatus.expires_at.is_not(None),
        CourseStatus.expires_at <= now,
    )
    sync_assignment_summary(expired_rows)
    expr = status_expression(now)
    counts = dict(
        db.session.execute(
            select(expr, func.count())
            .select_from(CourseStatus)
            .where(CourseStatus.status != expr)
            .group_by(expr)
        ).all()
    )
    recompute(now=now)
    return RefreshResult(due_again=due_again.rowcount or 0, changed=counts)  # type: ignore[attr-defined]


def recompute_people(person_ids: Iterable[int] | Any, course_id: int | None = None) -> None:
    """Re-sync assignment summaries and statuses for some people (ids or a subquery)."""
    where: list[ColumnElement[bool]] = [CourseStatus.person_id.in_(person_ids)]
    if course_id is not None:
        where.append(CourseStatus.course_id == course_id)
    sync_assignment_summary(*where)
    recompute(*where)
