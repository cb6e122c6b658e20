"""WCAG 2.1 AA on every page each role can reach: axe-core, one h1, reflow, zoom, CSP.

The pages are found by following the menus and links (tests/e2e/crawl.py), not listed by hand,
so a page a feature adds is checked as soon as it is linked.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.audit import Audit, audit
from tests.e2e.helpers import sign_in
from tests.e2e.journeys import arrange_english_coordinator
from tests.e2e.server import ACCOUNTS, LiveServer

# "coordinator-en": the coordinator's pages once more in English (own account, own short walk).
ROLES = ["anonymous", "staff", "manager", "coordinator", "admin", "coordinator-en"]
# Enough pages that a crawl that silently stopped at the start page would fail.
AT_LEAST = {
    "anonymous": 3,
    "staff": 3,
    "manager": 5,
    "coordinator": 8,
    "admin": 4,
    "coordinator-en": 8,
}


@pytest.fixture(scope="module")
def known_kinds() -> set[str]:
    """Kinds of page already checked by an earlier role's walk (shared, to keep the walks short)."""
    return set()


@pytest.fixture(scope="module", params=ROLES)
def walk(
    request: pytest.FixtureRequest, browser: Browser, server: LiveServer, known_kinds: set[str]
) -> Iterator[Audit]:
    role = request.param
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    known, max_pages = known_kinds, 40
    if role == "coordinator-en":
        sign_in(page, arrange_english_coordinator(server))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        known, max_pages = set(), 20
    elif role != "anonymous":
        sign_in(page, ACCOUNTS[role])
    try:
        start = "/login" if role == "anonymous" else "/"
        yield audit(page, server.url, role, start=start, max_pages=max_pages, known=known)
    finally:
        context.close()


def _lines(items: list[object]) -> str:
    return "\n".join(str(i) for i in items)


def test_the_crawl_reaches_the_pages_of_the_role(walk: Audit) -> None:
    assert len(walk.pages) >= AT_LEAST[walk.role], _lines([p.url for p in walk.pages])


def test_axe_finds_no_wcag_a_or_aa_violation_on_any_page(walk: Audit) -> None:
    assert walk.violations == [], "\n" + _lines(walk.violations)


def test_every_page_has_exactly_one_h1(walk: Audit) -> None:
    wrong = [f"{p.url}: {p.h1_count}" for p in walk.pages if p.h1_count != 1]
    assert wrong == []


def test_every_page_reflows_at_320_css_pixels(walk: Audit) -> None:
    wide = [f"{p.url}: {p.narrow_overflow}px too wide" for p in walk.pages if p.narrow_overflow]
    assert wide == []


def test_every_page_stays_usable_at_200_percent_zoom(walk: Audit) -> None:
    broken = [
        f"{p.url}: {p.zoomed_overflow}px too wide, heading visible: {p.zoomed_heading_visible}"
        for p in walk.pages
        if p.zoomed_overflow or not p.zoomed_heading_visible
    ]
    assert broken == []


def test_the_content_security_policy_blocks_nothing(walk: Audit) -> None:
    assert walk.csp_errors == []


def test_forms_submitted_empty_show_their_errors(walk: Audit) -> None:
    if walk.role in ("staff", "coordinator", "anonymous"):
        assert walk.forms_checked, "no form with validation was found"
    assert walk.forms_without_errors == []
