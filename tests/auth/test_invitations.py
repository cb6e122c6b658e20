"""Invitations through a real SMTP server (aiosmtpd): a mail in the person's language with a
one-time link (valid INVITATION_DAYS) to choose a password, or with single sign-on on a link to
the sign-in page; per person from the administration and for the new people of an HR import."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from learnapp.audit.models import AuditEvent
from learnapp.auth.models import PasswordResetToken
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.notifications.invitations import invite
from learnapp.org.models import Person
from tests import factories
from tests.admin.conftest import HEADER, csv_bytes
from tests.admin.test_import_browser import token_of, upload
from tests.notifications.conftest import text

NEW_PASSWORD = "lugnt-vatten-under-isen-42"


@pytest.fixture(autouse=True)
def base_url(app):
    app.config["BASE_URL"] = "https://utbildning.example.org"


def _link(message) -> str:
    match = re.search(r"https://utbildning\.example\.org(/invitation/\S+)", text(message))
    assert match, text(message)
    return match.group(1)


def _invite_from_admin(client, login, org, person):
    login(org.admin)
    response = client.post(f"/admin/people/{person.id}/invite")
    login.logout()
    return response


def test_an_invited_person_gets_a_swedish_mail_whose_link_sets_a_first_password_once(
    client,
    login,
    org,
    smtp,
):
    newcomer = factories.person(org.soder, name="Nora Ny", email="nora@example.org")
    db.session.commit()
    response = _invite_from_admin(client, login, org, newcomer)
    assert response.status_code == 302
    deliver()
    [message] = smtp.to("nora@example.org")
    assert message["Subject"] == "Du är inbjuden till learnapp"
    body = text(message)
    assert "Hej Nora Ny!" in body
    assert "inom 7 dagar" in body
    link = _link(message)
    page = client.get(link)
    assert page.status_code == 200
    assert "Välkommen till learnapp" in page.text and "nora@example.org" in page.text
    done = client.post(link, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert login("nora@example.org", NEW_PASSWORD).status_code == 302
    login.logout()
    again = client.post(link, data={"new": "ett-helt-annat-losen-7", "confirm": "x"})
    assert again.status_code == 404
    assert "Inbjudningslänken fungerar inte längre" in again.text
    assert login("nora@example.org", NEW_PASSWORD).status_code == 302


def test_the_mail_is_in_the_persons_language_and_the_invitation_is_audited(
    client,
    login,
    org,
    smtp,
):
    guest = factories.person(org.norr, name="Grace", email="grace@example.org", language="en")
    db.session.commit()
    _invite_from_admin(client, login, org, guest)
    deliver()
    [message] = smtp.to("grace@example.org")
    assert message["Subject"] == "You are invited to learnapp"
    assert "within 7 days" in text(message)
    db.session.refresh(guest)
    assert guest.invited_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.invited"))
    assert event is not None and event.target_id == guest.id and event.actor_id == org.admin.id


def test_an_invitation_link_expires_after_seven_days(client, login, org, smtp):
    newcomer = factories.person(org.soder, name="Nora Ny", email="nora@example.org")
    db.session.commit()
    _invite_from_admin(client, login, org, newcomer)
    deliver()
    link = _link(smtp.to("nora@example.org")[0])
    row = db.session.scalars(select(PasswordResetToken)).one()
    assert row.purpose == "invitation"
    assert timedelta(days=6, hours=23) < row.expires_at - row.created_at <= timedelta(days=7)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(link, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 404
    db.session.refresh(newcomer)
    assert newcomer.password_hash is None


def test_a_reset_link_is_no_invitation_and_an_invitation_is_no_reset_link(
    client,
    login,
    org,
    smtp,
    outbox,
):
    newcomer = factories.person(org.soder, name="Nora Ny", email="nora@example.org")
    db.session.commit()
    _invite_from_admin(client, login, org, newcomer)
    deliver()
    invitation_token = _link(smtp.to("nora@example.org")[0]).rsplit("/", 1)[1]
    assert client.get(f"/password/reset/{invitation_token}").status_code == 404
    client.post("/password/reset", data={"email": org.staff.email})
    deliver()
    reset = re.search(r"/password/reset/(\S+)", text(smtp.to(org.staff.email)[-1]))
    assert reset
    assert client.get(f"/invitation/{reset.group(1)}").status_code == 404


def test_a_guessable_password_is_refused_with_a_message_and_the_link_still_works(
    client,
    login,
    org,
    smtp,
):
    newcomer = factories.person(org.soder, name="Nora Ny", email="nora@example.org")
    db.session.commit()
    _invite_from_admin(client, login, org, newcomer)
    deliver()
    link = _link(smtp.to("nora@example.org")[0])
    weak = client.post(link, data={"new": "nora@example.org1", "confirm": "nora@example.org1"})
    assert weak.status_code == 422
    assert 'class="error-summary"' in weak.text
    assert client.get(link).status_code == 200


def test_with_single_sign_on_the_mail_points_to_the_sign_in_page_and_no_token_is_made(
    app,
    client,
    login,
    org,
    smtp,
):
    app.config.update(OIDC_ISSUER="https://login.example.org/tenant/v2.0", OIDC_CLIENT_ID="x")
    newcomer = factories.person(org.soder, name="Nora Ny", email="nora@example.org")
    db.session.commit()
    _invite_from_admin(client, login, org, newcomer)
    deliver()
    body = text(smtp.to("nora@example.org")[0])
    assert "https://utbildning.example.org/login" in body
    assert "Logga in med kommunens konto" in body
    assert "/invitation/" not in body
    assert db.session.scalar(select(func.count()).select_from(PasswordResetToken)) == 0


def test_a_deactivated_person_is_not_invited(client, login, org, smtp):
    org.staff.active = False
    db.session.commit()
    login(org.admin)
    response = client.post(f"/admin/people/{org.staff.id}/invite", follow_redirects=True)
    assert "Bara en aktiv person kan bjudas in." in response.text
    deliver()
    assert smtp.messages == []


def test_a_coordinator_cannot_send_invitations(client, login, org):
    login(org.coordinator)
    assert client.post(f"/admin/people/{org.staff.id}/invite").status_code == 403


def test_inviting_many_people_takes_a_fixed_number_of_statements(app, org, outbox):
    for i in range(40):
        factories.person(org.soder, name=f"Person {i}", email=f"p{i}@example.org")
    db.session.commit()
    assert org.admin.id  # loaded before counting
    statements: list[str] = []

    def count(*args, **kwargs):
        if not args[2].startswith(("SAVEPOINT", "RELEASE")):
            statements.append(args[2])

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        sent = invite(select(Person.id).where(Person.email.like("p%@example.org")), actor=org.admin)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sent == 40
    # the outbox, the people's invited_at, the audit log: one statement each
    assert len(statements) == 3, [s[:60] for s in statements]
    db.session.commit()
    deliver()
    assert len({m["To"] for m in outbox}) == 40


def test_the_person_page_shows_the_account_state(client, login, org):
    newcomer = factories.person(org.soder, name="Nora Ny", email="nora@example.org")
    db.session.commit()
    login(org.admin)
    page = client.get(f"/admin/people/{newcomer.id}").text
    assert "Har aldrig loggat in" in page and "Inte inbjuden" in page
    assert "Skicka inbjudan" in page
    client.post(f"/admin/people/{newcomer.id}/invite")
    page = client.get(f"/admin/people/{newcomer.id}").text
    assert "Inte inbjuden" not in page
    assert "Skicka inbjudan igen" in page
    staff_page = client.get(f"/admin/people/{org.staff.id}").text
    assert "Lokalt lösenord" in staff_page


def test_the_sign_in_page_says_whom_to_ask_for_an_account(app, client):
    app.config["ACCOUNT_CONTACT"] = "it-support@kommun.example"
    page = client.get("/login").text
    assert "Inget konto?" in page
    assert 'href="mailto:it-support@kommun.example"' in page


def test_the_import_result_offers_invitations_to_the_new_people_once(
    client,
    login,
    org,
    smtp,
):
    login(org.admin)
    rows = [
        HEADER,
        ["901", "Ida Ny", "ida@example.org", "UTB", "Söderskolan", ""],
        ["902", "Jon Ny", "jon@example.org", "UTB", "Söderskolan", ""],
        ["903", "Kim Ny", "kim@example.org", "UTB", "Söderskolan", ""],
    ]
    checked = upload(client, csv_bytes(rows))
    confirmed = client.post("/admin/import/confirm", data={"token": token_of(checked)})
    job_page = client.get(confirmed.headers["Location"])
    assert "Skicka inbjudningar till de 3 nya personerna" in job_page.text
    action = re.search(r'action="(/admin/import/jobs/\d+/invite)"', job_page.text)
    assert action
    # (Not following the redirect: the test's shared connection would undo a delivery run as
    # the redirect's response closes; `deliver()` below sends.)
    sent = client.post(action.group(1))
    assert sent.status_code == 303
    response = client.get(sent.headers["Location"])
    assert "Inbjudningar har skickats till 3 nya personer." in response.text
    assert "Skicka inbjudningar till" not in response.text
    deliver()
    assert sorted(m["To"] for m in smtp.messages) == [
        "ida@example.org",
        "jon@example.org",
        "kim@example.org",
    ]
    client.post(action.group(1))
    again = client.get(sent.headers["Location"])
    assert "Alla som importen skapade har redan bjudits in." in again.text
    deliver()
    assert len(smtp.messages) == 3


def test_the_people_list_invites_everyone_its_filter_finds_who_never_signed_in(
    client, login, org, smtp
):
    for i in range(3):
        factories.person(org.soder, name=f"Ny Söderbo {i}", email=f"ny{i}@soder.example.org")
    db.session.commit()
    login(org.admin)  # the admin has signed in: not counted
    form = {"action": "invite", "everyone": "1", "q": "soder.example"}
    asked = client.post("/admin/people/bulk", data=form)
    assert "3 personer som aldrig har loggat in?" in asked.text
    deliver()
    assert smtp.messages == []  # nothing before the confirmation
    done = client.post("/admin/people/bulk", data={**form, "confirm": "yes"})
    assert done.status_code == 302
    deliver()
    assert sorted(m["To"] for m in smtp.messages) == [
        "ny0@soder.example.org",
        "ny1@soder.example.org",
        "ny2@soder.example.org",
    ]


def test_only_an_administrator_can_invite_from_the_people_list(client, login, org):
    factories.person(org.soder, name="Ny Söderbo", email="ny@soder.example.org")
    db.session.commit()
    login(org.coordinator)
    forbidden = client.post(
        "/admin/people/bulk", data={"action": "invite", "everyone": "1", "q": "soder.example"}
    )
    assert forbidden.status_code == 403


def test_the_people_lists_bulk_action_invites_the_ticked_who_never_signed_in(
    client, login, org, smtp
):
    login(org.admin)
    ids = [org.social_staff.id, org.admin.id]  # the admin has signed in: not invited
    asked = client.post(
        "/admin/people/bulk", data={"action": "invite", "person": ids, "everyone": "0"}
    )
    assert "Skicka en inbjudan till 1 person som aldrig har loggat in?" in asked.text
    deliver()
    assert smtp.messages == []  # nothing before the confirmation
    done = client.post(
        "/admin/people/bulk",
        data={"action": "invite", "person": ids, "everyone": "0", "confirm": "yes"},
    )
    assert done.status_code == 302
    deliver()
    assert [m["To"] for m in smtp.messages] == [org.social_staff.email]
