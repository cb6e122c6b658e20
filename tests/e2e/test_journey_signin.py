"""Journeys: signing in and out, and choosing the interface language."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e import journeys
from tests.e2e.conftest import NewPage
from tests.e2e.server import ACCOUNTS, DEMO_PASSWORD


def test_a_wrong_password_is_refused_with_a_message(page: Page) -> None:
    page.goto("/")
    page.get_by_label("E-postadress").fill(ACCOUNTS["manager"])
    page.get_by_label("Lösenord").fill("not-the-password")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_have_text("E-postadressen eller lösenordet är fel.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def test_a_person_signs_in_to_their_start_page_and_out_again(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url("/login?next=%2F")
    page.get_by_label("E-postadress").fill(ACCOUNTS["manager"])
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Demo Chef")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("status")).to_have_text("Du är utloggad.")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def test_the_language_switch_turns_the_sign_in_page_into_english(page: Page) -> None:
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("E-mail address")).to_be_visible()
    expect(page.get_by_role("link", name="Accessibility statement")).to_be_visible()


def test_a_signed_in_person_switches_language_and_the_account_remembers_it(
    new_page: NewPage,
) -> None:
    page = new_page(ACCOUNTS["admin"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Demo Administratör")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Demo Administratör")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()

    # Another browser, without this session, shows the account's language after signing in.
    again = new_page(ACCOUNTS["admin"])
    expect(again.get_by_role("heading", level=1)).to_have_text("Welcome, Demo Administratör")
    again.get_by_role("button", name="På svenska").click()
    expect(again.locator("html")).to_have_attribute("lang", "sv")
    expect(again.get_by_role("heading", level=1)).to_have_text("Välkommen, Demo Administratör")


def test_signing_in_by_keyboard_alone_shows_the_focus_at_every_step(page: Page) -> None:
    page.goto("/login")
    journeys.type_into(page, "E-postadress", ACCOUNTS["manager"])
    journeys.type_into(page, "Lösenord", DEMO_PASSWORD)
    journeys.activate(page, "Logga in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Demo Chef")
