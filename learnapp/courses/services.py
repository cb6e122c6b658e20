"""Courses: sync from the folders, and what a person has read. Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from flask import Flask
from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from learnapp import signals
from learnapp.areas.models import CompetenceArea
from learnapp.areas.services import DEFAULT_AREAS, areas_by_code, seed_default_areas
from learnapp.audit.services import record
from learnapp.courses.loader import (
    QUIZ_FILE,
    ContentError,
    CourseSource,
    LoadResult,
    load_courses,
)
from learnapp.courses.models import Course, CourseVersion, Lesson, LessonProgress
from learnapp.courses.render import COURSE_FILE, LESSON_FILE
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def courses_dir(app: Flask) -> Path:
    """The folder the courses are read from (setting COURSES_DIR, else <project>/courses)."""
    configured = app.config.get("COURSES_DIR")
    return Path(configured) if configured else PROJECT_DIR / "courses"


def uploads_dir(app: Flask, course: Course) -> Path:
    """Where the images uploaded for a course in the browser are kept (random names)."""
    return Path(app.instance_path) / "course-files" / str(course.id)


def url_prefix(app: Flask) -> str:
    """Where the courses blueprint answers, for the links rendered into lessons at sync."""
    root = (app.config.get("APPLICATION_ROOT") or "/").rstrip("/")
    return f"{root}/courses"


@dataclass
class SyncReport:
    errors: list[ContentError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    quizzes: list[str] = field(default_factory=list)  # courses whose quiz was stored
    # Courses edited in the browser that sync left alone: (slug, first browser version).
    edited: list[tuple[str, int]] = field(default_factory=list)
    sources: list[CourseSource] = field(default_factory=list)  # the folders, as checked

    @property
    def ok(self) -> bool:
        return not self.errors


def known_area_codes() -> set[str]:
    """Area codes a course may name: those in the database and the defaults sync seeds."""
    codes = {code for code, _sv, _en in DEFAULT_AREAS}
    try:
        codes.update(db.session.scalars(select(CompetenceArea.code)))
    except SQLAlchemyError:  # a database not migrated yet: --check still works on the files
        db.session.rollback()
    return codes


def check_courses(root: Path, prefix: str = "/courses") -> LoadResult:
    """Read and check every folder, and that no version went down. Writes nothing.

    A course edited in the browser is not compared: sync leaves it alone, or (--force) takes the
    folder as a new version whatever number it gives.
    """
    result = load_courses(root, known_area_codes(), prefix)
    try:
        stored = {
            slug: version
            for slug, version in db.session.execute(
                select(Course.slug, Course.version).where(Course.edited_since_version.is_(None))
            )
        }
    except SQLAlchemyError:
        db.session.rollback()
        stored = {}
    for source in result.courses:
        before = stored.get(source.slug)
        if before is not None and source.version < before:
            result.errors.append(
                ContentError(
                    f"{source.slug}/course.md",
                    source.version_line,
                    f"The version went down from {before} to {source.version}; a version only "
                    "goes up.",
                )
            )
    if result.errors:
        result.courses = []
    return result


def sync_courses(root: Path, prefix: str = "/courses", *, force: bool = False) -> SyncReport:
    """Load every course folder, or nothing at all when any folder has an error.

    A course whose folder has gone is unpublished; its lessons, progress and completions stay.
    A course edited in the browser is left as it is (reported in `edited`); with `force` its
    folder is loaded as a new version and the course is the folder's again.
    """
    result = check_courses(root, prefix)
    report = SyncReport(errors=list(result.errors), sources=list(result.courses))
    if not result.ok:
        return report
    seed_default_areas()
    areas = areas_by_code()
    existing = {course.slug: course for course in db.session.scalars(select(Course))}
    for source in result.courses:
        course = existing.get(source.slug)
        edited = course is not None and course.edited_since_version is not None
        if edited and not force:
            assert course is not None and course.edited_since_version is not None
            report.edited.append((source.slug, course.edited_since_version))
            continue
        if not edited and course is not None and course.content_hash == source.content_hash:
            report.unchanged.append(source.slug)
            continue
        previous = course.version if course is not None else None
        if course is None:
            course = Course(slug=source.slug)
            db.session.add(course)
            report.created.append(source.slug)
        else:
            report.changed.append(source.slug)
        if edited and course.version >= source.version:
            source.version = course.version + 1
        course.edited_since_version = None
        if apply_source(course, source, areas):
            report.quizzes.append(source.slug)
        record_version(course, folder_files(root / source.slug), source="folder")
        record("course.synced", target=course, version=course.version, previous=previous)
        signals.course_synced.send(course=course, previous_version=previous)
    present = {source.slug for source in result.courses}
    for slug, course in existing.items():
        if course.edited_since_version is not None:
            continue  # a course made or edited in the browser has no folder to lose
        if slug not in present and course.published:
            course.published = False
            course.content_hash = ""  # the folder coming back loads it again
            db.session.flush()
            report.unpublished.append(slug)
            record("course.unpublished", target=course, reason="folder removed")
            signals.course_synced.send(course=course, previous_version=course.version)
    return report


def folder_files(folder: Path) -> dict[str, str]:
    """The text files of a course folder (course.md, the lessons, quiz.gift), by name."""
    files: dict[str, str] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        name = path.name
        if path.is_file() and (name in (COURSE_FILE, QUIZ_FILE) or LESSON_FILE.match(name)):
            files[name] = path.read_text(encoding="utf-8")
    return files


def record_version(
    course: Course,
    files: dict[str, str],
    *,
    source: str,
    major: bool = True,
    retake: bool = False,
    change_note: str = "",
    actor: Person | None = None,
) -> CourseVersion:
    """Keep the course's current version: its files as they were published (once per number)."""
    version = db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.number == course.version
        )
    )
    if version is None:
        version = CourseVersion(course_id=course.id, number=course.version)
        db.session.add(version)
    version.files = dict(files)
    version.source = source
    version.major = major
    version.retake = retake
    version.change_note = change_note
    version.published_by_id = actor.id if actor is not None else None
    version.published_at = utcnow()
    db.session.flush()
    return version


