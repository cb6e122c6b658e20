"""Walk everything one person can reach and record what a WCAG 2.1 AA audit asks about.

One walk per role gathers, for each page: axe-core's violations, whether the page has one h1,
whether it reflows at 320 px and at 200 % zoom, and what the Content-Security-Policy blocked.
Then every form that validates is submitted empty, and the page with its errors is checked too.
The tests in test_accessibility.py assert on the record, so one walk serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page

from tests.e2e.crawl import crawl, kind
from tests.e2e.helpers import NARROW_RULES, Violation, axe_violations, horizontal_overflow

NARROW = {"width": 320, "height": 720}
# 200 % zoom of a 1280 x 800 window: the layout gets half as many CSS pixels.
ZOOMED = {"width": 640, "height": 400}
DESKTOP = {"width": 1280, "height": 800}

# Forms worth submitting empty: those that validate something. A form of buttons only (open,
# close, copy, sign out) would change data, so it is never submitted.
FORMS_JS = """() => Array.from(document.querySelectorAll('main form')).map((f, i) => ({
    index: i,
    method: (f.getAttribute('method') || 'get').toLowerCase(),
    // f.action would be a control named "action" when the form has one
    action: new URL(f.getAttribute('action') || location.href, location.href).href,
    validates: !!f.querySelector('[required], input[type=radio], [aria-required=true]')
        || !!f.querySelector('input[type=text], input[type=email], input[type=password], textarea'),
}))"""
CLEAR_JS = """(i) => {
    const f = document.querySelectorAll('main form')[i];
    f.querySelectorAll('input[type=text], input[type=email], input[type=password], '
        + 'input[type=date], input[type=number], input[type=url], textarea')
        .forEach(el => { el.value = ''; });
    f.querySelectorAll('input[type=radio], input[type=checkbox]')
        .forEach(el => { el.checked = false; });
}"""
FORM_SKIP = ("logout", "language", "delete", "remove", "import", "remind", "send")


@dataclass
class PageRecord:
    url: str
    h1_count: int
    narrow_overflow: int
    zoomed_overflow: int
    zoomed_heading_visible: bool


@dataclass
class Audit:
    role: str
    pages: list[PageRecord] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    csp_errors: list[str] = field(default_factory=list)
    forms_checked: list[str] = field(default_factory=list)
    forms_without_errors: list[str] = field(default_factory=list)


def audit(
    page: Page,
    origin: str,
    role: str,
    start: str = "/",
    max_pages: int = 40,
    known: set[str] | None = None,
) -> Audit:
    record = Audit(role=role)
    page.on(
        "console",
        lambda m: (
            record.csp_errors.append(f"{page.url}: {m.text}")
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    forms: dict[str, tuple[str, int]] = {}
    for visit in crawl(page, origin, start=start, max_pages=max_pages, known=known):
        record.violations += axe_violations(page)
        record.pages.append(_layout(page, visit.url, record))
        for form in page.evaluate(FORMS_JS):
            key = f"{kind(visit.path)} -> {kind(form['action'].replace(origin, ''))}"
            if (
                form["method"] == "post"
                and form["validates"]
                and form["action"].startswith(origin)
                and not any(word in form["action"] for word in FORM_SKIP)
                and key not in forms
            ):
                forms[key] = (visit.url, form["index"])
    for key, (url, index) in forms.items():
        _submit_empty(page, record, key, url, index)
    return record


def _layout(page: Page, url: str, record: Audit) -> PageRecord:
    h1_count = page.locator("h1").count()
    page.set_viewport_size(NARROW)
    narrow = horizontal_overflow(page)
    record.violations += axe_violations(page, f"{url} (320 px)", NARROW_RULES)
    page.set_viewport_size(ZOOMED)
    zoomed = horizontal_overflow(page)
    heading = page.locator("h1").first
    box = heading.bounding_box() if h1_count else None
    heading_visible = bool(box and box["x"] >= 0 and box["x"] + box["width"] <= ZOOMED["width"])
    page.set_viewport_size(DESKTOP)
    return PageRecord(url, h1_count, narrow, zoomed, heading_visible)


def _submit_empty(page: Page, record: Audit, key: str, url: str, index: int) -> None:
    page.goto(url)
    page.evaluate(CLEAR_JS, index)
    form = page.locator("main form").nth(index)
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    label = f"{page.url} (after submitting the empty form {key})"
    record.forms_checked.append(label)
    if page.locator(".error-message, .error-summary, .flash-error").count() == 0:
        record.forms_without_errors.append(label)
        return
    record.violations += axe_violations(page, label)
