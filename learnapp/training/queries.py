"""Read side: every page's figures from the stored statuses, aggregated in SQL (GROUP BY)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, select
from sqlalchemy.orm import contains_eager

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit
from learnapp.permissions import Scope
from learnapp.training.models import CourseStatus, Status
from learnapp.training.rollups import NO_DEPARTMENT, CompletionMonth, StatusCount
from learnapp.training.tree_counts import TreeStatusCount

PEOPLE_LIMIT = 500


_TO_DO_FIRST = case(
    (CourseStatus.status == Status.OVERDUE.value, 0),
    (CourseStatus.status == Status.NOT_STARTED.value, 1),
    (CourseStatus.status == Status.EXPIRED.value, 1),
    (CourseStatus.status == Status.IN_PROGRESS.value, 2),
    (CourseStatus.status == Status.COMPLETED.value, 3),
    else_=4,
)
# Built once: "Min utbildning" is the page staff open most, and building this statement and its
# cache key took longer than running it.
_MY_STATUSES = (
    select(CourseStatus)
    .join(Course, Course.id == CourseStatus.course_id)
    # The courses' competence areas load only if used (the page does not): one statement less.
    .options(contains_eager(CourseStatus.course).lazyload(Course.areas))
    .where(
        CourseStatus.person_id == bindparam("person_id"),
        CourseStatus.status != Status.NOT_ASSIGNED.value,
    )
    .order_by(_TO_DO_FIRST, CourseStatus.due_on, Course.title)
)


def my_statuses(person: Person) -> list[CourseStatus]:
    """The person's courses (one query): to do first by due date, then in progress, then done."""
    return list(db.session.scalars(_MY_STATUSES, {"person_id": person.id}))


@dataclass
class MyCourses:
    to_do: list[CourseStatus] = field(default_factory=list)
    in_progress: list[CourseStatus] = field(default_factory=list)
    done: list[CourseStatus] = field(default_factory=list)


def group_mine(rows: list[CourseStatus]) -> MyCourses:
    mine = MyCourses()
    for row in rows:
        if row.status in (Status.COMPLETED, Status.EXPIRED) and not (
            row.assigned and row.status == Status.EXPIRED
        ):
            mine.done.append(row)
        elif row.assigned and row.status != Status.IN_PROGRESS:
            mine.to_do.append(row)
        else:
            mine.in_progress.append(row)
    return mine


def next_due(person: Person, limit: int = 3) -> list[CourseStatus]:
    """The person's assigned, unfinished courses with the nearest due dates (start-page panel)."""
    return list(
        db.session.scalars(
            select(CourseStatus)
            .join(Course, Course.id == CourseStatus.course_id)
            .options(contains_eager(CourseStatus.course).lazyload(Course.areas))
            .where(
                CourseStatus.person_id == person.id,
                CourseStatus.assigned,
                CourseStatus.status != Status.COMPLETED.value,
            )
            .order_by(CourseStatus.due_on.is_(None), CourseStatus.due_on, Course.title)
            .limit(limit)
        )
    )


