"""Findings 2 and 3: sign-out ends the session on the server and in the browser; remember-me is
bounded, rotated and revocable; password change, deactivation and "sign out everywhere" end
sessions; privileged pages ask for the password again after 12 hours."""

from __future__ import annotations

from datetime import timedelta

from learnapp.admin.services import set_active
from learnapp.auth.models import AuthSession
from learnapp.db import utcnow
from learnapp.extensions import db
from tests import factories

HOST = "learnapp.test"
SESSION = "learnapp_session"
REMEMBER = "learnapp_remember"


def _sign_in(client, person, remember=False):
    data = {"email": person.email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return response


def _cookie(client, name):
    cookie = client.get_cookie(name, domain=HOST)
    return cookie.value if cookie is not None else None


def _browser_restart(client):
    """A browser that is closed and opened again keeps only its lasting cookies."""
    client.delete_cookie(SESSION, domain=HOST)


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_sign_out_ends_a_remembered_sign_in(client, org):
    _sign_in(client, org.staff, remember=True)
    assert client.post("/logout").status_code == 302
    assert not _signed_in(client)
    _browser_restart(client)
    assert not _signed_in(client)


def test_a_remembered_sign_in_survives_a_browser_restart(client, org):
    _sign_in(client, org.staff, remember=True)
    _browser_restart(client)
    assert _signed_in(client)


def test_a_session_cookie_copied_before_sign_out_no_longer_works(app, client, org):
    _sign_in(client, org.staff)
    copied = _cookie(client, SESSION)
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie(SESSION, copied, domain=HOST)
    assert not _signed_in(thief)


def test_a_remember_cookie_copied_before_sign_out_no_longer_works(app, client, org):
    _sign_in(client, org.staff, remember=True)
    copied = _cookie(client, REMEMBER)
    assert copied
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie(REMEMBER, copied, domain=HOST)
    assert not _signed_in(thief)


def test_the_remember_cookie_is_rotated_on_use_and_the_old_one_refused(app, client, org):
    _sign_in(client, org.staff, remember=True)
    first = _cookie(client, REMEMBER)
    _browser_restart(client)
    assert _signed_in(client)
    second = _cookie(client, REMEMBER)
    assert second and second != first
    replay = app.test_client()
    replay.set_cookie(REMEMBER, first, domain=HOST)
    assert not _signed_in(replay)


def test_remember_me_lasts_at_most_30_days(client, org):
    response = _sign_in(client, org.staff, remember=True)
    set_cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(REMEMBER))
    assert "Max-Age=2592000" in set_cookie
    row = db.session.scalars(db.select(AuthSession)).one()
    assert row.remember_until - row.created_at == timedelta(days=30)
    row.remember_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    _browser_restart(client)
    assert not _signed_in(client)


def test_a_password_change_ends_the_other_remembered_sessions(app, client, org):
    other = app.test_client()
    _sign_in(other, org.staff, remember=True)
    _sign_in(client, org.staff)
    new = "grön-cykel-under-bron-7"
    response = client.post(
        "/password", data={"current": factories.PASSWORD, "new": new, "confirm": new}
    )
    assert response.status_code == 302
    assert _signed_in(client)
    _browser_restart(other)
    assert not _signed_in(other)


def test_deactivation_ends_every_session(app, client, org):
    _sign_in(client, org.staff, remember=True)
    set_active(db.session.get(type(org.staff), org.staff.id), False, org.admin)
    db.session.commit()
    rows = db.session.scalars(db.select(AuthSession)).all()
    assert rows and all(r.revoked_at is not None for r in rows)
    assert not _signed_in(client)


def test_sign_out_everywhere_ends_every_session_of_the_person(app, client, org):
    laptop = app.test_client()
    _sign_in(laptop, org.staff, remember=True)
    _sign_in(client, org.staff)
    colleague = app.test_client()
    _sign_in(colleague, org.other_staff)
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(laptop)
    _browser_restart(laptop)
    assert not _signed_in(laptop)
    assert _signed_in(colleague)


def test_the_account_page_lists_the_active_sessions(app, client, org):
    phone = app.test_client()
    phone.post(
        "/login",
        data={"email": org.staff.email, "password": factories.PASSWORD},
        headers={"User-Agent": "Telefonens webbläsare"},
    )
    _sign_in(client, org.staff)
    ended = app.test_client()
    _sign_in(ended, org.staff)
    ended.post("/logout")
    page = client.get("/account").get_data(as_text=True)
    assert "Telefonens webbläsare" in page
    assert "den här enheten" in page
    assert page.count("<tr>") == 1 + 2  # the head and two open sessions
    assert "Logga ut överallt" in page


def test_privileged_pages_ask_for_the_password_after_12_hours(client, org):
    _sign_in(client, org.admin, remember=True)
    assert client.get("/admin/").status_code == 200
    row = db.session.scalars(db.select(AuthSession)).one()
    row.authenticated_at = utcnow() - timedelta(hours=13)
    db.session.commit()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/confirm?next=/admin/")
    assert client.get("/").status_code == 200  # other pages go on
    wrong = client.post("/account/confirm?next=/admin/", data={"password": "not-it-at-all"})
    assert wrong.status_code == 401
    right = client.post("/account/confirm?next=/admin/", data={"password": factories.PASSWORD})
    assert right.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
