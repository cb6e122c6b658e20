"""The unit page's table: the people of a unit's subtree × their courses, filtered, and the
courses its course filter offers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.swedish import in_swedish_order
from learnapp.training.cells import COURSE_TITLES
from learnapp.training.models import CourseStatus, Status
from learnapp.training.tree_counts import TreeStatusCount

OVERDUE = Status.OVERDUE.value
PER_PAGE = 50  # people a page: the table of a 30,000-person subtree is read a page at a time

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
    .order_by(in_swedish_order(Course.title), Course.id)
)


def courses_assigned_in(unit: Unit) -> list[Any]:
    """(id, title) of the courses assigned to anyone in the unit or below it, by title."""
    return list(db.session.execute(_COURSES_ASSIGNED_IN_SUBTREE, {"unit_id": unit.id}))


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
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def overdue_people(self) -> list[int]:
        """The ids of the people shown with an overdue course."""
        return sorted({pid for (pid, _), cell in self.cells.items() if cell.status == OVERDUE})

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
            conds.append(CourseStatus.status == Status.OVERDUE.value)
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
    """The columns of the unit page's table, by name: `:limit` of them from `:offset` (an index on
    the person's name lets a large subtree's first pages stop after a few rows)."""
    return (
        _subtree_people(key_persons, overdue, one_course)
        .with_only_columns(
            Person.id, Person.name, Person.is_key_person, Unit.name.label("unit_name")
        )
        .order_by(in_swedish_order(Person.name), Person.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
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


def people_table(
    unit: Unit, filters: Filters, page: int = 1, per_page: int | None = None
) -> PeopleTable:
    """One page of people × courses of a unit's subtree: three statements whatever the number of
    people, and a count of everyone when there may be more than the page."""
    per_page = per_page or PER_PAGE
    offset = (page - 1) * per_page
    params = {
        "path": unit.path,
        "course_id": filters.course_id,
        "limit": per_page,
        "offset": offset,
    }
    people = list(db.session.execute(_people_shown(*_shape(filters)), params))
    total = offset + len(people)
    if len(people) == per_page or (page > 1 and not people):  # there may be more (or fewer)
        everyone = _subtree_people(*_shape(filters)).subquery()
        total = db.session.scalar(select(func.count()).select_from(everyone), params) or 0
    ids = [p.id for p in people]
    if not ids:
        return PeopleTable(people, [], {}, total, page, per_page)
    if filters.course_id:
        of_course = {"ids": ids, "course_id": filters.course_id}
        rows = list(db.session.execute(_CELLS_OF_COURSE, of_course))
    else:
        rows = list(db.session.execute(_CELLS, {"ids": ids}))
    course_ids = sorted({r.course_id for r in rows})
    courses = list(db.session.execute(COURSE_TITLES, {"ids": course_ids})) if course_ids else []
    cells = {(r.person_id, r.course_id): r for r in rows}
    return PeopleTable(people, courses, cells, total, page, per_page)
