"""Signal receivers: other features' events keep the stored statuses up to date. They flush only."""

from __future__ import annotations

from typing import Any

from learnapp import signals
from learnapp.training import assign, status


@signals.lesson_viewed.connect
def on_lesson_viewed(
    sender: Any, person: Any, lesson: Any, first_time: bool = True, **_: Any
) -> None:
    if first_time:
        status.record_lesson(person, lesson.course_id)


@signals.quiz_submitted.connect
def on_quiz_submitted(sender: Any, person: Any, course: Any, attempt: Any, **_: Any) -> None:
    status.record_attempt(person, course.id, attempt.score)


@signals.course_completed.connect
def on_course_completed(sender: Any, person: Any, course: Any, completion: Any, **_: Any) -> None:
    status.record_completion(
        person, course.id, completion.completed_at, completion.expires_at, completion.score
    )


@signals.course_synced.connect
def on_course_synced(sender: Any, course: Any, **_: Any) -> None:
    status.update_lesson_counts(course.id)


@signals.person_changed.connect
def on_person_changed(sender: Any, person: Any, **_: Any) -> None:
    assign.person_changed(person)


@signals.people_changed.connect
def on_people_changed(
    sender: Any,
    created: Any = (),
    changed: Any = (),
    deactivated: Any = (),
    **_: Any,
) -> None:
    assign.people_changed({*created, *changed, *deactivated})
