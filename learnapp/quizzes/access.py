"""Per-object checks for the quiz pages: anything not yours (or out of your scope) is 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learnapp.courses.models import Course
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from learnapp.permissions import current_scope
from learnapp.quizzes.models import Completion, QuizAttempt

COORDINATION = (Role.COORDINATOR, Role.ADMIN)


def get_course_or_404(slug: str) -> Course:
    """A published course; coordinators and admins also reach unpublished ones."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not (course.published or current_user.has_role(*COORDINATION)):
        abort(404)
    return course


def get_own_attempt_or_404(attempt_id: int) -> QuizAttempt:
    """Only the person who started an attempt may see or submit it; its course comes in the same
    statement."""
    attempt = db.session.get(
        QuizAttempt,
        attempt_id,
        options=[joinedload(QuizAttempt.course)],
    )
    if attempt is None or attempt.person_id != current_user.id:
        abort(404)
    return attempt


def get_completion_or_404(completion_id: int) -> tuple[Completion, Person]:
    """A completion of the viewer, or of someone in the viewer's scope."""
    completion = db.session.get(Completion, completion_id)
    if completion is None:
        abort(404)
    person = db.session.get(Person, completion.person_id)
    if person is None or not current_scope().covers_person(person):
        abort(404)
    return completion, person
