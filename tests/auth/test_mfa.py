"""Two-step sign-in: TOTP enrolment with a server-drawn QR code, ten single-use recovery codes,
required for the roles in MFA_REQUIRED_ROLES, optional for others, wrong codes throttled, an
admin's reset audited."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from learnapp.audit.models import AuditEvent
from learnapp.auth.models import AuthSession, MfaCredential
from learnapp.extensions import db
from tests import factories


@pytest.fixture(autouse=True)
def required(app):
    app.config["MFA_REQUIRED_ROLES"] = "admin,coordinator"


def _actions():
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def _enrol(client):
    """Set up two-step sign-in on the enrolment page; return (secret, recovery codes)."""
    page = client.get("/account/two-step").get_data(as_text=True)
    secret = re.search(r'id="mfa-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    response = client.post("/account/two-step", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.get_data(as_text=True))
    return secret, codes


def _next_code(secret):
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_an_admin_must_set_up_two_step_sign_in_at_the_first_sign_in(client, login, org):
    response = login(org.admin)
    assert response.headers["Location"].startswith("/account/two-step")
    assert client.get("/admin/").status_code == 302  # nothing else until it is set up
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "<svg" in page and 'id="mfa-key"' in page
    assert "https://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]  # drawn here
    secret, codes = _enrol(client)
    assert len(codes) == len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    assert "auth.mfa_enrolled" in _actions()
    assert db.session.get(MfaCredential, org.admin.id).secret == secret


def test_the_next_sign_in_asks_for_a_code_and_refuses_a_wrong_or_reused_one(client, login, org):
    login(org.coordinator)
    secret, _codes = _enrol(client)
    login.logout()
    assert login(org.coordinator).headers["Location"].startswith("/login/code")
    assert client.get("/training/overview").status_code == 302
    assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    code = _next_code(secret)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get("/training/overview").status_code == 200
    login.logout()
    login(org.coordinator)
    assert client.post("/login/code", data={"code": code}).status_code == 401  # used already


def test_a_recovery_code_works_once(client, login, org):
    login(org.admin)
    _secret, codes = _enrol(client)
    login.logout()
    login(org.admin)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 302
    assert "auth.recovery_code_used" in _actions()
    login.logout()
    login(org.admin)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 401


def test_wrong_codes_count_towards_the_throttle(app, client, login, org):
    login(org.admin)
    secret, _codes = _enrol(client)
    login.logout()
    login(org.admin)
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        client.post("/login/code", data={"code": "123456"})
    response = client.post("/login/code", data={"code": _next_code(secret)})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_the_password_alone_cannot_set_up_a_new_second_factor(client, login, org):
    login(org.admin)
    _enrol(client)
    login.logout()
    login(org.admin)
    response = client.get("/account/two-step")
    assert response.headers["Location"].startswith("/login/code")


def test_staff_are_not_asked_but_may_turn_it_on(client, login, org):
    assert login(org.staff).headers["Location"] == "/"
    assert "Ställ in tvåstegsinloggning" in client.get("/account").get_data(as_text=True)
    secret, _codes = _enrol(client)
    login.logout()
    assert login(org.staff).headers["Location"].startswith("/login/code")
    assert client.post("/login/code", data={"code": _next_code(secret)}).status_code == 302


def test_an_admin_resets_a_persons_two_step_sign_in(app, client, login, org):
    app.config["MFA_REQUIRED_ROLES"] = "coordinator"
    coordinator = app.test_client()
    coordinator.post(
        "/login", data={"email": org.coordinator.email, "password": factories.PASSWORD}
    )
    _enrol(coordinator)
    login(org.admin)
    response = client.post(f"/account/people/{org.coordinator.id}/two-step/reset")
    assert response.headers["Location"] == f"/admin/people/{org.coordinator.id}"
    assert db.session.get(MfaCredential, org.coordinator.id) is None
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "auth.mfa_reset")
    ).one()
    assert event.actor_id == org.admin.id and event.target_id == org.coordinator.id
    rows = db.session.scalars(
        db.select(AuthSession).where(AuthSession.person_id == org.coordinator.id)
    ).all()
    assert all(r.revoked_at is not None for r in rows)
    assert coordinator.get("/").status_code == 302


def test_only_an_admin_may_reset(client, login, org):
    login(org.staff)
    assert client.post(f"/account/people/{org.admin.id}/two-step/reset").status_code == 403
