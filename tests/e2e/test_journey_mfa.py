"""Two-step sign-in in the browser: an admin sets it up at the first sign-in (QR code, key,
recovery codes), then signs in with a code. Each of the three pages passes axe."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import axe_violations
from tests.e2e.server import DEMO_PASSWORD, LiveServer

EMAIL = "e2e.mfa.admin@example.org"


@pytest.fixture
def mfa_admin(server: LiveServer) -> Iterator[str]:
    from learnapp.auth import mfa
    from learnapp.extensions import db
    from learnapp.org.models import Role
    from learnapp.org.services import create_person, find_person_by_email

    with server.app.app_context():
        person = find_person_by_email(EMAIL)
        if person is None:
            person = create_person("Alex Admin", EMAIL, password=DEMO_PASSWORD, roles={Role.ADMIN})
            db.session.flush()
        mfa.reset(person)
        db.session.commit()
        db.session.remove()
    server.app.config["MFA_REQUIRED_ROLES"] = "admin"
    yield EMAIL
    server.app.config["MFA_REQUIRED_ROLES"] = ""


def _password_step(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_an_admin_sets_up_two_step_sign_in_and_signs_in_with_a_code(
    page: Page, mfa_admin: str
) -> None:
    _password_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ställ in tvåstegsinloggning")
    expect(page.get_by_role("img", name="QR-kod för kodappen")).to_be_visible()
    assert axe_violations(page) == []
    secret = page.locator("#mfa-key").inner_text().replace(" ", "")
    page.get_by_role("textbox", name="Kod").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Slå på tvåstegsinloggning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina reservkoder")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    page.get_by_role("button", name="Logga ut", exact=True).click()

    _password_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsinloggning")
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Kod").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("textbox", name="Kod").press("Enter")
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))  # the start page
