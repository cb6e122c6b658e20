"""Language, layout landmarks, security headers and error pages."""

from __future__ import annotations

import re

import pytest

from learnapp import i18n
from learnapp.authoring import services as authoring
from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.routines import services as routines
from tests import factories
from tests.querycount import count_statements


def test_swedish_is_the_default_language(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "<h1>Logga in</h1>" in page


def test_language_switch_before_sign_in_lasts_for_the_session(client):
    client.post("/language", data={"lang": "en", "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "<h1>Sign in</h1>" in page


def test_language_choice_is_remembered_on_the_account(app, client, login, org):
    login(org.staff)
    client.post("/language", data={"lang": "en"})
    db.session.refresh(org.staff)
    assert org.staff.language == "en"
    fresh = app.test_client()
    fresh.post("/login", data={"email": org.staff.email, "password": "correct-horse-battery"})
    assert "Welcome, Lärare Söder" in fresh.get("/").get_data(as_text=True)


def test_an_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "xx"})
    assert '<html lang="sv">' in client.get("/login").get_data(as_text=True)


def test_language_switch_does_not_redirect_off_site(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_page_has_skip_link_landmarks_and_one_h1(client, login, org):
    login(org.manager)
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<a class="skip-link" href="#content">', page)
    assert '<main id="content"' in page
    assert "<header" in page and "<footer" in page and "<nav" in page
    assert page.count("<h1") == 1


def test_menu_shows_what_the_roles_may_use(client, login, org):
    login(org.staff)
    staff_menu = client.get("/").get_data(as_text=True)
    assert 'href="/org/"' not in staff_menu
    login.logout()
    login(org.manager)
    assert 'href="/org/"' in client.get("/").get_data(as_text=True)


def test_menu_shows_course_and_routine_editors_their_entries(client, login, org):
    login(org.staff)
    staff_menu = client.get("/tillganglighet").get_data(as_text=True)
    assert 'href="/authoring/"' not in staff_menu and 'href="/routines/manage"' not in staff_menu
    login.logout()
    authoring.add_editor(org.other_staff, org.admin)
    routines.add_editor(org.other_staff, org.school_dept, org.admin)
    db.session.commit()
    login(org.other_staff)
    editor_menu = client.get("/tillganglighet").get_data(as_text=True)
    assert 'href="/authoring/"' in editor_menu and 'href="/routines/manage"' in editor_menu


@pytest.mark.parametrize(
    ("who", "url"),
    # A manager's start page renders a template per panel: the menu is still found once.
    [("staff", "/tillganglighet"), ("manager", "/")],
)
def test_menu_asks_whether_the_person_edits_courses_or_routines_in_one_statement(
    client, login, org, who, url
):
    login(getattr(org, who))
    client.get(url)
    with count_statements() as seen:
        assert client.get(url).status_code == 200
    editors = [s for s in seen if "course_editor" in s or "routine_editor" in s]
    assert len(editors) == 1, str(seen)
    assert "course_editor" in editors[0] and "routine_editor" in editors[0]


def test_a_page_that_commits_does_not_load_the_signed_in_person_again(client, login, org):
    # The lesson page records the view and commits; the response's headers are set after that.
    course = factories.course(slug="grunder", lessons=2)
    db.session.commit()
    login(org.staff)
    client.get("/courses/grunder/lektion-1")
    with count_statements() as seen:
        response = client.get("/courses/grunder/lektion-1")
    assert response.status_code == 200, course
    assert response.headers["Cache-Control"] == "no-store"
    assert not [s for s in seen if s.lstrip().startswith("SELECT person.id")], str(seen)


@pytest.mark.parametrize(
    ("who", "expected", "absent"),
    [
        ("staff", "Ditt konto", "Organisationen"),
        ("manager", "Enheter du är chef för", "Organisationen"),
        ("coordinator", "Organisationen", "Enheter du är chef för"),
        ("admin", "Organisationen", "Enheter du är chef för"),
    ],
)
def test_start_page_fits_the_role(client, login, org, who, expected, absent):
    login(getattr(org, who))
    page = client.get("/").get_data(as_text=True)
    assert expected in page
    assert absent not in page


def test_security_headers_are_set(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_lax(client, org):
    response = client.post(
        "/login", data={"email": org.staff.email, "password": "correct-horse-battery"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_not_found_page_is_friendly_and_translated(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<title>Sidan hittades inte" in page and "<h1>Sidan hittades inte</h1>" in page


def test_an_unexpected_error_shows_a_friendly_page_without_details(fresh_app):
    @fresh_app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = fresh_app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Något gick fel" in page
    assert "secret internals" not in page


def test_accessibility_statement_is_linked_from_every_page(client, login, org):
    pages = ["/login", "/tillganglighet", "/privacy/", "/no-such-page"]
    for url in pages:
        assert 'href="/tillganglighet"' in client.get(url).get_data(as_text=True), url
    login(org.admin)
    for url in ["/", "/training/mine", "/courses/", "/admin/", "/org/", "/routines/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'href="/tillganglighet"' in response.get_data(as_text=True), url
    statement = client.get("/tillganglighet").get_data(as_text=True)
    assert "Tillgänglighetsredogörelse" in statement
    assert "2018:1937" in statement


def test_every_message_has_a_swedish_translation():
    missing = i18n.missing_translations()
    assert missing == {}, "\n".join(f"{v[0]}: {k}" for k, v in missing.items())


def test_no_message_is_translated_two_ways_in_different_catalogues():
    conflicts = i18n.conflicting_translations()
    assert conflicts == {}, "\n".join(f"{k!r}: {v}" for k, v in conflicts.items())


def test_language_chosen_on_the_sign_in_page_is_kept_after_sign_in(client, login, org):
    client.post("/language", data={"lang": "en", "next": "/login"})
    login(org.staff)
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, org.staff.id).language == "en"


def test_the_previous_users_language_is_not_given_to_the_next_one(client, login, org):
    login(org.manager)
    client.post("/language", data={"lang": "en"})
    login.logout()
    login(org.staff)
    db.session.expire_all()
    assert db.session.get(Person, org.staff.id).language == "sv"
