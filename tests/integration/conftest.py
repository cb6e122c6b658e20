"""Fixtures for the cross-feature tests: a course with a quiz, taken through the real services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from learnapp.courses.models import Course
from learnapp.courses.services import record_view
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.quizzes import services as quizzes
from learnapp.quizzes.attempts import ShownQuestion, right_answers, shown_questions
from learnapp.quizzes.models import Completion
from tests import factories
from tests.integration.live import LiveServer, live_server

QUIZ = """::Larm::Vilket nummer ringer du vid akut fara? {=112 ~114 14 ~1177}

::Signal::En enskild signal är ett bevis på radikalisering. {FALSE}
"""


@pytest.fixture
def course(app: Any) -> Course:
    c = factories.course("grunder", lessons=2, quiz=QUIZ, validity_months=12, pass_mark=0.5)
    db.session.commit()
    return c


def right_response(item: ShownQuestion) -> Any:
    """The scorer's shape of the right answer (multiple choice or true/false only)."""
    right = right_answers(item.question)[0]
    if item.type == "truefalse":
        return right.text == "true"
    assert item.type == "multichoice", item.type
    return item.question.answers.index(right)


def take_course(person: Person, course: Course) -> Completion:
    """Read every lesson and pass the quiz through the courses and quizzes services."""
    for lesson in course.lessons:
        record_view(person, lesson)
    attempt = quizzes.start_attempt(person, course)
    responses = {str(item.row.id): right_response(item) for item in shown_questions(attempt)}
    completion = quizzes.submit_attempt(attempt, person, responses)
    assert completion is not None
    db.session.commit()
    return completion


@pytest.fixture
def complete() -> Callable[[Person, Course], Completion]:
    return take_course


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Flows across features commit for real (no per-test rollback; tables emptied afterwards), as
    they would in production: what one request commits, the next one reads from the database."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.commits)


@pytest.fixture
def live(app: Any, database_url: str) -> Iterator[LiveServer]:
    """The app served on the test's database by a real server in threads (every test here commits for
    real, so the server's requests and the test see each other's rows)."""
    with live_server(database_url) as server:
        yield server
