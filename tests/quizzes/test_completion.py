"""Completion: the version and expiry recorded, expiry, re-certification with history kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learnapp import signals
from learnapp.courses.models import Lesson, LessonProgress
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.quizzes import services
from learnapp.quizzes.attempts import shown_questions
from learnapp.quizzes.models import Completion
from tests import factories
from tests.quizzes.conftest import QUIZ, answers_for, start


def pass_quiz(client, slug="prov"):
    attempt_id = start(client, slug)
    r = client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id))
    assert r.status_code == 302
    return attempt_id


def test_completion_records_version_score_expiry_and_a_code(
    client, login, org, course, read_lessons
):
    course.version = 3
    db.session.commit()
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = pass_quiz(client)
    completion = db.session.scalar(select(Completion))
    assert completion.course_version == 3 and completion.score == 1.0
    assert completion.attempt_id == attempt_id
    done = completion.completed_at
    assert completion.expires_at is not None  # twelve months later, to the day
    assert (completion.expires_at.year, completion.expires_at.month) == (done.year + 1, done.month)
    assert completion.expires_at.day == done.day or (done.month, done.day) == (2, 29)
    assert len(completion.code) == services.CODE_LENGTH


def test_a_course_without_validity_never_expires(client, login, org, read_lessons):
    forever = factories.course("alltid", quiz=QUIZ, validity_months=0)
    db.session.commit()
    read_lessons(org.staff, forever)
    login(org.staff)
    pass_quiz(client, "alltid")
    assert db.session.scalar(select(Completion.expires_at)) is None


def test_add_months_keeps_the_day_or_takes_the_months_last():
    jan31 = datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    assert services.add_months(jan31, 1) == datetime(2027, 2, 28, 9, 0, tzinfo=UTC)
    assert services.add_months(jan31, 13) == datetime(2028, 2, 29, 9, 0, tzinfo=UTC)
    assert services.add_months(jan31, 24) == datetime(2029, 1, 31, 9, 0, tzinfo=UTC)


def test_while_the_completion_is_valid_the_quiz_cannot_be_taken_again(
    client, login, org, course, read_lessons
):
    read_lessons(org.staff, course)
    login(org.staff)
    pass_quiz(client)
    page = client.get("/quiz/prov/").get_data(as_text=True)
    assert "giltig till" in page and "/quiz/prov/start" not in page
    client.post("/quiz/prov/start")
    assert len(db.session.scalars(select(Completion)).all()) == 1


def test_after_expiry_the_course_is_taken_again_and_history_is_kept(
    client, login, org, course, read_lessons
):
    read_lessons(org.staff, course)
    login(org.staff)
    pass_quiz(client)
    first = db.session.scalar(select(Completion))
    first.completed_at = utcnow() - timedelta(days=400)
    first.expires_at = utcnow() - timedelta(days=35)
    db.session.commit()
    page = client.get("/quiz/prov/").get_data(as_text=True)
    assert "Har gått ut" in page and "/quiz/prov/start" in page
    pass_quiz(client)
    completions = db.session.scalars(select(Completion).order_by(Completion.completed_at)).all()
    assert len(completions) == 2
    assert completions[0].id == first.id and completions[1].expires_at > utcnow()
    assert completions[0].code != completions[1].code
    status = services.quiz_status(org.staff, course)
    assert status.completion_valid and status.completion.id == completions[1].id


def test_attempt_limit_starts_over_after_an_expired_completion(app, org, read_lessons):
    limited = factories.course("grans", quiz=QUIZ, max_attempts=1)
    db.session.commit()
    read_lessons(org.staff, limited)
    attempt = services.start_attempt(org.staff, limited)
    attempt.started_at = utcnow() - timedelta(days=800)
    attempt.submitted_at = utcnow() - timedelta(days=800)
    attempt.passed = True
    db.session.add(
        Completion(
            person_id=org.staff.id,
            course_id=limited.id,
            course_version=1,
            completed_at=utcnow() - timedelta(days=799),
            expires_at=utcnow() - timedelta(days=70),
            code=services.new_code(),
        )
    )
    db.session.commit()
    status = services.quiz_status(org.staff, limited)
    assert status.expired and status.attempts_used == 0 and status.reason is None


def test_reading_a_lesson_added_after_passing_completes_the_course(app, org, course, read_lessons):
    read_lessons(org.staff, course)
    attempt = services.start_attempt(org.staff, course)
    db.session.commit()
    new = Lesson(course_id=course.id, slug="ny", position=3, title="Ny lektion")
    db.session.add(new)
    db.session.flush()
    from tests.quizzes.test_taking import right_response

    responses = {str(i.row.id): right_response(i) for i in shown_questions(attempt)}
    assert services.submit_attempt(attempt, org.staff, responses) is None
    db.session.add(LessonProgress(person_id=org.staff.id, lesson_id=new.id))
    signals.lesson_viewed.send(person=org.staff, lesson=new, first_time=True)
    completion = db.session.scalar(select(Completion))
    assert completion is not None and completion.attempt_id == attempt.id
