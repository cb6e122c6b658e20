"""Pieces of the course journeys: who takes the course, the quiz's answer key, answering the quiz
with the mouse or with the keyboard alone, and moving focus with Tab while checking it is visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import focus_is_visible
from tests.e2e.server import DEMO_PASSWORD, LiveServer

COURSE = "vbe-grunder"  # the demo's assigned course (flask training demo): four lessons, a quiz
UNIT = "Söderskolan"  # the demo manager's unit


def require(server: LiveServer, *endpoints: str) -> None:
    """Skip the rest of a journey whose feature has not reached this branch yet."""
    missing = [e for e in endpoints if e not in server.app.view_functions]
    if missing:
        pytest.skip(f"{', '.join(missing)} not on main yet")


def arrange_person(server: LiveServer, email: str, name: str, *, due_days: int = 30) -> str:
    """A colleague in the demo manager's unit with the demo course assigned (idempotent)."""
    from sqlalchemy import select

    from learnapp.courses.models import Course
    from learnapp.extensions import db
    from learnapp.org.models import Person, Unit
    from learnapp.org.services import create_person, find_person_by_email
    from learnapp.training import assign

    with server.app.app_context():
        if find_person_by_email(email) is None:
            unit = db.session.scalar(select(Unit).where(Unit.name == UNIT))
            person = create_person(
                name, email, unit=unit, password=DEMO_PASSWORD, job_title="Lärare"
            )
            db.session.flush()
            course = db.session.scalar(select(Course).where(Course.slug == COURSE))
            assert course is not None, f"the course {COURSE} is not loaded"
            assign.assign_people(
                select(Person.id).where(Person.id == person.id),
                course,
                due_on=date.today() + timedelta(days=due_days),
                mandatory=True,
                source="manual",
            )
        db.session.commit()
        db.session.remove()
    return email


def arrange_english_coordinator(
    server: LiveServer, email: str = "e2e.coordinator@example.org"
) -> str:
    """A coordinator whose account is set to English (idempotent)."""
    from learnapp.extensions import db
    from learnapp.org.models import Role
    from learnapp.org.services import create_person, find_person_by_email

    with server.app.app_context():
        if find_person_by_email(email) is None:
            create_person(
                "Chris Coordinator",
                email,
                password=DEMO_PASSWORD,
                roles={Role.COORDINATOR},
                language="en",
            )
        db.session.commit()
        db.session.remove()
    return email


# --- the quiz's answer key, from the question bank the server uses ----------------------------


def _norm(text: str) -> str:
    """Letters and digits only: the page renders Markdown and escapes that the bank keeps."""
    return re.sub(r"\W+", "", text.casefold())


@dataclass(frozen=True)
class KeyedQuestion:
    text: str
    type: str
    answers: list[tuple[str, float]]  # (answer text, fraction)


def answer_key(server: LiveServer, slug: str = COURSE) -> list[KeyedQuestion]:
    from sqlalchemy import select

    from learnapp.courses.models import Course
    from learnapp.extensions import db
    from learnapp.quizzes import bank

    with server.app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        questions = [bank.parsed(row) for row in bank.active_questions(course)]
        db.session.remove()
    return [
        KeyedQuestion(
            q.text, str(getattr(q.type, "value", q.type)), [(a.text, a.fraction) for a in q.answers]
        )
        for q in questions
    ]


def _question_for(key: list[KeyedQuestion], shown: str) -> KeyedQuestion:
    wanted = _norm(shown)
    for q in key:
        if _norm(q.text) == wanted or wanted.startswith(_norm(q.text)[:60]):
            return q
    raise AssertionError(f"the quiz shows a question the bank does not have: {shown!r}")


TRUE_LABELS = {"sant", "true"}


