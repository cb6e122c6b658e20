"""An invitation in the browser: the admin's "Skicka inbjudan" on a new person's page, then the
person opens the mailed link, chooses a password and signs in. Each page of ours passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import axe_violations
from tests.e2e.server import ACCOUNTS, LiveServer

EMAIL = "e2e.inbjuden@example.org"
PASSWORD = "ett-langt-losenord-om-varen-17"


def _new_person(server: LiveServer) -> int:
    from learnapp.extensions import db
    from learnapp.org.services import create_person, find_person_by_email

    with server.app.app_context():
        person = find_person_by_email(EMAIL) or create_person("Ines Inbjuden", EMAIL)
        db.session.commit()
        person_id = person.id
        db.session.remove()
    return person_id


def _invitation_link(server: LiveServer) -> str:
    outbox = server.app.extensions.get("learnapp.outbox", [])
    mails = [m for m in outbox if m["To"] == EMAIL]
    assert mails, "no invitation was sent"
    body = mails[-1].get_body(("plain",)).get_content()
    # Written at delivery, after the request: without BASE_URL (the live server has none) the
    # link is the path alone; production requires BASE_URL.
    match = re.search(r"(/invitation/\S+)", body)
    assert match, body
    return match.group(1)


def test_an_invited_person_chooses_a_password_and_signs_in(
    new_page: NewPage, server: LiveServer
) -> None:
    person_id = _new_person(server)
    admin = new_page(ACCOUNTS["admin"])
    admin.goto(f"/admin/people/{person_id}")
    expect(admin.get_by_text("Har aldrig loggat in", exact=True)).to_be_visible()
    admin.get_by_role("button", name="Skicka inbjudan").click()
    expect(admin.get_by_role("status")).to_contain_text(f"En inbjudan har skickats till {EMAIL}")
    assert axe_violations(admin) == []

    page: Page = new_page()
    page.goto(_invitation_link(server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen till learnapp")
    assert axe_violations(page) == []
    page.get_by_label("Nytt lösenord").fill(PASSWORD)
    page.get_by_label("Upprepa det nya lösenordet").fill(PASSWORD)
    page.get_by_role("button", name="Spara mitt lösenord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")


def test_a_used_or_unknown_invitation_link_gets_a_page_that_says_what_to_do(page: Page) -> None:
    page.goto("/invitation/not-a-real-token")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inbjudningslänken fungerar inte längre"
    )
    assert axe_violations(page) == []
