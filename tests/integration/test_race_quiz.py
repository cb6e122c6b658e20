"""Two tabs taking the same quiz: one open attempt, scored once, within the course's limits.

Each test makes the requests overlap: a gate holds the commits back until every racing request
has done its reads and writes (see tests/integration/live.py), so the race happens every run.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from learnapp.courses.models import LessonProgress
from learnapp.extensions import db
from learnapp.quizzes.models import QuizAttempt
from tests import factories
from tests.integration.conftest import QUIZ
from tests.integration.live import LiveServer, Reply, at_once, no_error_pages
from tests.quizzes.conftest import answers_for

pytestmark = pytest.mark.commits


@pytest.fixture
def quiz_course(app: Any, org: Any) -> Any:
    course = factories.course("grunder", lessons=2, quiz=QUIZ, pass_mark=0.5, max_attempts=1)
    for lesson in course.lessons:
        db.session.add(LessonProgress(person_id=org.staff.id, lesson_id=lesson.id))
    db.session.commit()
    return course


def _attempt_id(reply: Reply) -> int:
    match = re.search(r"/quiz/attempts/(\d+)$", reply.location)
    assert reply.status == 302 and match, (reply.status, reply.location, reply.text[:1000])
    return int(match.group(1))


def test_two_tabs_starting_the_quiz_at_once_get_one_attempt_scored_once(
    live: LiveServer, org: Any, quiz_course: Any
) -> None:
    tab1 = live.browser(org.staff.email)
    tab2 = tab1  # the same browser: same cookies, two requests
    with live.gate(2):
        first, second = at_once(
            lambda: tab1.post("/quiz/grunder/start"), lambda: tab2.post("/quiz/grunder/start")
        )
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(first, second)
    assert _attempt_id(first) == _attempt_id(second)
    open_attempts = select(func.count(QuizAttempt.id)).where(
        QuizAttempt.person_id == org.staff.id, QuizAttempt.submitted_at.is_(None)
    )
    assert db.session.scalar(open_attempts) == 1
    attempt_id = _attempt_id(first)
    answers = answers_for(attempt_id, right=False)
    with live.gate(2):
        replies = at_once(
            lambda: tab1.post(f"/quiz/attempts/{attempt_id}", answers),
            lambda: tab2.post(f"/quiz/attempts/{attempt_id}", answers),
        )
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(*replies)
    scored = select(func.count(QuizAttempt.id)).where(
        QuizAttempt.person_id == org.staff.id, QuizAttempt.score.is_not(None)
    )
    assert db.session.scalar(scored) == 1
    # The limit of one attempt holds: a third start is refused.
    refused = tab1.post("/quiz/grunder/start")
    assert refused.status == 302 and refused.location.endswith("/quiz/grunder/")
