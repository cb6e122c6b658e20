"""The people list in the browser: an admin searches, ticks a person, chooses a bulk action, sees
the confirmation page say how many (axe passes on both pages) and confirms; the pages have no
script of their own, the form posts as HTML forms do."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import axe_violations
from tests.e2e.server import LiveServer

EMAIL = "e2e.bulk.person@example.org"
NAME = "Öjvind Bulkström"


@pytest.fixture
def bulk_person(server: LiveServer) -> str:
    from learnapp.extensions import db
    from learnapp.org.services import create_person, find_person_by_email

    with server.app.app_context():
        person = find_person_by_email(EMAIL) or create_person(NAME, EMAIL)
        person.is_key_person = False
        db.session.commit()
        db.session.remove()
    return NAME


def test_an_admin_makes_a_ticked_person_key_person_after_confirming(
    new_page: NewPage, server: LiveServer, bulk_person: str
) -> None:
    page = new_page("admin@example.org")
    page.goto("/admin/people")
    page.get_by_label("Sök på namn, e-post eller anställningsnummer").fill("öjvind")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.get_by_role("link", name=bulk_person)).to_be_visible()
    page.get_by_label(f"Välj {bulk_person}").check()
    page.get_by_label("Vad som ska göras").select_option(label="Gör till nyckelperson")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta: Gör till nyckelperson")
    expect(page.get_by_text("Gör 1 person till nyckelperson?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ja, ändra 1 person").click()
    expect(page.get_by_text("Klart: 1 person ändrades.")).to_be_visible()
    assert axe_violations(page) == []
