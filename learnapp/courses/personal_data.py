"""What the courses feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.personal_data import EXPORTED, Section, rows

_EDITOR = "who edited, published or appointed; names no one once anonymised"


def _export(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "course": Course.slug,
            "lesson": Lesson.slug,
            "first_viewed_at": LessonProgress.first_viewed_at,
            "last_viewed_at": LessonProgress.last_viewed_at,
        },
        [
            (Lesson, Lesson.id == LessonProgress.lesson_id),
            (Course, Course.id == Lesson.course_id),
        ],
        LessonProgress.person_id == person_id,
        Course.slug,
        Lesson.position,
    )


# Progress stays on anonymisation: reports count it, and it names no one once the person is
# anonymised.
SECTIONS = (
    Section(
        "lesson_progress",
        order=10,
        claims={
            "lesson_progress.person_id": EXPORTED,
            "course_editor.person_id": "a permission, shown on the course's editors page",
            "course_editor.added_by_id": _EDITOR,
            "course_draft.saved_by_id": _EDITOR,
            "course_version.published_by_id": _EDITOR,
        },
        export=_export,
    ),
)
