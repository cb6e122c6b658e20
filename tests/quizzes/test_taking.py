"""Taking a quiz in the browser: opening rules, scoring on the server, tampering."""

from __future__ import annotations

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.quizzes.models import Completion, QuizAttempt
from tests.quizzes.conftest import answers_for, start


def test_quiz_is_closed_until_every_lesson_is_read_and_names_those_left(client, login, org, course):
    login(org.staff)
    page = client.get("/quiz/prov/").get_data(as_text=True)
    assert "Lektion 1" in page and "Lektion 2" in page
    assert "/quiz/prov/start" not in page
    assert client.post("/quiz/prov/start").status_code == 302
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_passing_after_reading_every_lesson_completes_the_course(
    client, login, org, course, read_lessons
):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    page = client.get(f"/quiz/attempts/{attempt_id}").get_data(as_text=True)
    assert "<fieldset" in page and "<legend>" in page and "<select" in page
    r = client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id))
    assert r.status_code == 302 and r.headers["Location"].endswith("/result")
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.passed and attempt.score == 1.0 and attempt.max_points == 6
    completion = db.session.scalar(select(Completion))
    assert completion.person_id == org.staff.id and completion.course_version == course.version
    result = client.get(f"/quiz/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Godkänd" in result and f"/quiz/certificates/{completion.id}" in result
