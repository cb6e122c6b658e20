from __future__ import annotations

import pytest

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from tests import factories


def test_login_with_right_password_lands_on_start_page(client, login, org):
    response = login(org.staff)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Välkommen, Lärare Söder" in page


def test_wrong_password_and_unknown_account_get_the_same_message(client, login, org):
    wrong = login(org.staff, "not-the-password")
    unknown = login("nobody@example.org", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    message = "E-postadressen eller lösenordet är fel."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_failed_login_is_written_to_the_audit_log(login, org):
    login(org.staff, "not-the-password")
    event = db.session.scalars(db.select(AuditEvent)).one()
    assert event.action == "auth.login_failed"
    assert event.target_id == org.staff.id


def test_email_is_matched_without_regard_to_case(login, org):
    assert login("STAFF@Example.ORG").status_code == 302


def test_deactivated_person_cannot_sign_in(login, org):
    org.staff.active = False
    db.session.commit()
    assert login(org.staff).status_code == 401


def test_account_is_throttled_after_repeated_failures_even_with_the_right_password(
    app, client, login, org
):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert login(org.staff, "wrong-password").status_code == 401
    response = login(org.staff)
    assert response.status_code == 429
    assert "För många misslyckade försök" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_throttling_does_not_reveal_whether_the_account_exists(app, login, org):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        login("ghost@example.org", "wrong-password")
    assert login("ghost@example.org", "wrong-password").status_code == 429


def test_client_address_is_throttled_across_accounts(app, login, org):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for i in range(3):
        login(f"guess{i}@example.org", "wrong-password")
    assert login(org.other_staff).status_code == 429


def test_a_successful_login_clears_the_account_failures(app, login, org):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit - 1):
        login(org.staff, "wrong-password")
    assert login(org.staff).status_code == 302
    login.logout()
    for _ in range(limit - 1):
        login(org.staff, "wrong-password")
    assert login(org.staff).status_code == 302


@pytest.mark.parametrize("target", ["/org/", "/org/?x=1"])
def test_login_follows_a_local_next(client, org, target):
    response = client.post(
        "/login?next=" + target, data={"email": org.staff.email, "password": factories.PASSWORD}
    )
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "evil"],
)
def test_login_ignores_a_next_that_leaves_the_site(client, org, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": org.staff.email, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_pages_require_sign_in(client, org):
    response = client.get("/org/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_needs_post_and_ends_the_session(client, login, org):
    login(org.staff)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_change_password_requires_the_current_one(client, login, org):
    login(org.staff)
    response = client.post(
        "/password",
        data={"current": "wrong-one", "new": "a-new-password-1", "confirm": "a-new-password-1"},
    )
    assert "Det nuvarande lösenordet är fel." in response.get_data(as_text=True)
    db.session.refresh(org.staff)
    assert org.staff.check_password(factories.PASSWORD)


def test_change_password_rejects_a_short_password(client, login, org):
    login(org.staff)
    response = client.post(
        "/password", data={"current": factories.PASSWORD, "new": "short", "confirm": "short"}
    )
    assert "Lösenordet måste ha minst 10 tecken." in response.get_data(as_text=True)


def test_change_password_ends_other_sessions(app, client, login, org):
    other = app.test_client()
    other.post("/login", data={"email": org.staff.email, "password": factories.PASSWORD})
    assert other.get("/").status_code == 200
    login(org.staff)
    response = client.post(
        "/password",
        data={
            "current": factories.PASSWORD,
            "new": "a-new-password-1",
            "confirm": "a-new-password-1",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # the other one has ended
