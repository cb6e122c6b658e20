"""Fixtures for the quiz pages: a course with a small quiz, reading its lessons, answering."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from learnapp.courses.models import Course, LessonProgress
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.quizzes.attempts import shown_questions
from learnapp.quizzes.bank import parsed
from learnapp.quizzes.models import QuizAttempt
from tests import factories

QUIZ = """$CATEGORY: prov

::Larm::Vilket nummer ringer du vid akut fara? {
=112#Rätt.
~114 14#Nej, det är polisens nummer för annat än akuta ärenden.
~1177#Nej, det är vårdens nummer.
####Vid akut fara ringer du alltid 112.
}

::Signal::En enskild signal är ett bevis på radikalisering. {FALSE#Nej, en signal är inget bevis.#Rätt.}

::Dokumentera::Vad hör hemma i en dokumentation? {
~%50%Vad du såg#Rätt.
~%50%Datum och tid#Rätt.
~%-100%Gissningar#Nej.
}

::Ålder::Vid vilken ålder slutar man vara barn enligt barnkonventionen? {#18}

::Lagar::Para ihop. {
=OSL -> sekretess
=SoL -> orosanmälan
=KL -> likabehandling
}

::Kort::Vilket nummer ringer du vid akut fara? Skriv siffrorna. {=112}
"""


@pytest.fixture
def course(app: Any) -> Course:
    c = factories.course("prov", lessons=2, quiz=QUIZ, validity_months=12, pass_mark=0.8)
    db.session.commit()
    return c


def read_all_lessons(person: Person, course: Course) -> None:
    for lesson in course.lessons:
        db.session.add(LessonProgress(person_id=person.id, lesson_id=lesson.id))
    db.session.commit()


@pytest.fixture
def read_lessons() -> Callable[[Person, Course], None]:
    return read_all_lessons


def answers_for(attempt_id: int, right: bool = True) -> dict[str, Any]:
    """Form data answering every question of the attempt rightly (or wrongly)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt is not None
    data: dict[str, Any] = {}
    for item in shown_questions(attempt):
        question = parsed(item.row)
        answers = question.answers
        if item.type == "multichoice":
            want = [o for o in item.options if (answers[o.index].fraction == 1) == right]
            data[item.name] = want[0].value
        elif item.type == "multiresponse":
            data[item.name] = [
                o.value for o in item.options if (answers[o.index].fraction > 0) == right
            ]
        elif item.type == "truefalse":
            value = answers[0].text if right else answers[1].text
            data[item.name] = value
        elif item.type in ("shortanswer", "numerical"):
            data[item.name] = answers[0].text if right else "999"
        elif item.type == "matching":
            for left in item.items:
                target = answers[left.index].match
                pick = [o for o in item.options if (o.text == target) == right]
                data[item.item_name(left)] = pick[0].value
    return data


def start(client: Any, slug: str = "prov") -> int:
    response = client.post(f"/quiz/{slug}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/quiz/attempts/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def right_response(item: Any) -> Any:
    """The fully right response to a shown question, in the scorer's shape."""
    question = item.question
    if question.type == "multichoice":
        return next(i for i, a in enumerate(question.answers) if a.fraction == 1)
    if question.type == "multiresponse":
        return [i for i, a in enumerate(question.answers) if a.fraction > 0]
    if question.type == "truefalse":
        return question.answers[0].text == "true"
    if question.type == "matching":
        return {str(i): a.match for i, a in enumerate(question.answers) if a.text}
    return question.answers[0].text