def apply_source(course: Course, source: CourseSource, areas: dict[str, CompetenceArea]) -> bool:
    """Copy a checked folder onto the course; return whether the quiz was stored."""
    for name in (
        "title", "summary", "version", "language", "minutes", "pass_mark", "validity_months",
        "audience", "max_attempts", "attempt_wait_minutes", "published", "intro_html", "draw",
        "draw_per_category",
    ):  # fmt: skip
        setattr(course, name, getattr(source, name))
    course.areas = [areas[code] for code in source.areas]
    course.content_hash = source.content_hash
    course.synced_at = utcnow()
    db.session.flush()
    _sync_lessons(course, source)
    if source.quiz_hash == course.quiz_hash:
        return False
    signals.course_quiz_loaded.send(course=course, questions=source.questions)
    course.quiz_hash = source.quiz_hash
    db.session.flush()
    return True


def _sync_lessons(course: Course, source: CourseSource) -> None:
    """Upsert lessons by slug; one no longer in the folder is kept inactive (history stays)."""
    stored = {
        lesson.slug: lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
    }
    for item in source.lessons:
        lesson = stored.pop(item.slug, None)
        if lesson is None:
            lesson = Lesson(course_id=course.id, slug=item.slug)
            db.session.add(lesson)
        lesson.position = item.position
        lesson.title = item.title
        lesson.body_html = item.body_html
        lesson.active = True
    for lesson in stored.values():
        lesson.active = False
    db.session.flush()
    db.session.expire(course, ["lessons"])


_VIEW_UPSERTS: dict[str, Any] = {}


def _view_upsert(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE of a lesson view, built once per dialect (building and
    keying it for the statement cache took longer than running it)."""
    if dialect not in _VIEW_UPSERTS:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(LessonProgress).values(
            person_id=bindparam("person_id"),
            lesson_id=bindparam("lesson_id"),
            first_viewed_at=bindparam("now"),
            last_viewed_at=bindparam("now"),
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[LessonProgress.person_id, LessonProgress.lesson_id],
            set_={"last_viewed_at": stmt.excluded.last_viewed_at},
        )
        _VIEW_UPSERTS[dialect] = stmt.returning(LessonProgress.first_viewed_at)
    return _VIEW_UPSERTS[dialect]


class LessonRef(Protocol):
    """What recording a view needs of a lesson: a Lesson, or a row of the lesson page."""

    @property
    def id(self) -> int: ...

    @property
    def course_id(self) -> int: ...


def record_view(person: Person, lesson: LessonRef) -> bool:
    """Mark a lesson read by the person (first and last viewed); return whether it is the first time.

    One upsert, however often the lesson is read: a new row holds the first view; an existing one
    only moves its last view. The row's first view equals this moment only when it was just
    inserted. Simultaneous first views cannot fail, and both counting as first is harmless: what
    the first view triggers recounts rather than adds.
    """
    now = utcnow()
    stmt = _view_upsert(db.session.get_bind().dialect.name)
    params = {"person_id": person.id, "lesson_id": lesson.id, "now": now}
    # On the session's connection, as Core: through the session it would take the ORM's bulk-insert
    # path, which costs more than the statement (nothing of it belongs in the identity map).
    first_time = db.session.connection().execute(stmt, params).scalar_one() == now
    signals.lesson_viewed.send(person=person, lesson=lesson, first_time=first_time)
    return first_time
