"""A course's question bank in the database: store parsed GIFT questions, read them back."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, update

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.gift.model import Question
from learnapp.gift.parse import load_gift
from learnapp.gift.write import to_gift
from learnapp.quizzes.models import QuizQuestion


def store_questions(
    course: Course, questions: Iterable[Question], *, source: str, replace: bool
) -> list[QuizQuestion]:
    """Add questions to the course's quiz; with `replace`, retire the active ones first.

    Retired questions stay (active=False) so that earlier attempts can still be shown.
    """
    if replace:
        db.session.execute(
            update(QuizQuestion)
            .where(QuizQuestion.course_id == course.id, QuizQuestion.active.is_(True))
            .values(active=False)
        )
        start = 0
    else:
        start = (
            db.session.scalar(
                select(func.max(QuizQuestion.position)).where(
                    QuizQuestion.course_id == course.id, QuizQuestion.active.is_(True)
                )
            )
            or 0
        )
    rows = [
        QuizQuestion(
            course_id=course.id,
            position=start + i,
            type=q.type,
            title=q.title,
            # with its $CATEGORY line, so that an export gives the categories back
            gift=to_gift([q]).strip(),
            source=source,
        )
        for i, q in enumerate(questions, start=1)
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def on_course_quiz_loaded(_sender: Any, course: Course, questions: list[Question]) -> None:
    """A synced course's quiz file changed: its questions become the course's quiz."""
    store_questions(course, questions, source="folder", replace=True)


def active_questions(course: Course) -> list[QuizQuestion]:
    """The course's current quiz, in order."""
    return list(
        db.session.scalars(
            select(QuizQuestion)
            .where(QuizQuestion.course_id == course.id, QuizQuestion.active.is_(True))
            .order_by(QuizQuestion.position)
        )
    )


def parsed(row: QuizQuestion) -> Question:
    """The stored question as the GIFT model (for scoring and display)."""
    return _parsed_gift(row.gift)


# A question's model depends on its GIFT text only and cannot be changed (frozen dataclasses and
# tuples), so each text is parsed once per process: a result page shows every question of the
# attempt, and parsing them took a third of its CPU. Some 2,000 questions fit.
@lru_cache(maxsize=2048)
def _parsed_gift(text: str) -> Question:
    (question,) = load_gift(text)
    return question
