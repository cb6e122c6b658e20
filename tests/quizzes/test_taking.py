"""Taking a quiz in the browser: opening rules, scoring on the server, tampering."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from learnapp import signals
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.gift.parse import load_gift
from learnapp.quizzes import services
from learnapp.quizzes.attempts import shown_questions
from learnapp.quizzes.bank import active_questions, store_questions
from learnapp.quizzes.models import Completion, QuizAttempt
from tests import factories
from tests.querycount import count_statements
from tests.quizzes.conftest import QUIZ, answers_for, right_response, start
from tests.quizzes.test_cli import QUIZ_FILES


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


def test_the_result_and_the_start_page_read_no_competence_areas(
    client, login, org, course, read_lessons
):
    # The attempt comes with its course in one statement; the completions list with theirs.
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id))
    for url in (f"/quiz/attempts/{attempt_id}/result", "/"):
        client.get(url)
        with count_statements() as seen:
            assert client.get(url).status_code == 200
        assert not [s for s in seen if "course_area" in s], f"{url}:\n{seen}"
        if url.endswith("/result"):
            assert not [s for s in seen if s.lstrip().startswith("SELECT course.")], str(seen)


def test_failing_once_then_passing_the_second_time_completes(
    client, login, org, course, read_lessons
):
    read_lessons(org.staff, course)
    login(org.staff)
    first = start(client)
    client.post(f"/quiz/attempts/{first}", data=answers_for(first, right=False))
    result = client.get(f"/quiz/attempts/{first}/result").get_data(as_text=True)
    assert "Inte godkänd" in result and "Rätt svar:" not in result
    assert db.session.scalar(select(func.count(Completion.id))) == 0
    second = start(client)
    assert second != first
    client.post(f"/quiz/attempts/{second}", data=answers_for(second))
    page = client.get("/quiz/prov/").get_data(as_text=True)
    assert "Godkänd" in page and "Inte godkänd" in page
    assert db.session.scalar(select(func.count(Completion.id))) == 1


def test_each_attempt_stores_its_own_shuffled_layout(client, login, org, course, read_lessons):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt = db.session.get(QuizAttempt, start(client))
    assert len(attempt.layout) == 6
    for entry in attempt.layout:
        assert sorted(entry["order"]) == sorted(set(entry["order"]))
    assert {entry["question"] for entry in attempt.layout} == {
        q.id for q in active_questions(course)
    }


def test_the_browser_never_sees_the_authors_answer_order(client, login, org, course, read_lessons):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    attempt = db.session.get(QuizAttempt, attempt_id)
    page = client.get(f"/quiz/attempts/{attempt_id}").get_data(as_text=True)
    larm = next(q.id for q in active_questions(course) if q.title == "Larm")
    entry = next(e for e in attempt.layout if e["question"] == larm)
    # The form sends shown positions; the server maps them through the stored layout.
    for value in range(3):
        assert f'name="q{entry["question"]}" value="{value}"' in page
    data = answers_for(attempt_id)
    data[f"q{entry['question']}"] = "0"
    client.post(f"/quiz/attempts/{attempt_id}", data=data)
    db.session.expire_all()
    stored = db.session.get(QuizAttempt, attempt_id).answers[str(entry["question"])]
    assert stored == entry["order"][0]


def test_starting_twice_continues_the_open_attempt(client, login, org, course, read_lessons):
    read_lessons(org.staff, course)
    login(org.staff)
    assert start(client) == start(client)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_missing_answers_are_named_and_nothing_is_scored(client, login, org, course, read_lessons):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    data = answers_for(attempt_id)
    dropped = next(iter(data))
    del data[dropped]
    r = client.post(f"/quiz/attempts/{attempt_id}", data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Svara på alla frågor" in page and f'href="#{dropped.split("-")[0]}"' in page
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.submitted_at is None and attempt.score is None


def test_an_unknown_choice_id_counts_as_no_answer(client, login, org, course, read_lessons):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    attempt = db.session.get(QuizAttempt, attempt_id)
    entry = next(e for e in attempt.layout if e["order"] and "options" not in e)
    data = answers_for(attempt_id)
    data[f"q{entry['question']}"] = "99"
    r = client.post(f"/quiz/attempts/{attempt_id}", data=data)
    assert r.status_code == 400
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt_id).submitted_at is None


def test_a_second_submit_is_not_scored_again(client, login, org, course, read_lessons):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id, right=False))
    r = client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id))
    assert r.status_code == 302 and r.headers["Location"].endswith("/result")
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.passed is False
    assert db.session.scalar(select(func.count(Completion.id))) == 0


def test_a_submit_racing_a_finished_one_is_refused(app, org, course, read_lessons):
    read_lessons(org.staff, course)
    attempt = services.start_attempt(org.staff, course)
    db.session.commit()
    # Another request submitted meanwhile: the row changed, this session's copy is stale.
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id)
        .values(submitted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    assert attempt.submitted_at is None
    with pytest.raises(services.AttemptClosed):
        services.submit_attempt(attempt, org.staff, {})


def test_someone_elses_attempt_is_404(client, login, org, course, read_lessons):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    data = answers_for(attempt_id)
    login.logout()
    login(org.manager)
    assert client.get(f"/quiz/attempts/{attempt_id}").status_code == 404
    assert client.post(f"/quiz/attempts/{attempt_id}", data=data).status_code == 404
    assert client.get(f"/quiz/attempts/{attempt_id}/result").status_code == 404
    assert db.session.get(QuizAttempt, attempt_id).submitted_at is None


def test_an_attempt_on_an_old_course_version_is_not_scored(
    client, login, org, course, read_lessons
):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    data = answers_for(attempt_id)
    course.version = 2
    db.session.commit()
    r = client.post(f"/quiz/attempts/{attempt_id}", data=data)
    assert r.status_code == 302 and r.headers["Location"].endswith("/quiz/prov/")
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt_id).submitted_at is None
    assert start(client) != attempt_id


def test_an_attempt_whose_questions_were_replaced_is_not_scored(
    client, login, org, course, read_lessons
):
    read_lessons(org.staff, course)
    login(org.staff)
    attempt_id = start(client)
    data = answers_for(attempt_id)
    store_questions(course, load_gift("Ny? {T}\n"), source="import", replace=True)
    db.session.commit()
    assert client.post(f"/quiz/attempts/{attempt_id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt_id).submitted_at is None


def test_attempt_limit_closes_the_quiz(client, login, org, read_lessons):
    limited = factories.course("begransad", quiz=QUIZ, max_attempts=1)
    db.session.commit()
    read_lessons(org.staff, limited)
    login(org.staff)
    attempt_id = start(client, "begransad")
    client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id, right=False))
    page = client.get("/quiz/begransad/").get_data(as_text=True)
    assert "Inga försök kvar" in page and "/quiz/begransad/start" not in page
    client.post("/quiz/begransad/start")
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_wait_between_attempts(client, login, org, read_lessons):
    waiting = factories.course("vanta", quiz=QUIZ, attempt_wait_minutes=30)
    db.session.commit()
    read_lessons(org.staff, waiting)
    login(org.staff)
    attempt_id = start(client, "vanta")
    client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id, right=False))
    page = client.get("/quiz/vanta/").get_data(as_text=True)
    assert "Du kan försöka igen från" in page
    client.post("/quiz/vanta/start")
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
    attempt = db.session.get(QuizAttempt, attempt_id)
    attempt.submitted_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert start(client, "vanta") != attempt_id


def test_submitting_sends_quiz_submitted_and_course_completed(app, org, course, read_lessons):
    read_lessons(org.staff, course)
    seen = []
    attempt = services.start_attempt(org.staff, course)
    responses = {str(item.row.id): right_response(item) for item in shown_questions(attempt)}

    def on_quiz(_sender, **kw):
        seen.append(("quiz", kw["attempt"]))

    def on_completed(_sender, **kw):
        seen.append(("completed", kw["completion"]))

    with (
        signals.quiz_submitted.connected_to(on_quiz),
        signals.course_completed.connected_to(on_completed),
    ):
        completion = services.submit_attempt(attempt, org.staff, responses)
    assert seen == [("quiz", attempt), ("completed", completion)]
    assert completion.score == 1.0


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.parent.name)
def test_every_course_quiz_can_be_taken_and_passed_with_the_right_answers(
    client, login, org, read_lessons, path
):
    real = factories.course("riktig", quiz=path.read_text(encoding="utf-8"))
    db.session.commit()
    read_lessons(org.staff, real)
    login(org.staff)
    attempt_id = start(client, "riktig")
    assert client.get(f"/quiz/attempts/{attempt_id}").status_code == 200
    r = client.post(f"/quiz/attempts/{attempt_id}", data=answers_for(attempt_id))
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt_id).score == 1.0


def test_the_attempt_limit_is_counted_again_at_submit(client, login, org, course, read_lessons):
    course.max_attempts = 2
    db.session.commit()
    read_lessons(org.staff, course)
    login(org.staff)
    first = start(client)
    client.post(f"/quiz/attempts/{first}", data=answers_for(first, right=False))
    second = start(client)  # the second of two allowed
    course.max_attempts = 1  # lowered while the attempt is open
    db.session.commit()
    r = client.post(f"/quiz/attempts/{second}", data=answers_for(second))
    assert r.status_code == 302 and r.headers["Location"].endswith("/quiz/prov/")
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, second)
    assert attempt.score is None and attempt.submitted_at is None
    assert attempt.abandoned_at is not None
    assert db.session.scalar(select(func.count(Completion.id))) == 0
    page = client.get("/quiz/prov/").get_data(as_text=True)
    assert "Försöket kan inte rättas" in page
    assert f"/quiz/attempts/{second}" not in page


def test_an_open_attempt_left_by_a_changed_quiz_makes_way_for_a_new_one(
    client, login, org, course, read_lessons
):
    read_lessons(org.staff, course)
    login(org.staff)
    old = start(client)
    course.version = 2
    db.session.commit()
    new = start(client)
    assert new != old
    db.session.expire_all()
    assert db.session.get(QuizAttempt, old).abandoned_at is not None
    r = client.post(f"/quiz/attempts/{old}", data=answers_for(old))
    assert r.status_code == 302 and r.headers["Location"].endswith("/quiz/prov/")
    assert db.session.get(QuizAttempt, old).submitted_at is None


def test_the_quiz_page_lists_every_attempt_without_reading_their_answers(
    client, login, org, course, read_lessons
):
    # A person with many attempts: the page's statements do not grow with them, and what each
    # attempt showed, was sent and scored (JSON) is not read for the list.
    read_lessons(org.staff, course)

    def submitted(n: int) -> None:
        now = utcnow()
        for i in range(n):
            moment = now - timedelta(minutes=10 + i)
            db.session.add(
                QuizAttempt(
                    person_id=org.staff.id,
                    course_id=course.id,
                    course_version=course.version,
                    started_at=moment,
                    submitted_at=moment,
                    score=0.5,
                    passed=False,
                    layout=[],
                    answers={},
                    results={},
                )
            )
        db.session.commit()

    login(org.staff)
    submitted(2)
    client.get("/quiz/prov/")
    with count_statements() as few:
        assert client.get("/quiz/prov/").status_code == 200
    submitted(20)
    with count_statements() as many:
        page = client.get("/quiz/prov/").get_data(as_text=True)
    assert len(many) == len(few), f"{few}\n---\n{many}"
    assert page.count("/result") == 22
    attempts_read = [s for s in many if "FROM quiz_attempt" in s]
    assert attempts_read and not [s for s in attempts_read if "quiz_attempt.answers" in s]
    # The open attempt's layout is still read where it matters: it is continued, not replaced.
    attempt_id = start(client)
    page = client.get("/quiz/prov/").get_data(as_text=True)
    assert f"/quiz/attempts/{attempt_id}" in page and "Fortsätt" in page
    assert start(client) == attempt_id
