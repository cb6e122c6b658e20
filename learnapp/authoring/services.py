"""Course authoring: who may edit, drafts, publishing a version. Functions flush, never commit.

A draft is the course's folder as text files (see drafts.py). Publishing writes them to a
temporary folder and reads it with the loader that `flask courses sync` uses, so a course edited
in the browser is checked and rendered (and sanitised) exactly like one from `courses/`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import ColumnElement, bindparam, delete, exists, or_, select, update
from sqlalchemy.orm import joinedload

from learnapp import signals
from learnapp.areas.services import areas_by_code, seed_default_areas
from learnapp.audit.services import record
from learnapp.authoring import drafts, images
from learnapp.authoring.drafts import Files
from learnapp.authoring.models import CourseDraft, CourseEditor
from learnapp.courses.loader import MAX_SLUG, SLUG, ContentError, CourseSource, load_course
from learnapp.courses.models import Course, CourseVersion
from learnapp.courses.render import is_image_name
from learnapp.courses.services import (
    apply_source,
    courses_dir,
    folder_files,
    known_area_codes,
    record_version,
    uploads_dir,
    url_prefix,
)
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.gift.write import to_gift
from learnapp.org.models import Person, Role
from learnapp.quizzes.bank import active_questions, parsed
from learnapp.quizzes.models import Completion
from learnapp.swedish import in_swedish_order
from learnapp.training import status
from learnapp.training.models import CourseStatus

COORDINATION = (Role.COORDINATOR, Role.ADMIN)
MAX_BODY = 100_000  # characters of Markdown in one lesson
MAX_NOTE = 500


class AuthoringError(ValueError):
    """A change the draft's state refuses; `code` says which (the view words it)."""

    def __init__(self, code: str, errors: Sequence[ContentError] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.errors = list(errors)


# --- who may edit ------------------------------------------------------------------------------


def is_editor(person: Person) -> bool:
    """Coordinators and administrators, and the people an administrator made course editors.
    Asked once a request (the menu asks `editor_condition`)."""
    if person.has_role(*COORDINATION):
        return True
    if not has_request_context():
        return _listed(person)
    cache = g.setdefault("course_editor", {})
    if person.id not in cache:
        cache[person.id] = _listed(person)
    return bool(cache[person.id])


def editor_condition(person: Person) -> bool | ColumnElement[bool]:
    """For the menu: True for coordinators and administrators, else the SQL condition "listed as a
    course editor", which the menu asks with its other entries' in one statement."""
    if person.has_role(*COORDINATION):
        return True
    return _LISTED


_LISTED = exists().where(CourseEditor.person_id == bindparam("person_id"))


def _listed(person: Person) -> bool:
    return db.session.get(CourseEditor, person.id) is not None


def add_editor(person: Person, actor: Person, *, client_address: str | None = None) -> bool:
    if _listed(person):
        return False
    db.session.add(CourseEditor(person_id=person.id, added_by_id=actor.id))
    db.session.flush()
    record("course_editor.added", actor=actor, target=person, client_address=client_address)
    return True


def remove_editor(person: Person, actor: Person, *, client_address: str | None = None) -> bool:
    removed = db.session.execute(delete(CourseEditor).where(CourseEditor.person_id == person.id))
    if not removed.rowcount:  # type: ignore[attr-defined]
        return False
    record("course_editor.removed", actor=actor, target=person, client_address=client_address)
    return True


def editors() -> list[CourseEditor]:
    return list(
        db.session.scalars(
            select(CourseEditor)
            .options(joinedload(CourseEditor.person))
            .join(Person, Person.id == CourseEditor.person_id)
            .order_by(in_swedish_order(Person.name), Person.id)
        )
    )


# --- drafts ------------------------------------------------------------------------------------


def current_files(course: Course) -> Files:
    """The files of the course as published: its last recorded version, else its folder; the
    quiz as the database holds it (a question bank may have been imported since)."""
    version = db.session.scalar(
        select(CourseVersion)
        .where(CourseVersion.course_id == course.id)
        .order_by(CourseVersion.number.desc())
        .limit(1)
    )
    files = dict(version.files) if version is not None else {}
    if not files:
        files = folder_files(courses_dir(current_app) / course.slug)
    questions = active_questions(course)
    if questions:
        files = drafts.with_quiz(files, to_gift([parsed(row) for row in questions]))
    return files


def draft_of(course: Course) -> CourseDraft:
    """The course's draft, started from the published course the first time it is opened."""
    draft = db.session.get(CourseDraft, course.id)
    if draft is None:
        draft = CourseDraft(
            course_id=course.id, files=current_files(course), revision=1, based_on=course.version
        )
        db.session.add(draft)
        db.session.flush()
    return draft


def save(draft: CourseDraft, files: Files, revision: int, actor: Person) -> bool:
    """Save the draft's files if nobody saved it since `revision` (else `stale`); return whether
    anything changed."""
    if revision != draft.revision:
        raise AuthoringError("stale")
    if files == draft.files:
        return False
    draft.files = dict(files)
    draft.revision += 1
    draft.saved_at = utcnow()
    draft.saved_by_id = actor.id
    db.session.flush()
    return True


def check_slug(slug: str) -> str | None:
    """Why a new course may not have this slug, or None."""
    if not SLUG.match(slug) or len(slug) > MAX_SLUG:
        return "slug_format"
    if db.session.scalar(select(Course.id).where(Course.slug == slug)) is not None:
        return "slug_taken"
    if (courses_dir(current_app) / slug).exists():
        return "slug_taken"
    return None


def _new_course(slug: str, title: str, files: Files, actor: Person, **details: Any) -> Course:
    problem = check_slug(slug)
    if problem:
        raise AuthoringError(problem)
    course = Course(slug=slug, title=title, version=0, published=False)
    db.session.add(course)
    db.session.flush()
    db.session.add(
        CourseDraft(course_id=course.id, files=files, revision=1, based_on=0, saved_by_id=actor.id)
    )
    db.session.flush()
    record("course.created", actor=actor, target=course, slug=slug, **details)
    return course


def starter_files(title: str, area: str) -> Files:
    files = drafts.with_settings(
        {},
        {
            "title": title,
            "version": 1,
            "summary": title,
            "language": "sv",
            "minutes": 15,
            "areas": [area],
            "pass_mark": 0.8,
            "validity_months": 0,
            "audience": "Alla medarbetare",
        },
        "",
    )
    return drafts.with_lesson(files, "inledning", "Inledning", "Skriv lektionens text här.")


def create_course(slug: str, title: str, area: str, actor: Person) -> Course:
    return _new_course(slug, title.strip(), starter_files(title.strip(), area), actor)


def copy_course(original: Course, slug: str, title: str, actor: Person) -> Course:
    """A new, unpublished course with the original's draft (or published files), retitled."""
    existing = db.session.get(CourseDraft, original.id)
    files = dict(existing.files) if existing is not None else current_files(original)
    values, intro = drafts.settings(files)
    values.update({"title": title.strip(), "version": 1})
    values.pop("published", None)
    files = drafts.with_settings(files, values, intro)
    course = _new_course(slug, title.strip(), files, actor, copied_from=original.slug)
    images.copy_all(image_folders(original), course)
    return course


# --- publishing ----------------------------------------------------------------------------


def check_files(
    course: Course, files: Files, extra_images: dict[str, bytes] | None = None
) -> tuple[CourseSource | None, list[ContentError]]:
    """Read the files as the course's folder with the courses loader (nothing written), its
    images (and `extra_images`) beside them."""
    with tempfile.TemporaryDirectory(prefix="learnapp-course-") as tmp:
        folder = Path(tmp) / course.slug
        drafts.write(folder, files)
        for name, content in (extra_images or {}).items():
            (folder / name).write_bytes(content)
        for images in image_folders(course):
            for path in images.iterdir() if images.is_dir() else []:
                if (
                    path.is_file()
                    and is_image_name(path.name)
                    and not (folder / path.name).exists()
                ):
                    shutil.copyfile(path, folder / path.name)
        return load_course(folder, known_area_codes(), url_prefix(current_app))


def image_folders(course: Course) -> list[Path]:
    """Where the course's images are: its folder in courses/, and its uploads."""
    return [courses_dir(current_app) / course.slug, uploads_dir(current_app, course)]


def publish(
    course: Course,
    draft: CourseDraft,
    revision: int,
    actor: Person | None,
    *,
    major: bool,
    retake: bool,
    change_note: str,
    client_address: str | None = None,
    source: str = "browser",
) -> CourseVersion:
    """Publish the draft as the course's next version, or raise (nothing written)."""
    if revision != draft.revision:
        raise AuthoringError("stale")
    change_note = change_note.strip()
    if not change_note:
        raise AuthoringError("note_missing")
    if len(change_note) > MAX_NOTE:
        raise AuthoringError("note_too_long")
    first = course.version == 0
    files = drafts.with_version(draft.files, course.version + 1)
    loaded, errors = check_files(course, files)
    if loaded is None:
        raise AuthoringError("invalid", errors)
    if not first and _same_quiz(course, drafts.quiz(files)):
        course.quiz_hash = loaded.quiz_hash  # the questions stay (open attempts with them)
    seed_default_areas()
    previous = None if first else course.version
    apply_source(course, loaded, areas_by_code())
    if course.edited_since_version is None:
        course.edited_since_version = course.version
    version = record_version(
        course,
        files,
        source=source,
        major=major or first,
        retake=bool(major and retake and not first),
        change_note=change_note,
        actor=actor,
    )
    draft.files = files
    draft.based_on = course.version
    draft.revision += 1
    draft.saved_at = utcnow()
    draft.saved_by_id = actor.id if actor is not None else None
    db.session.flush()
    record(
        "course.published",
        actor=actor,
        target=course,
        client_address=client_address,
        version=course.version,
        major=version.major,
        retake=version.retake,
        change_note=change_note,
    )
    signals.course_synced.send(course=course, previous_version=previous)
    if version.retake:
        ask_to_retake(course, utcnow())
    return version


def title_of(files: Files) -> str:
    title = drafts.settings(files)[0].get("title")
    return title.strip()[:200] if isinstance(title, str) else ""


def _same_quiz(course: Course, text: str) -> bool:
    current = to_gift([parsed(row) for row in active_questions(course)])
    return current.strip() == text.strip()


def ask_to_retake(course: Course, now: datetime) -> None:
    """A major version with retake: completions of earlier versions stay on record but expire
    now, so everyone is asked to take the course again (set-based)."""
    still_valid = or_(Completion.expires_at.is_(None), Completion.expires_at > now)
    db.session.execute(
        update(Completion)
        .where(
            Completion.course_id == course.id,
            Completion.course_version < course.version,
            still_valid,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(CourseStatus)
        .where(
            CourseStatus.course_id == course.id,
            CourseStatus.completed_at.is_not(None),
            or_(CourseStatus.expires_at.is_(None), CourseStatus.expires_at > now),
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    status.recompute(CourseStatus.course_id == course.id, now=now)


def versions(course: Course) -> list[CourseVersion]:
    return list(
        db.session.scalars(
            select(CourseVersion)
            .where(CourseVersion.course_id == course.id)
            .order_by(CourseVersion.number.desc())
        )
    )


def version(course: Course, number: int) -> CourseVersion | None:
    return db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.number == number
        )
    )
