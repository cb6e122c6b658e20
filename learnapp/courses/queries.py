"""What the course pages show: the catalogue with the viewer's status, and lessons read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask import current_app
from sqlalchemy import Integer, and_, bindparam, case, func, null, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import joinedload

from learnapp.areas.models import CompetenceArea
from learnapp.courses.models import Course, Lesson, LessonProgress, course_area
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from learnapp.statuses import Status
from learnapp.swedish import in_swedish_order


def may_preview(person: Person) -> bool:
    """Coordinators and admins also see unpublished courses (to check them before publishing)."""
    return bool(person.has_role(Role.COORDINATOR, Role.ADMIN))


# Built once: a statement built per request costs more to build and to key for the statement
# cache (about 0.25 ms) than the lesson page spends rendering its body.
_COURSE_WITH_LESSONS = (
    select(Course).where(Course.slug == bindparam("slug")).options(joinedload(Course.lessons))
)


def visible_course(slug: str, person: Person) -> Course | None:
    """The course if the person may see it: published, or the person may preview it.

    Its lessons come in the same statement (every page that opens one course lists them).
    """
    result = db.session.execute(_COURSE_WITH_LESSONS, {"slug": slug})
    course = result.unique().scalar_one_or_none()
    if course is None or not (course.published or may_preview(person)):
        return None
    return course


# The lesson page, the most requested page of all, reads plain rows: the course's head and its
# active lessons in order, with the body of the requested lesson only (ORM objects for the course
# and every lesson, bodies included, cost more to build than the page spends rendering them).
_LESSON_PAGE = (
    select(
        Course.id.label("course_id"),
        Course.slug.label("course_slug"),
        Course.title.label("course_title"),
        Course.language.label("course_language"),
        Course.published.label("course_published"),
        Lesson.id,
        Lesson.slug,
        Lesson.title,
        case((Lesson.slug == bindparam("lesson_slug"), Lesson.body_html)).label("body_html"),
    )
    .join(Lesson, and_(Lesson.course_id == Course.id, Lesson.active.is_(True)))
    .where(Course.slug == bindparam("slug"))
    .order_by(Lesson.position, Lesson.id)
)


@dataclass(frozen=True)
class CourseHead:
    id: int
    slug: str
    title: str
    language: str
    published: bool


@dataclass(frozen=True)
class LessonPage:
    """One lesson as its page shows it: the course's head, the lesson, and its neighbours.

    `lesson`, `previous` and `following` are rows with id, slug, title (and course_id); only
    `lesson` carries its body_html.
    """

    course: CourseHead
    lesson: Row[Any]
    number: int  # 1-based position among the active lessons
    total: int
    previous: Row[Any] | None
    following: Row[Any] | None


def lesson_page(slug: str, lesson_slug: str, person: Person) -> LessonPage | None:
    """The lesson if the person may see its course (as `visible_course`) and it is active."""
    rows = db.session.execute(_LESSON_PAGE, {"slug": slug, "lesson_slug": lesson_slug}).all()
    index = next((i for i, row in enumerate(rows) if row.slug == lesson_slug), None)
    if index is None:
        return None
    first = rows[0]
    if not (first.course_published or may_preview(person)):
        return None
    return LessonPage(
        course=CourseHead(
            first.course_id,
            first.course_slug,
            first.course_title,
            first.course_language,
            first.course_published,
        ),
        lesson=rows[index],
        number=index + 1,
        total=len(rows),
        previous=rows[index - 1] if index > 0 else None,
        following=rows[index + 1] if index + 1 < len(rows) else None,
    )


#: Where the catalogue finds the person's stored statuses: a function (person id, or a bound
#: parameter that stands for it) -> a SELECT of (course_id, status) rows, which the training
#: feature, keeper of those statuses, registers in `app.extensions` when it is mounted. Without it every status is derived from the lessons read.
STORED_STATUSES = "learnapp.courses.stored_statuses"


@dataclass(frozen=True)
class CatalogueCourse:
    """What a catalogue card shows of a course."""

    id: int
    slug: str
    title: str
    summary: str
    language: str
    minutes: int
    areas: list[CompetenceArea]


@dataclass(frozen=True)
class CatalogueRow:
    course: CatalogueCourse
    status: str  # a learnapp.statuses.Status value
    lessons_read: int
    lessons_total: int


@dataclass(frozen=True)
class CatalogueAreas:
    """The competence areas of the published courses: each course's, and every area one of them
    covers (the catalogue's filter), by position."""

    by_course: dict[int, list[CompetenceArea]]
    in_use: list[CompetenceArea]


# Built once: building them cost as much as running them.
_CATALOGUE_AREAS = (
    select(course_area.c.course_id, CompetenceArea)
    .join(CompetenceArea, CompetenceArea.id == course_area.c.area_id)
    .join(Course, Course.id == course_area.c.course_id)
    .where(Course.published.is_(True))
)


def catalogue_areas() -> CatalogueAreas:
    """The published courses' competence areas, in one statement. A course's areas come in the
    order its relationship loads them (as stored), as when they were loaded with the courses."""
    by_course: dict[int, list[CompetenceArea]] = {}
    for course_id, area in db.session.execute(_CATALOGUE_AREAS):
        by_course.setdefault(course_id, []).append(area)
    in_use = {area.id: area for areas in by_course.values() for area in areas}
    return CatalogueAreas(
        by_course, sorted(in_use.values(), key=lambda area: (area.position, area.id))
    )


@lru_cache(maxsize=8)
def _catalogue_statement(provider: Callable[[Any], Any] | None, filtered: bool) -> Any:
    """The catalogue's statement for the person id `person_id` (and the area `area_code` when
    `filtered`), with or without the stored statuses' provider: built once for each."""
    person_id: Any = bindparam("person_id", type_=Integer)
    read = (
        select(Lesson.course_id, func.count().label("n"))
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(LessonProgress.person_id == person_id, Lesson.active.is_(True))
        .group_by(Lesson.course_id)
        .subquery()
    )
    total = (
        select(Lesson.course_id, func.count().label("n"))
        .where(Lesson.active.is_(True))
        .group_by(Lesson.course_id)
        .subquery()
    )
    card = (Course.id, Course.slug, Course.title, Course.summary, Course.language, Course.minutes)
    if provider is None:
        stmt = select(*card, null(), read.c.n, total.c.n)
    else:
        stored = provider(person_id).subquery()
        stmt = select(*card, stored.c.status, read.c.n, total.c.n).outerjoin(
            stored, stored.c.course_id == Course.id
        )
    stmt = (
        stmt.outerjoin(read, read.c.course_id == Course.id)
        .outerjoin(total, total.c.course_id == Course.id)
        .where(Course.published.is_(True))
        .order_by(in_swedish_order(Course.title), Course.id)
    )
    if filtered:
        stmt = stmt.where(Course.areas.any(CompetenceArea.code == bindparam("area_code")))
    return stmt


def catalogue(
    person: Person, area_code: str | None = None, areas: CatalogueAreas | None = None
) -> list[CatalogueRow]:
    """Published courses (optionally one competence area's) with the person's status, one query
    (and one for the courses' areas unless `areas` are given).

    The status is the stored CourseStatus when the person has one that says more than "not
    assigned"; otherwise it is derived from the lessons read. The courses are read as columns,
    not as Course objects: a card shows six of their twenty-one.
    """
    areas = areas or catalogue_areas()
    stmt = _catalogue_statement(current_app.extensions.get(STORED_STATUSES), bool(area_code))
    params = (
        {"person_id": person.id, "area_code": area_code} if area_code else {"person_id": person.id}
    )
    rows = []
    for (
        course_id,
        slug,
        title,
        summary,
        language,
        minutes,
        stored,
        lessons_read,
        lessons_total,
    ) in db.session.execute(stmt, params):
        course = CatalogueCourse(
            course_id, slug, title, summary, language, minutes, areas.by_course.get(course_id, [])
        )
        rows.append(
            CatalogueRow(
                course=course,
                status=derived_status(stored, lessons_read or 0),
                lessons_read=lessons_read or 0,
                lessons_total=lessons_total or 0,
            )
        )
    return rows


def derived_status(stored: str | None, lessons_read: int) -> str:
    if stored and stored != Status.NOT_ASSIGNED:
        return stored
    return Status.IN_PROGRESS if lessons_read else Status.NOT_STARTED


def read_lesson_ids(person: Person, course: Course) -> set[int]:
    """Ids of the course's lessons the person has opened."""
    return set(
        db.session.scalars(
            select(LessonProgress.lesson_id)
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.person_id == person.id, Lesson.course_id == course.id)
        )
    )


def first_unread(lessons: list[Lesson], read: set[int]) -> Lesson | None:
    return next((lesson for lesson in lessons if lesson.id not in read), None)


def lesson_counts(person: Person, course: Course) -> tuple[int, int]:
    """(active lessons the person has read, active lessons) — for "all lessons read" checks."""
    read = (
        select(func.count())
        .select_from(LessonProgress)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.person_id == person.id,
            Lesson.course_id == course.id,
            Lesson.active.is_(True),
        )
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .select_from(Lesson)
        .where(Lesson.course_id == course.id, Lesson.active.is_(True))
        .scalar_subquery()
    )
    done, count = db.session.execute(select(read, total)).one()
    return int(done), int(count)
