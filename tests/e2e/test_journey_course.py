"""Journey: a staff member finds an assigned course, reads every lesson, fails the quiz, passes it
and opens the certificate to print it — in Swedish, in English, and with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import journeys
from tests.e2e.conftest import NewPage
from tests.e2e.course_steps import (
    COURSE_ENDPOINTS,
    TEXT,
    fail_then_pass,
    open_the_certificate,
    read_the_course,
)
from tests.e2e.helpers import Violation
from tests.e2e.server import DEMO_PASSWORD, LiveServer


@pytest.fixture
def key(server: LiveServer) -> list[journeys.KeyedQuestion]:
    journeys.require(server, *COURSE_ENDPOINTS)
    return journeys.answer_key(server)


def test_a_staff_member_takes_an_assigned_course_to_the_certificate(
    new_page: NewPage, server: LiveServer, key: list[journeys.KeyedQuestion]
) -> None:
    t = TEXT["sv"]
    # A colleague of her own: the crawl in test_accessibility reads lessons as the demo staff member.
    page = new_page(journeys.arrange_person(server, "e2e.svensk@example.org", "Alva Lärare"))
    found: list[
        Violation
    ] = []  # axe on the pages the crawl cannot reach: quiz, result, certificate
    course = read_the_course(page, t, found)
    fail_then_pass(page, t, key, found)
    open_the_certificate(page, t, "Alva Lärare", course, found)
    assert found == [], "\n".join(str(v) for v in found)


def test_the_course_journey_works_in_english(
    new_page: NewPage, server: LiveServer, key: list[journeys.KeyedQuestion]
) -> None:
    t = TEXT["en"]
    email = journeys.arrange_person(server, "e2e.english@example.org", "Eva English")
    page = new_page(email)
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    found: list[Violation] = []
    course = read_the_course(page, t, found)
    fail_then_pass(page, t, key, found)
    open_the_certificate(page, t, "Eva English", course, found)
    assert found == [], "\n".join(str(v) for v in found)


def test_the_course_journey_works_with_the_keyboard_alone_and_focus_always_visible(
    new_page: NewPage, server: LiveServer, key: list[journeys.KeyedQuestion]
) -> None:
    t = TEXT["sv"]
    email = journeys.arrange_person(server, "e2e.tangentbord@example.org", "Kim Tangentbord")
    page = new_page()
    page.goto("/login")
    journeys.type_into(page, "E-postadress", email)
    journeys.type_into(page, "Lösenord", DEMO_PASSWORD)
    journeys.activate(page, "Logga in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Kim Tangentbord")

    journeys.activate(page, t["my_training"])
    assigned = page.get_by_role("table", name=t["assigned"])
    course = assigned.get_by_role("rowheader").get_by_role("link").first.inner_text()
    journeys.activate(page, course)
    expect(page.get_by_role("heading", level=1)).to_have_text(course)

    journeys.activate(page, t["start_course"])
    while page.locator("nav.lesson-nav .lesson-nav-next a[href*='/courses/']").count():
        if page.locator(".lesson-nav-next").get_by_text(t["last"]).count():
            break
        journeys.activate(page, re.compile("^" + t["next"]), within="nav.lesson-nav")
    journeys.activate(page, re.compile("^" + t["last"]), within="nav.lesson-nav")
    expect(page.get_by_text(t["all_read"])).to_be_visible()
    journeys.activate(page, t["go_quiz"])

    for right, outcome in ((False, t["not_passed"]), (True, t["passed"])):
        journeys.activate(page, t["start_quiz"])
        desired = journeys.desired_choices(page, key, right=right)
        journeys.answer_with_keyboard(page, desired, t["submit"])
        expect(page.locator(".result-summary .status")).to_have_text(outcome)
        if not right:
            journeys.activate(page, t["back_quiz"])

    journeys.activate(page, t["certificate"])
    expect(page.locator("article.certificate")).to_contain_text("Kim Tangentbord")
    expect(page.locator("article.certificate")).to_contain_text(course)
