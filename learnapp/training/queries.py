"""Read side: every page's figures from the stored statuses, aggregated in SQL (GROUP BY)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import contains_eager

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit
from learnapp.permissions import Scope
from learnapp.quizzes.models import Completion
from learnapp.training.models import CourseStatus, Status

PEOPLE_LIMIT = 500


def my_statuses(person: Person) -> list[CourseStatus]:
    """The person's courses (one query): to do first by due date, then in progress, then done."""
    order = case(
        (CourseStatus.status == Status.OVERDUE.value, 0),
        (CourseStatus.status == Status.NOT_STARTED.value, 1),
        (CourseStatus.status == Status.EXPIRED.value, 1),
        (CourseStatus.status == Status.IN_PROGRESS.value, 2),
        (CourseStatus.status == Status.COMPLETED.value, 3),
        else_=4,
    )
    return list(
        db.session.scalars(
            select(CourseStatus)
            .join(Course, Course.id == CourseStatus.course_id)
            .options(contains_eager(CourseStatus.course))
            .where(
                CourseStatus.person_id == person.id,
                CourseStatus.status != Status.NOT_ASSIGNED.value,
            )
            .order_by(order, CourseStatus.due_on, Course.title)
        )
    )


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
            .options(contains_eager(CourseStatus.course))
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


def _cells(group: Any, *where: ColumnElement[bool]) -> dict[tuple[int, int], Cell]:
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


def courses_assigned(*where: ColumnElement[bool]) -> list[Course]:
    ids = select(CourseStatus.course_id).where(ASSIGNED, *where).distinct()
    return list(db.session.scalars(select(Course).where(Course.id.in_(ids)).order_by(Course.title)))


def department_cells() -> dict[tuple[int, int], Cell]:
    """Department × course (coordinator's overview)."""
    return _cells(CourseStatus.department_id, CourseStatus.department_id.is_not(None))


def unit_cells(*where: ColumnElement[bool]) -> dict[tuple[int, int], Cell]:
    return _cells(CourseStatus.unit_id, CourseStatus.unit_id.is_not(None), *where)


def departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def units_of_department(department: Department) -> list[Unit]:
    return list(
        db.session.scalars(
            select(Unit).where(Unit.department_id == department.id).order_by(Unit.path)
        )
    )


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
    people: list[Person]
    courses: list[Course]
    cells: dict[tuple[int, int], CourseStatus]
    total: int


def unit_subtree_condition(unit: Unit) -> ColumnElement[bool]:
    """Status rows of people in the unit or below it."""
    return CourseStatus.unit_id.in_(
        select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
    )


def people_in_subtree(unit: Unit, filters: Filters) -> Select[Any]:
    stmt = (
        select(Person)
        .join(Unit, Unit.id == Person.unit_id)
        .where(Person.active, Unit.path.startswith(unit.path, autoescape=True))
    )
    if filters.key_persons:
        stmt = stmt.where(Person.is_key_person)
    if filters.overdue or filters.course_id:
        conds = [CourseStatus.person_id == Person.id]
        if filters.overdue:
            conds.append(OVERDUE)
        if filters.course_id:
            conds.append(CourseStatus.course_id == filters.course_id)
            if not filters.overdue:
                conds.append(CourseStatus.status != Status.NOT_ASSIGNED.value)
        stmt = stmt.where(select(CourseStatus.person_id).where(*conds).exists())
    return stmt


def people_table(unit: Unit, filters: Filters, limit: int = PEOPLE_LIMIT) -> PeopleTable:
    """People × courses of a unit's subtree, in four queries whatever the number of people."""
    people_stmt = people_in_subtree(unit, filters)
    total = db.session.scalar(select(func.count()).select_from(people_stmt.subquery())) or 0
    people = list(
        db.session.scalars(
            people_stmt.options(contains_eager(Person.unit)).order_by(Person.name).limit(limit)
        )
    )
    ids = [p.id for p in people]
    row_filter = [CourseStatus.person_id.in_(ids), CourseStatus.status != Status.NOT_ASSIGNED.value]
    if filters.course_id:
        row_filter.append(CourseStatus.course_id == filters.course_id)
    rows = list(db.session.scalars(select(CourseStatus).where(*row_filter))) if ids else []
    course_ids = {r.course_id for r in rows}
    courses = (
        list(
            db.session.scalars(
                select(Course).where(Course.id.in_(course_ids)).order_by(Course.title)
            )
        )
        if course_ids
        else []
    )
    return PeopleTable(people, courses, {(r.person_id, r.course_id): r for r in rows}, total)


def person_statuses(person: Person) -> list[CourseStatus]:
    """A person's courses for their page: every row with a status, with the course."""
    return my_statuses(person)


def completions_per_month(since: datetime) -> list[tuple[str, int]]:
    """Completions per calendar month (UTC) from `since`, as ("2026-03", n), oldest first."""
    if db.engine.dialect.name == "postgresql":
        month = func.to_char(Completion.completed_at, "YYYY-MM")
    else:
        month = func.strftime("%Y-%m", Completion.completed_at)
    rows = db.session.execute(
        select(month, func.count())
        .join(Person, Person.id == Completion.person_id)
        .where(Completion.completed_at >= since, Person.active)
        .group_by(month)
        .order_by(month)
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


@dataclass
class ReportDepartment:
    department: Department
    cells: dict[int, Cell]  # per mandatory course
    overdue: int
    response_rate: float | None


def mandatory_courses() -> list[Course]:
    return courses_assigned(CourseStatus.mandatory.is_(True))


def status_report(rates: dict[int, float | None]) -> list[ReportDepartment]:
    """Per department: key persons' completion of each mandatory course, overdue counts, answers."""
    cells = _cells(
        CourseStatus.department_id,
        CourseStatus.department_id.is_not(None),
        CourseStatus.mandatory.is_(True),
    )
    overdue = dict(
        db.session.execute(
            select(CourseStatus.department_id, func.count())
            .where(
                OVERDUE, CourseStatus.mandatory.is_(True), CourseStatus.department_id.is_not(None)
            )
            .group_by(CourseStatus.department_id)
        ).all()
    )
    result = []
    for dept in departments():
        mine = {c: cell for (d, c), cell in cells.items() if d == dept.id}
        result.append(ReportDepartment(dept, mine, overdue.get(dept.id, 0), rates.get(dept.id)))
    return result
