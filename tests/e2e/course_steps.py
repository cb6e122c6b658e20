"""The steps of the course journeys, in Swedish and English: reading, the quiz, the certificate."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e import journeys
from tests.e2e.helpers import Violation, axe_violations

COURSE_ENDPOINTS = ("courses.lesson", "quizzes.start", "quizzes.certificate", "training.mine")

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


def check(page: Page, found: list[Violation] | None, step: str) -> None:
    """Run axe on the page as the journey shows it, when the journey collects violations."""
    if found is not None:
        found += axe_violations(page, f"{page.url} ({step})")


def read_the_course(page: Page, t: dict[str, str], found: list[Violation] | None = None) -> str:
    """From the start page to the course's quiz page, reading every lesson; returns the title."""
    page.get_by_role("navigation", name=t["menu"]).get_by_role(
        "link", name=t["my_training"]
    ).click()
    assigned = page.get_by_role("table", name=t["assigned"])
    link = assigned.get_by_role("rowheader").get_by_role("link").first
    title = link.inner_text()
    check(page, found, "my training")
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
    check(page, found, "quiz page")
    return title


def take_the_quiz(
    page: Page,
    t: dict[str, str],
    key: list[journeys.KeyedQuestion],
    *,
    right: bool,
    found: list[Violation] | None = None,
) -> None:
    page.get_by_role("button", name=t["start_quiz"]).click()
    if found is not None:
        # Submitting nothing shows an error for every question; that page is checked too.
        page.get_by_role("button", name=t["submit"]).click()
        expect(page.get_by_role("alert")).to_be_visible()
        check(page, found, "quiz submitted empty")
    journeys.answer_with_mouse(page, journeys.desired_choices(page, key, right=right))
    page.get_by_role("button", name=t["submit"]).click()
    check(page, found, "quiz result")


def fail_then_pass(
    page: Page,
    t: dict[str, str],
    key: list[journeys.KeyedQuestion],
    found: list[Violation] | None = None,
) -> None:
    take_the_quiz(page, t, key, right=False, found=found)
    summary = page.get_by_role("region", name=re.compile("^(Ditt resultat|Your result)$"))
    expect(summary.locator(".status")).to_have_text(t["not_passed"])
    page.get_by_role("link", name=t["back_quiz"]).click()
    take_the_quiz(page, t, key, right=True)
    expect(summary.locator(".status")).to_have_text(t["passed"])
    expect(summary).to_contain_text(t["completed"])
    check(page, found, "quiz passed")


def open_the_certificate(
    page: Page, t: dict[str, str], name: str, course: str, found: list[Violation] | None = None
) -> None:
    page.get_by_role("link", name=t["certificate"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["certificate_h1"])
    check(page, found, "certificate")
    certificate = page.locator("article.certificate")
    expect(certificate).to_contain_text(name)
    expect(certificate).to_contain_text(course)
    # The print view: the certificate alone, without the site's header, menu and footer.
    page.emulate_media(media="print")
    expect(certificate).to_be_visible()
    expect(page.get_by_role("navigation", name=t["menu"])).to_be_hidden()
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.emulate_media(media="screen")
