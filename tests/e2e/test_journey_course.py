"""Journey: a staff member finds an assigned course, reads every lesson, fails the quiz, passes it
and opens the certificate to print it — in Swedish, in English, and with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import journeys
from tests.e2e.conftest import NewPage
from tests.e2e.server import ACCOUNTS, DEMO_PASSWORD, LiveServer

ENDPOINTS = ("courses.lesson", "quizzes.start", "quizzes.certificate", "training.mine")

TEXT = {
    "sv": {
        "my_training": "Min utbildning",
        "assigned": "Kurser som du har tilldelats och inte gjort klart",
        "start_course": "Börja kursen",
        "next": "Nästa lektion",
        "last": "Sista lektionen är klar",
        "all_read": "Du har läst alla lektioner.",
        "go_quiz": "Gå till quizet",
        "start_quiz": "Starta quizet",
        "submit": "Skicka in svaren",
        "not_passed": "Inte godkänd",
        "passed": "Godkänd",
        "back_quiz": "Tillbaka till quizet",
        "completed": "Du har genomfört kursen.",
        "certificate": "Visa ditt intyg",
        "certificate_h1": "Intyg",
        "menu": "Huvudmeny",
        "lesson_nav": "Kursens lektioner",
    },
    "en": {
        "my_training": "My training",
        "assigned": "Courses you have been assigned and not finished",
        "start_course": "Start the course",
        "next": "Next lesson",
        "last": "Last lesson done",
        "all_read": "You have read every lesson.",
        "go_quiz": "Go to the quiz",
        "start_quiz": "Start the quiz",
        "submit": "Submit answers",
        "not_passed": "Not passed",
        "passed": "Passed",
        "back_quiz": "Back to the quiz page",
        "completed": "You have completed the course.",
        "certificate": "Show your certificate",
        "certificate_h1": "Certificate",
        "menu": "Main menu",
        "lesson_nav": "Lessons in the course",
    },
}


@pytest.fixture
def key(server: LiveServer) -> list[journeys.KeyedQuestion]:
    journeys.require(server, *ENDPOINTS)
    return journeys.answer_key(server)


def read_the_course(page: Page, t: dict[str, str]) -> str:
    """From the start page to the course's quiz page, reading every lesson; returns the title."""
    page.get_by_role("navigation", name=t["menu"]).get_by_role(
        "link", name=t["my_training"]
    ).click()
    assigned = page.get_by_role("table", name=t["assigned"])
    link = assigned.get_by_role("rowheader").get_by_role("link").first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("link", name=t["start_course"]).click()
    lessons = 0
    while True:
        lessons += 1
        expect(page.locator(".lesson-position")).to_contain_text(str(lessons))
        nav = page.get_by_role("navigation", name=t["lesson_nav"])
        following = nav.get_by_role("link", name=re.compile("^" + t["next"]))
        if following.count() == 0:
            break
        following.click()
    assert lessons >= 2
    nav.get_by_role("link", name=re.compile("^" + t["last"])).click()
    expect(page.get_by_text(t["all_read"])).to_be_visible()
    page.get_by_role("link", name=t["go_quiz"]).click()
    return title


def take_the_quiz(
    page: Page, t: dict[str, str], key: list[journeys.KeyedQuestion], *, right: bool
) -> None:
    page.get_by_role("button", name=t["start_quiz"]).click()
    journeys.answer_with_mouse(page, journeys.desired_choices(page, key, right=right))
    page.get_by_role("button", name=t["submit"]).click()


def fail_then_pass(page: Page, t: dict[str, str], key: list[journeys.KeyedQuestion]) -> None:
    take_the_quiz(page, t, key, right=False)
    summary = page.get_by_role("region", name=re.compile("^(Ditt resultat|Your result)$"))
    expect(summary.locator(".status")).to_have_text(t["not_passed"])
    page.get_by_role("link", name=t["back_quiz"]).click()
    take_the_quiz(page, t, key, right=True)
    expect(summary.locator(".status")).to_have_text(t["passed"])
    expect(summary).to_contain_text(t["completed"])


def open_the_certificate(page: Page, t: dict[str, str], name: str, course: str) -> None:
    page.get_by_role("link", name=t["certificate"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["certificate_h1"])
    certificate = page.locator("article.certificate")
    expect(certificate).to_contain_text(name)
    expect(certificate).to_contain_text(course)
    # The print view: the certificate alone, without the site's header, menu and footer.
    page.emulate_media(media="print")
    expect(certificate).to_be_visible()
    expect(page.get_by_role("navigation", name=t["menu"])).to_be_hidden()
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.emulate_media(media="screen")


def test_a_staff_member_takes_an_assigned_course_to_the_certificate(
    new_page: NewPage, key: list[journeys.KeyedQuestion]
) -> None:
    t = TEXT["sv"]
    page = new_page(ACCOUNTS["staff"])
    course = read_the_course(page, t)
    fail_then_pass(page, t, key)
    open_the_certificate(page, t, "Demo Medarbetare", course)


def test_the_course_journey_works_in_english(
    new_page: NewPage, server: LiveServer, key: list[journeys.KeyedQuestion]
) -> None:
    t = TEXT["en"]
    email = journeys.arrange_person(server, "e2e.english@example.org", "Eva English")
    page = new_page(email)
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    course = read_the_course(page, t)
    fail_then_pass(page, t, key)
    open_the_certificate(page, t, "Eva English", course)


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
