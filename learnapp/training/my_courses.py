"""A person's own courses: "Min utbildning", the start page's next-due panel and the person page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, case, select
from sqlalchemy.orm import contains_eager

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.swedish import in_swedish_order
from learnapp.training.models import CourseStatus, Status

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
    .options(contains_eager(CourseStatus.course))
    .where(
        CourseStatus.person_id == bindparam("person_id"),
        CourseStatus.status != Status.NOT_ASSIGNED.value,
    )
    .order_by(_TO_DO_FIRST, CourseStatus.due_on, in_swedish_order(Course.title))
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
            .options(contains_eager(CourseStatus.course))
            .where(
                CourseStatus.person_id == person.id,
                CourseStatus.assigned,
                CourseStatus.status != Status.COMPLETED.value,
            )
            .order_by(
                CourseStatus.due_on.is_(None), CourseStatus.due_on, in_swedish_order(Course.title)
            )
            .limit(limit)
        )
    )


def person_statuses(person: Person) -> list[CourseStatus]:
    """A person's courses for their page: every row with a status, with the course."""
    return my_statuses(person)
