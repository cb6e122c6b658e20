"""Single sign-on against a real OpenID Provider (panva's oidc-provider, tests/oidc): the person
signs in through the provider's own login and consent forms; every bad answer ends on a page in
the visitor's language, with nothing written but the audit event."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.auth.models import AuthSession
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person
from tests.oidc.server import Browser, form_of


@pytest.fixture
def browser(client, provider):
    return Browser(client, provider)


def test_a_known_person_signs_in_through_the_providers_forms(browser, client, org):
    response = browser.sign_in("staff-subject")
    assert response.status_code == 200
    assert browser.visited[-1] == "http://learnapp.test/"  # the start page, signed in
    assert client.get("/account").status_code == 200
    db.session.refresh(org.staff)
    assert org.staff.oidc_subject == "staff-subject"
    assert org.staff.last_login_at is not None
    row = db.session.scalars(select(AuthSession)).one()
    assert row.person_id == org.staff.id and row.mfa_passed
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event is not None and event.details["method"] == "oidc"


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _nothing_written(org) -> None:
    assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 0
    for person in (org.staff, org.social_staff, org.admin):
        db.session.refresh(person)
        assert person.oidc_subject is None and person.last_login_at is None


def test_a_person_from_the_hr_file_signs_in_without_any_password(browser, client, org):
    assert org.social_staff.password_hash is None
    browser.sign_in("social-subject")
    assert _signed_in(client)
    db.session.refresh(org.social_staff)
    assert org.social_staff.oidc_subject == "social-subject"


def test_entra_ids_preferred_username_matches_in_any_case_and_its_oid_is_remembered(
    browser, client, org
):
    browser.sign_in("entra-subject")
    assert _signed_in(client)
    db.session.refresh(org.other_staff)
    assert org.other_staff.oidc_subject == "6f1c1b7e-0c8a-4c57-9a55-2f0d1c1e9a01"


def test_a_person_whose_address_changed_is_still_found_by_the_subject(
    app, browser, client, login, org
):
    browser.sign_in("staff-subject")
    login.logout()
    org.staff.email = "lararen.soder@example.org"  # a new address in learnapp; the token's is old
    org.staff.oidc_subject = "staff-subject"
    db.session.commit()
    app.config["OIDC_EMAIL_CLAIMS"] = "upn"  # and the token's address is not even looked at
    Browser(client, browser.provider).sign_in("staff-subject")
    assert _signed_in(client)


def test_the_claims_are_tried_in_the_configured_order(app, browser, client, org):
    app.config["OIDC_EMAIL_CLAIMS"] = "email"  # Entra's account has no `email`
    response = browser.sign_in("entra-subject")
    assert response.status_code == 403
    assert not _signed_in(client)


def test_an_unknown_person_gets_a_page_in_their_language_with_the_contact(
    app, browser, client, org
):
    app.config["ACCOUNT_CONTACT"] = "it-support@kommun.example"
    response = browser.sign_in("stranger-subject")
    assert response.status_code == 403
    assert "Du finns inte i learnapp ännu" in response.text
    assert "mailto:it-support@kommun.example" in response.text
    assert not _signed_in(client)
    assert db.session.scalar(select(Person).where(Person.email == "stranger@example.org")) is None
    client.post("/language", data={"lang": "en"})
    english = Browser(client, browser.provider).sign_in("stranger-subject")
    assert "You are not in learnapp yet" in english.text
    refused = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.sso_refused")
    ).all()
    assert [e.details["reason"] for e in refused] == ["unknown", "unknown"]


def test_an_unknown_person_is_created_in_the_configured_unit_when_allowed(
    app, browser, client, org
):
    app.config.update(OIDC_CREATE_UNKNOWN=True, OIDC_CREATE_UNIT="Norrskolan")
    browser.sign_in("stranger-subject")
    assert _signed_in(client)
    person = db.session.scalar(select(Person).where(Person.email == "stranger@example.org"))
    assert person is not None
    assert person.unit_id == org.norr.id and person.name == "Okänd Person"
    assert person.oidc_subject == "stranger-subject" and person.password_hash is None


def test_a_deactivated_person_is_refused(browser, client, org):
    org.staff.active = False
    db.session.commit()
    response = browser.sign_in("staff-subject")
    assert response.status_code == 403
    assert "Ditt konto är inte aktivt" in response.text
    assert not _signed_in(client)
    _nothing_written(org)


def test_a_forged_state_is_refused_with_a_message(browser, client, org):
    browser.go("/auth/oidc/login")  # a sign-in under way, with its own state
    response = client.get("/auth/oidc/callback?state=forged&code=whatever")
    assert response.status_code == 400
    assert "Inloggningen kunde inte slutföras" in response.text
    assert not _signed_in(client)
    _nothing_written(org)


def test_a_callback_without_state_is_refused_with_a_message(client, provider, org):
    response = client.get("/auth/oidc/callback?code=whatever")
    assert response.status_code == 400
    assert "Inloggningen kunde inte slutföras" in response.text
    _nothing_written(org)


def test_a_replayed_callback_is_refused_in_the_same_and_in_another_browser(
    app, browser, client, login, org
):
    browser.sign_in("staff-subject")
    callback = browser.callback_url()
    login.logout()
    again = client.get(callback.removeprefix("http://learnapp.test"))
    assert again.status_code == 400
    assert not _signed_in(client)
    other = app.test_client()
    elsewhere = other.get(callback.removeprefix("http://learnapp.test"))
    assert elsewhere.status_code == 400
    assert other.get("/account").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 1  # the first


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("expired", "expired_token"),
        ("wrong-signature", "bad_signature"),
        ("wrong-audience", "'aud'"),
        ("wrong-issuer", "'iss'"),
        ("wrong-nonce", "'nonce'"),
    ],
)
def test_a_bad_id_token_is_refused_with_a_message_and_nothing_written(
    browser, client, org, provider, mode, why
):
    provider.set_mode(mode)
    response = browser.sign_in("staff-subject")
    assert response.status_code == 400
    assert "kunde inte kontrolleras" in response.text
    assert not _signed_in(client)
    _nothing_written(org)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.sso_failed"))
    assert event is not None and event.details["reason"] == "token"
    assert why in event.details["detail"]  # refused for that reason, not another


def test_a_provider_that_does_not_answer_gives_a_message(app, client, provider, org):
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    response = client.get("/auth/oidc/login")
    assert response.status_code == 503
    assert "svarar inte just nu" in response.text
    _nothing_written(org)


def test_a_provider_that_stops_answering_before_the_callback_gives_a_message(
    app, browser, client, org
):
    browser.go("/auth/oidc/login")
    login_page = browser.http.get(browser.visited[-1], timeout=10)
    assert "login" in login_page.text
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"
    app.extensions.pop("learnapp.oidc", None)
    # The provider's answer arrives, but the token endpoint cannot be reached.
    response = Browser(client, browser.provider).sign_in("staff-subject")
    assert response.status_code in (400, 503)
    assert not _signed_in(client)


def test_sign_out_also_ends_the_session_at_the_provider(browser, client, org):
    browser.sign_in("staff-subject")
    response = client.post("/logout")
    end_session = response.headers["Location"]
    assert end_session.startswith(browser.provider.issuer + "/session/end")
    assert "id_token_hint=" in end_session
    assert not _signed_in(client)
    confirm = browser.go(end_session)
    action, fields = form_of(confirm.text)
    fields["logout"] = "yes"
    back = browser.go(action if action.startswith("http") else browser.provider.issuer + action,
                      "POST", fields)  # fmt: skip
    assert browser.visited[-1].startswith("http://learnapp.test/login")
    assert back.status_code == 200
    # The provider asks for the login again: its session has ended.
    again = browser.go("/auth/oidc/login")
    assert 'name="login"' in again.text


def test_a_password_sign_in_is_audited_with_its_method(client, login, org):
    login(org.staff)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event is not None and event.details["method"] == "password"


def test_the_sign_in_page_shows_the_single_sign_on_button_first(app, client, provider):
    page = client.get("/login").text
    assert "Logga in med kommunens konto" in page
    assert page.index("/auth/oidc/login") < page.index('name="password"')
    app.config["OIDC_BUTTON_LABEL"] = "Logga in med Mälarstadens konto"
    assert "Logga in med Mälarstadens konto" in client.get("/login").text


def test_without_single_sign_on_there_is_no_button_and_its_addresses_answer_404(client):
    assert "/auth/oidc/login" not in client.get("/login").text
    assert client.get("/auth/oidc/login").status_code == 404
    assert client.get("/auth/oidc/callback?state=x").status_code == 404


def test_with_local_login_off_only_administrators_use_a_password(app, client, login, provider, org):
    app.config["LOCAL_LOGIN"] = False
    response = login(org.staff)
    assert response.status_code == 403
    assert "Logga in med ditt jobbkonto" in response.text
    assert not _signed_in(client)
    db.session.refresh(org.staff)
    assert org.staff.last_login_at is None
    assert login(org.admin).status_code == 302


def test_the_administration_shows_the_redirect_uri_to_register(app, client, login, org):
    app.config["BASE_URL"] = "https://utbildning.example.org"
    login(org.admin)
    page = client.get("/admin/").text
    assert "https://utbildning.example.org/auth/oidc/callback" in page


def test_the_pages_may_send_the_sign_out_on_to_the_provider_and_nowhere_else(client, provider):
    csp = client.get("/login").headers["Content-Security-Policy"]
    assert f"form-action 'self' {provider.issuer};" in csp


def test_without_single_sign_on_forms_may_only_post_to_the_app(client):
    assert "form-action 'self';" in client.get("/login").headers["Content-Security-Policy"]


def test_a_person_from_an_hr_import_signs_in_with_no_password_until_the_import_drops_them(
    browser, client, login, org
):
    from learnapp.admin import hr_import
    from learnapp.admin.people_import import run_import
    from tests.admin.conftest import HEADER, csv_bytes

    keep = ["1", "Lärare Söder", "staff@example.org", "UTB", "Söderskolan", "Lärare"]
    newcomer = ["2", "Nykomling Nilsson", "nykomling@example.org", "UTB", "Söderskolan", "Lärare"]
    report = run_import(
        hr_import.parse(csv_bytes([HEADER, keep, newcomer])), actor=org.admin, apply=True
    )
    assert report.applied
    db.session.commit()
    browser.sign_in("newcomer-subject")
    assert _signed_in(client)
    login.logout()
    report = run_import(
        hr_import.parse(csv_bytes([HEADER, keep])),
        actor=org.admin,
        apply=True,
        deactivate_missing=True,
    )
    assert "nykomling@example.org" in report.deactivated
    db.session.commit()
    refused = Browser(client, browser.provider).sign_in("newcomer-subject")
    assert refused.status_code == 403
    assert not _signed_in(client)


def test_an_administrator_without_a_password_confirms_with_the_single_sign_on(
    app, browser, client, org
):
    org.admin.password_hash = None
    db.session.commit()
    browser.sign_in("admin-subject")
    row = db.session.scalars(select(AuthSession)).one()
    row.authenticated_at = utcnow() - timedelta(hours=13)
    db.session.commit()
    confirm = client.get("/admin/")
    assert confirm.status_code == 302 and "/account/confirm" in confirm.headers["Location"]
    page = client.get(confirm.headers["Location"]).text
    link = re.search(r'href="(/auth/oidc/login\?[^"]*reauth=1[^"]*)"', page)
    assert link, page
    browser.prompts.clear()
    again = browser.sign_in("admin-subject", start=unescape(link.group(1)))
    assert browser.prompts[:1] == ["login"]  # the provider asked for the credentials again
    assert again.status_code == 200
    assert browser.visited[-1] == "http://learnapp.test/admin/"
    assert client.get("/admin/").status_code == 200
