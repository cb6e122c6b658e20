"""Certificates (owner and scope only) and the public verification page (no names)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import login_user

from learnapp import slots
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.quizzes import services
from learnapp.quizzes.models import Completion


@pytest.fixture
def completion(org, course):
    c = Completion(
        person_id=org.staff.id,
        course_id=course.id,
        course_version=2,
        completed_at=utcnow() - timedelta(days=10),
        expires_at=utcnow() + timedelta(days=355),
        score=0.9,
        code=services.new_code(),
    )
    db.session.add(c)
    db.session.commit()
    return c


def test_owner_sees_a_printable_certificate(client, login, org, completion):
    login(org.staff)
    r = client.get(f"/quiz/certificates/{completion.id}")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert org.staff.name in page and "Kurs" in page and "Kursversion" in page
    assert services.display_code(completion.code) in page
    assert f"/quiz/verify/{completion.code}" in page
    assert "css/quizzes.css" in page and "css/print.css" in page


@pytest.mark.parametrize("who", ["manager", "coordinator", "admin"])
def test_someone_whose_scope_covers_the_person_sees_it(client, login, org, completion, who):
    login(getattr(org, who))
    assert client.get(f"/quiz/certificates/{completion.id}").status_code == 200


@pytest.mark.parametrize("who", ["other_staff", "social_staff"])
def test_anyone_else_gets_404(client, login, org, completion, who):
    person = getattr(org, who)
    person.set_password("correct-horse-battery")
    db.session.commit()
    login(person)
    assert client.get(f"/quiz/certificates/{completion.id}").status_code == 404


def test_a_manager_of_another_unit_gets_404(client, login, org, completion):
    from tests import factories

    other = factories.person(
        org.norr, email="chef-norr@example.org", password=factories.PASSWORD, manages=[org.norr]
    )
    db.session.commit()
    login(other)
    assert client.get(f"/quiz/certificates/{completion.id}").status_code == 404


def test_verification_shows_valid_course_and_date_without_the_name(client, org, completion):
    r = client.get(f"/quiz/verify/{completion.code}")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Giltig" in page and completion.course.title in page
    assert org.staff.name not in page


def test_verification_of_an_expired_certificate_says_expired(client, org, completion):
    completion.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    page = client.get(f"/quiz/verify/{completion.code}").get_data(as_text=True)
    assert "Har gått ut" in page and org.staff.name not in page


def test_verification_of_an_unknown_code_says_unknown(client, completion):
    page = client.get("/quiz/verify/ABCDABCDABCDABCD").get_data(as_text=True)
    assert "Okänd kod" in page and completion.course.title not in page


def test_the_verify_form_accepts_a_code_as_printed(client, completion):
    typed = services.display_code(completion.code).lower()
    r = client.get("/quiz/verify", query_string={"code": f" {typed} "})
    assert r.status_code == 302 and r.headers["Location"].endswith(
        f"/quiz/verify/{completion.code}"
    )


def test_the_verify_form_with_nonsense_says_unknown(client, completion):
    page = client.get("/quiz/verify", query_string={"code": "<b>x</b>"}).get_data(as_text=True)
    assert "Okänd kod" in page and "<b>x</b>" not in page


def test_the_verify_form_without_a_code_shows_the_error(client):
    page = client.get("/quiz/verify", query_string={"code": ""}).get_data(as_text=True)
    assert "Skriv koden." in page


def test_person_page_lists_their_completions(client, login, org, completion):
    login(org.manager)
    page = client.get(f"/org/people/{org.staff.id}").get_data(as_text=True)
    assert "Genomförda kurser" in page and f"/quiz/certificates/{completion.id}" in page


def test_start_page_shows_your_certificates(client, login, org, completion):
    login(org.staff)
    page = client.get("/").get_data(as_text=True)
    assert "Dina intyg" in page and f"/quiz/certificates/{completion.id}" in page


def test_course_panel_tells_what_is_left_then_offers_the_quiz(app, org, course, read_lessons):
    with app.test_request_context():
        login_user(org.staff)
        (panel,) = slots.render("course", course=course, person=org.staff)
        assert "Lektion 1" in panel and "/quiz/prov/" not in panel
        read_lessons(org.staff, course)
        (panel,) = slots.render("course", course=course, person=org.staff)
        assert "/quiz/prov/" in panel


def test_course_panel_shows_the_completion_and_certificate(app, org, course, completion):
    with app.test_request_context():
        login_user(org.staff)
        (panel,) = slots.render("course", course=course, person=org.staff)
        assert "giltig till" in panel and f"/quiz/certificates/{completion.id}" in panel


def test_a_code_in_another_letter_case_is_found(client, org, course):
    hex_code = "3fa94c0e12ab77d1"  # codes need not come from new_code(), e.g. demo data
    db.session.add(
        Completion(person_id=org.staff.id, course_id=course.id, course_version=1, code=hex_code)
    )
    db.session.commit()
    r = client.get("/quiz/verify", query_string={"code": "3FA9-4C0E-12AB-77D1"})
    assert client.get(r.headers["Location"]).status_code == 200
    assert "Giltig" in client.get(r.headers["Location"]).get_data(as_text=True)


def test_course_page_shows_the_quiz_panel_and_lessons_link_to_the_lesson_pages(
    client, login, org, course
):
    login(org.staff)
    page = client.get("/courses/prov/").get_data(as_text=True)
    assert 'id="panel-quiz"' in page and "Quizet öppnas när du har läst alla lektioner" in page
    assert "/courses/prov/lektion-1" in page


def test_new_codes_use_the_whole_alphabet_and_do_not_repeat() -> None:
    assert len(services.CODE_ALPHABET) == 32  # new_code picks a character with byte % 32
    codes = {services.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == services.CODE_LENGTH for code in codes)
    assert set("".join(codes)) == set(services.CODE_ALPHABET)