def _count(cond: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


ASSIGNED = CourseStatus.assigned.is_(True)
COMPLETED = CourseStatus.status == Status.COMPLETED.value
OVERDUE = CourseStatus.status == Status.OVERDUE.value


@dataclass
class Cell:
    """Completion among those assigned, for everyone and for key persons."""

    assigned: int = 0
    completed: int = 0
    overdue: int = 0
    key_assigned: int = 0
    key_completed: int = 0

    @property
    def share(self) -> float | None:
        return self.completed / self.assigned if self.assigned else None

    @property
    def key_share(self) -> float | None:
        return self.key_completed / self.key_assigned if self.key_assigned else None


def count_cells(group: Any, *where: ColumnElement[bool]) -> dict[tuple[int, int], Cell]:
    key = CourseStatus.is_key_person.is_(True)
    rows = db.session.execute(
        select(
            group,
            CourseStatus.course_id,
            func.count(),
            _count(COMPLETED),
            _count(OVERDUE),
            _count(key),
            _count(key & COMPLETED),
        )
        .where(ASSIGNED, *where)
        .group_by(group, CourseStatus.course_id)
    )
    return {
        (g, c): Cell(int(a), int(done), int(late), int(ka), int(kd))
        for g, c, a, done, late, ka, kd in rows
    }


# Built once, like the other statements of the unit page: building them cost more than running.
# Unit paths hold only digits and slashes ("/1/5/23/"), so LIKE needs no escaping.
_SUBTREE_UNIT_IDS = select(Unit.id).where(Unit.path.startswith(bindparam("path")))
# The courses assigned in a subtree, from the counters per unit subtree (a few rows), not from
# the status rows of everyone below the unit.
_COURSES_ASSIGNED_IN_SUBTREE = (
    select(Course.id, Course.title)
    .where(
        Course.id.in_(
            select(TreeStatusCount.course_id).where(
                TreeStatusCount.unit_id == bindparam("unit_id"), TreeStatusCount.n > 0
            )
        )
    )
    .order_by(Course.title, Course.id)
)


def courses_assigned_in(unit: Unit) -> list[Any]:
    """(id, title) of the courses assigned to anyone in the unit or below it, by title."""
    return list(db.session.execute(_COURSES_ASSIGNED_IN_SUBTREE, {"unit_id": unit.id}))


def _counted_cells(*where: ColumnElement[bool]) -> dict[tuple[int, int], Cell]:
    """Department × course cells from the trigger-kept counters (a few hundred rows)."""
    sc = StatusCount

    def total(cond: ColumnElement[bool] | None = None) -> Any:
        return func.coalesce(func.sum(sc.n if cond is None else case((cond, sc.n), else_=0)), 0)

    done = sc.status == Status.COMPLETED.value
    key = sc.is_key_person.is_(True)
    rows = db.session.execute(
        select(
            sc.department_id,
            sc.course_id,
            total(),
            total(done),
            total(sc.status == Status.OVERDUE.value),
            total(key),
            total(key & done),
        )
        .where(sc.department_id != NO_DEPARTMENT, *where)
        .group_by(sc.department_id, sc.course_id)
        .having(func.sum(sc.n) > 0)
    )
    return {
        (d, c): Cell(int(a), int(n), int(late), int(ka), int(kd))
        for d, c, a, n, late, ka, kd in rows
    }


def department_cells() -> dict[tuple[int, int], Cell]:
    """Department × course (coordinator's overview), from the rollup."""
    return _counted_cells()


def courses_counted(*where: ColumnElement[bool]) -> list[Course]:
    """Courses assigned to someone in a department (conditions on StatusCount), by title."""
    ids = (
        select(StatusCount.course_id)
        .where(StatusCount.n > 0, StatusCount.department_id != NO_DEPARTMENT, *where)
        .distinct()
    )
    return list(db.session.scalars(select(Course).where(Course.id.in_(ids)).order_by(Course.title)))


def departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def units_in_scope(scope: Scope) -> list[Unit]:
    return list(
        db.session.scalars(
            select(Unit)
            .join(Department, Department.id == Unit.department_id)
            .where(Unit.id.in_(scope.unit_ids()))
            .order_by(Department.name, Unit.path)
        )
    )


@dataclass
class UnitSummary:
    unit: Unit
    people: int
    assigned: int
    completed: int
    overdue: int


def team_summary(scope: Scope) -> list[UnitSummary]:
    """Per unit in scope (own people only, not the subtree): assigned, completed, overdue."""
    units = units_in_scope(scope)
    ids = [u.id for u in units]
    counts = {
        u: (int(a), int(c), int(o))
        for u, a, c, o in db.session.execute(
            select(CourseStatus.unit_id, func.count(), _count(COMPLETED), _count(OVERDUE))
            .where(ASSIGNED, CourseStatus.unit_id.in_(scope.unit_ids()))
            .group_by(CourseStatus.unit_id)
        )
    }
    heads = dict(
        db.session.execute(
            select(Person.unit_id, func.count())
            .where(Person.active, Person.unit_id.in_(ids))
            .group_by(Person.unit_id)
        ).all()
    )
    return [UnitSummary(u, heads.get(u.id, 0), *counts.get(u.id, (0, 0, 0))) for u in units]


@dataclass
class Filters:
    overdue: bool = False
    key_persons: bool = False
    course_id: int | None = None


@dataclass
class PeopleTable:
    """Plain rows with only the columns the table shows: ORM objects cost more than the SQL."""

    people: list[Any]  # rows of id, name, is_key_person, unit_name
    courses: list[Any]  # rows of id, title
    cells: dict[tuple[int, int], Any]  # rows of person_id, course_id, status, due_on, completed_at
    total: int

    def rows(self) -> Iterator[tuple[Any, list[Any]]]:
        """Each person with their cells in course order (None: no status), for the table."""
        for person in self.people:
            yield person, [self.cells.get((person.id, c.id)) for c in self.courses]


@lru_cache(maxsize=8)
def _subtree_people(key_persons: bool, overdue: bool, one_course: bool) -> Select[Any]:
    """The active people of the subtree at `:path`, filtered; built once for each kind of filter
    (building it took longer than running it). `:course_id` is the course filter's course."""
    # The subtree's unit ids first (a scan of the small unit table), then their people by index:
    # SQLite cannot use an index for a case-insensitive LIKE, so a join would scan every person.
    stmt = (
        select(Person)
        .join(Unit, Unit.id == Person.unit_id)
        .where(Person.active, Person.unit_id.in_(_SUBTREE_UNIT_IDS))
    )
    if key_persons:
        stmt = stmt.where(Person.is_key_person)
    if overdue or one_course:
        conds = [CourseStatus.person_id == Person.id]
        if overdue:
            conds.append(OVERDUE)
        if one_course:
            conds.append(CourseStatus.course_id == bindparam("course_id"))
            if not overdue:
                conds.append(CourseStatus.status != Status.NOT_ASSIGNED.value)
        stmt = stmt.where(select(CourseStatus.person_id).where(*conds).exists())
    return stmt


@lru_cache(maxsize=8)
def _people_shown(
    key_persons: bool, overdue: bool, one_course: bool
) -> Select[int, str, bool, str]:
    """The columns of the unit page's table, by name, the first `:limit`."""
    return (
        _subtree_people(key_persons, overdue, one_course)
        .with_only_columns(
            Person.id, Person.name, Person.is_key_person, Unit.name.label("unit_name")
        )
        .order_by(Person.name, Person.id)
        .limit(bindparam("limit"))
    )


def _shape(filters: Filters) -> tuple[bool, bool, bool]:
    return filters.key_persons, filters.overdue, bool(filters.course_id)


def people_in_subtree(unit: Unit, filters: Filters) -> Select[Any]:
    """The active people of the unit and the units below it, filtered."""
    stmt = _subtree_people(*_shape(filters))
    return stmt.params(path=unit.path, course_id=filters.course_id)


_CELLS = select(
    CourseStatus.person_id,
    CourseStatus.course_id,
    CourseStatus.status,
    CourseStatus.due_on,
    CourseStatus.completed_at,
).where(
    CourseStatus.person_id.in_(bindparam("ids", expanding=True)),
    CourseStatus.status != Status.NOT_ASSIGNED.value,
)
_CELLS_OF_COURSE = _CELLS.where(CourseStatus.course_id == bindparam("course_id"))
COURSE_TITLES = (
    select(Course.id, Course.title)
    .where(Course.id.in_(bindparam("ids", expanding=True)))
    .order_by(Course.title, Course.id)
)


def people_table(unit: Unit, filters: Filters, limit: int = PEOPLE_LIMIT) -> PeopleTable:
    """People × courses of a unit's subtree: three statements whatever the number of people, and a
    count of everyone when the page is full."""
    params = {"path": unit.path, "course_id": filters.course_id, "limit": limit}
    people = list(db.session.execute(_people_shown(*_shape(filters)), params))
    total = len(people)
    if total == limit:  # a full page: there may be more, count them
        everyone = _subtree_people(*_shape(filters)).subquery()
        total = db.session.scalar(select(func.count()).select_from(everyone), params) or 0
    ids = [p.id for p in people]
    if not ids:
        return PeopleTable(people, [], {}, total)
    if filters.course_id:
        of_course = {"ids": ids, "course_id": filters.course_id}
        rows = list(db.session.execute(_CELLS_OF_COURSE, of_course))
    else:
        rows = list(db.session.execute(_CELLS, {"ids": ids}))
    course_ids = sorted({r.course_id for r in rows})
    courses = list(db.session.execute(COURSE_TITLES, {"ids": course_ids})) if course_ids else []
    return PeopleTable(people, courses, {(r.person_id, r.course_id): r for r in rows}, total)


def person_statuses(person: Person) -> list[CourseStatus]:
    """A person's courses for their page: every row with a status, with the course."""
    return my_statuses(person)


def completions_per_month(since: datetime) -> list[tuple[str, int]]:
    """Completions per calendar month (UTC) from `since`'s month, as ("2026-03", n), oldest first.

    Read from the trigger-kept counter. A completion counts in the month it happened, also when
    the person has since left: training that took place stays in the history.
    """
    first = since.astimezone(UTC).strftime("%Y-%m")
    rows = db.session.execute(
        select(CompletionMonth.month, CompletionMonth.n)
        .where(CompletionMonth.month >= first, CompletionMonth.n > 0)
        .order_by(CompletionMonth.month)
    )
    return [(str(m), int(n)) for m, n in rows]


def month_series(
    counts: list[tuple[str, int]], today: date, months: int = 12
) -> list[tuple[str, int]]:
    """The last `months` months, oldest first, with zero for months without completions."""
    by_month = dict(counts)
    series = []
    year, month = today.year, today.month
    for _ in range(months):
        key = f"{year:04d}-{month:02d}"
        series.append((key, by_month.get(key, 0)))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(series))


def mandatory_courses() -> list[Course]:
    return courses_counted(StatusCount.mandatory.is_(True))


def mandatory_cells() -> dict[tuple[int, int], Cell]:
    """Department × mandatory course (the status report), from the rollup."""
    return _counted_cells(StatusCount.mandatory.is_(True))
