"""Single sign-on in the browser, against the real OpenID Provider of tests/oidc: a member of
staff presses the button, signs in on the provider's own forms and out again (which ends the
provider's session too); a person learnapp does not know, and a forged answer, each get a page
of ours. Every page of ours on the way passes axe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import axe_violations
from tests.e2e.server import ACCOUNTS, LiveServer
from tests.oidc.server import OpenIdProvider, required, unavailable

CLIENT_ID = "learnapp-e2e"
CLIENT_SECRET = "a-client-secret-for-the-browser-tests"


@pytest.fixture(scope="module")
def sso(server: LiveServer) -> Iterator[OpenIdProvider]:
    reason = unavailable()
    if reason is not None:
        if required():
            pytest.fail(reason)
        pytest.skip(reason)
    provider = OpenIdProvider(
        clients=[
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [server.url + "/auth/oidc/callback"],
                "post_logout_redirect_uris": [server.url + "/login"],
            }
        ],
        accounts={
            "staff-subject": {"email": ACCOUNTS["staff"], "name": "Demo Medarbetare"},
            "stranger-subject": {"email": "okand.person@example.org", "name": "Okänd Person"},
        },
    )
    server.app.config.update(
        OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET
    )
    yield provider
    server.app.config.update(OIDC_ISSUER=None, OIDC_CLIENT_ID=None, OIDC_CLIENT_SECRET=None)
    server.app.extensions.pop("learnapp.oidc", None)
    provider.stop()


def _through_the_provider(page: Page, login: str) -> None:
    """The provider's own forms: its login (any password), then its consent."""
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("the-provider-checks-no-password")
    page.locator('button[type="submit"]').first.click()
    consent = page.locator('form button[type="submit"]').first
    if page.locator('input[name="prompt"][value="consent"]').count():
        consent.click()


def test_a_member_of_staff_signs_in_with_the_work_account_and_out_again(
    page: Page, sso: OpenIdProvider, server: LiveServer
) -> None:
    page.goto("/login")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    expect(page).to_have_url(f"{sso.issuer}/interaction/" + page.url.rsplit("/", 1)[-1])
    _through_the_provider(page, "staff-subject")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    page.get_by_role("button", name="Logga ut").click()
    # The provider asks whether to end its session too; yes, and it sends the browser back.
    page.locator('button[name="logout"][value="yes"]').click()
    expect(page).to_have_url(server.url + "/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def test_a_person_learnapp_does_not_know_gets_a_page_that_says_whom_to_ask(
    page: Page, sso: OpenIdProvider
) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    _through_the_provider(page, "stranger-subject")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du finns inte i learnapp ännu")
    expect(page.get_by_role("link", name="support@example.org")).to_be_visible()
    assert axe_violations(page) == []


def test_a_forged_answer_gets_a_page_that_says_to_start_again(
    page: Page, sso: OpenIdProvider
) -> None:
    page.goto("/auth/oidc/callback?state=forged&code=whatever")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du blev inte inloggad")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tillbaka till inloggningssidan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