def desired_choices(page: Page, key: list[KeyedQuestion], right: bool) -> dict[str, bool]:
    """For every radio and checkbox of the quiz form: whether it should be checked (by its id)."""
    desired: dict[str, bool] = {}
    for block in page.locator("form .question").all():
        shown = block.locator(".question-text").first.inner_text()
        q = _question_for(key, shown)
        for option in block.locator("input[type=radio], input[type=checkbox]").all():
            input_id = option.get_attribute("id") or ""
            label = page.locator(f"label[for='{input_id}']").inner_text().strip()
            if q.type == "truefalse":
                correct = _truefalse_right(q) == (label.casefold() in TRUE_LABELS)
            else:
                fraction = next((f for t, f in q.answers if _norm(t) == _norm(label)), None)
                assert fraction is not None, f"no answer {label!r} in the bank for {q.text!r}"
                correct = fraction > 0
            desired[input_id] = correct if right else not correct
    return desired


def _truefalse_right(q: KeyedQuestion) -> bool:
    """The true/false answer that gives full marks."""
    for text, fraction in q.answers:
        if fraction > 0:
            return text.casefold() in ("true", "t", "sant")
    return False


def answer_with_mouse(page: Page, desired: dict[str, bool]) -> None:
    for input_id, checked in desired.items():
        box = page.locator(f"[id='{input_id}']")
        if checked:
            box.check()
        elif box.get_attribute("type") == "checkbox":
            box.uncheck()


# --- the keyboard ------------------------------------------------------------------------------

FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
    return {tag: el.tagName, id: el.id || '', type: el.type || '', name: el.name || '',
            checked: !!el.checked, text: (el.innerText || el.value || label || '').trim(),
            outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow};
}"""


class FocusLost(AssertionError):
    pass


def focused(page: Page) -> dict[str, Any] | None:
    return page.evaluate(FOCUSED_JS)


def tab_to(
    page: Page, text: str | re.Pattern[str], *, within: str | None = None, limit: int = 250
) -> dict[str, Any]:
    """Press Tab until a link or button whose text matches has focus (inside the element that the
    CSS selector `within` names, when given); every stop on the way must show a visible focus."""
    pattern = re.compile(re.escape(text)) if isinstance(text, str) else text
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None:
            continue
        if not focus_is_visible(now):
            raise FocusLost(f"focus is not visible on {now['tag']} {now['text'][:60]!r}")
        if now["tag"] in ("A", "BUTTON") and pattern.search(now["text"]):
            inside = within is None or page.evaluate(
                "(sel) => !!document.activeElement.closest(sel)", within
            )
            if inside:
                return now
    raise AssertionError(f"Tab never reached {pattern.pattern!r} on {page.url}")


def activate(page: Page, text: str | re.Pattern[str], *, within: str | None = None) -> None:
    """Tab to a link or button and press Enter, as a keyboard user does."""
    tab_to(page, text, within=within)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page: Page, label: str, value: str, *, limit: int = 60) -> None:
    """Tab to the field labelled `label` and type."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now and not focus_is_visible(now):
            raise FocusLost(f"focus is not visible on {now['tag']} {now['text'][:60]!r}")
        if now and now["tag"] in ("INPUT", "TEXTAREA") and now["text"].startswith(label):
            page.keyboard.type(value)
            return
    raise AssertionError(f"Tab never reached the field {label!r}")


def answer_with_keyboard(page: Page, desired: dict[str, bool], submit: str) -> None:
    """Walk the quiz form with Tab; choose radios with the arrow keys and tick boxes with Space;
    then press Enter on the submit button."""
    for _ in range(400):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None:
            continue
        if not focus_is_visible(now):
            raise FocusLost(f"focus is not visible on {now['tag']} {now['text'][:60]!r}")
        if now["type"] == "radio":
            group = [i for i in desired if _same_group(i, now["id"])]
            target = next((i for i in group if desired[i]), None)
            for _step in range(len(group) + 1):
                now = focused(page)
                assert now is not None
                if target is None or now["id"] == target:
                    break
                page.keyboard.press("ArrowDown")
            if target is not None and not focused(page)["checked"]:  # type: ignore[index]
                page.keyboard.press("Space")
        elif now["type"] == "checkbox":
            if desired.get(now["id"], False) != now["checked"]:
                page.keyboard.press("Space")
        elif now["tag"] == "BUTTON" and now["text"] == submit:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError("Tab never reached the submit button")


def _same_group(input_id: str, other: str) -> bool:
    return input_id.rsplit("-", 1)[0] == other.rsplit("-", 1)[0]
