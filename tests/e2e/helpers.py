"""What the browser tests do again and again: sign in, run axe, measure reflow and focus."""

from __future__ import annotations

import re
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.server import DEMO_PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
REFLOW_TOLERANCE = 2  # px: rounding of sub-pixel borders

_axe = Axe()


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, in whichever language the page shows."""
    page.goto("/login")
    page.get_by_label(re.compile(r"^(E-postadress|E-mail address)")).fill(email)
    page.get_by_label(re.compile(r"^(Lösenord|Password)")).fill(password)
    page.get_by_role("button", name=re.compile(r"^(Logga in|Sign in)$")).click()
    expect(page.get_by_role("button", name=re.compile(r"^(Logga ut|Sign out)$"))).to_be_visible()


@dataclass(frozen=True)
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:5])
        return f"{self.url}: {self.rule} ({self.impact}) {self.help} — {where}"


# What changes when the layout does: at 320 px a wide table scrolls, and must be reachable by keyboard.
NARROW_RULES = {
    "runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]},
    "resultTypes": ["violations"],
}


def axe_violations(
    page: Page, label: str | None = None, options: dict[str, object] | None = None
) -> list[Violation]:
    """The WCAG 2.0/2.1 A and AA violations axe-core finds on the page as it is now."""
    results = _axe.run(page, options=options or AXE_OPTIONS)
    where = label or page.url
    return [
        Violation(
            url=where,
            rule=v["id"],
            impact=v.get("impact") or "",
            help=v.get("help", ""),
            targets=[" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])],
        )
        for v in results.response["violations"]
    ]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it reflows)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("document.documentElement.clientWidth")
    return max(0, int(width) - int(viewport) - REFLOW_TOLERANCE)


def focus_indicator(page: Page) -> dict[str, str] | None:
    """The focused element's outline and box-shadow, or None when nothing has focus."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            return {tag: el.tagName, text: (el.innerText || el.value || '').trim().slice(0, 60),
                    outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
                    boxShadow: s.boxShadow};
        }"""
    )


def focus_is_visible(style: dict[str, str] | None) -> bool:
    if style is None:
        return False
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    return outline or style["boxShadow"] not in ("none", "")
