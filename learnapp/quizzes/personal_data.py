"""What the quizzes feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from learnapp.courses.models import Course
from learnapp.personal_data import EXPORTED, Section, rows
from learnapp.quizzes.models import Completion, QuizAttempt


def _attempts(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "course": Course.slug,
            "course_version": QuizAttempt.course_version,
            "started_at": QuizAttempt.started_at,
            "submitted_at": QuizAttempt.submitted_at,
            "score": QuizAttempt.score,
            "passed": QuizAttempt.passed,
            "answers": QuizAttempt.answers,
        },
        [(Course, Course.id == QuizAttempt.course_id)],
        QuizAttempt.person_id == person_id,
        QuizAttempt.started_at,
    )


def _completions(person_id: int) -> list[dict[str, object]]:
    return rows(
        {
            "course": Course.slug,
            "course_version": Completion.course_version,
            "completed_at": Completion.completed_at,
            "expires_at": Completion.expires_at,
            "score": Completion.score,
            "certificate_code": Completion.code,
        },
        [(Course, Course.id == Completion.course_id)],
        Completion.person_id == person_id,
        Completion.completed_at,
    )


# Attempts and completions stay on anonymisation: reports count them.
SECTIONS = (
    Section(
        "quiz_attempts", order=20, claims={"quiz_attempt.person_id": EXPORTED}, export=_attempts
    ),
    Section(
        "completions", order=30, claims={"completion.person_id": EXPORTED}, export=_completions
    ),
)
