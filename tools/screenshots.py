"""Regenerate the README's screenshots (`make screenshots`): docs/screenshots/*.png.

Starts the same server as the browser tests (tests/e2e/server.py: a fresh database with the demo
data), signs in as each demo account in Debian's Chromium and photographs the main pages. A page
whose feature is not on this branch yet is reported and left out.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Error, Page, sync_playwright  # noqa: E402

from tests.e2e.helpers import sign_in  # noqa: E402
from tests.e2e.server import (  # noqa: E402
    ACCOUNTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    chromium_missing_reason,
    live_server,
)

OUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
MAX_HEIGHT = 1400  # px: the top of a long page is what a reader needs


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=name).click()


def has_menu(page: Page, name: str) -> bool:
    nav = page.get_by_role("navigation", name="Huvudmeny")
    return nav.get_by_role("link", name=name, exact=True).count() > 0


def staff_start(page: Page) -> None:
    page.goto("/")


def staff_lesson(page: Page) -> None:
    """The second lesson of the staff member's first course."""
    menu(page, "Kurser")
    page.locator("main .course-list a").first.click()
    page.get_by_role("link", name="Börja kursen").click()
    page.get_by_role("navigation", name="Kursens lektioner").get_by_role("link").last.click()


def manager_team(page: Page) -> None:
    """The unit's training table when training is there, else the unit's inventory answers."""
    page.goto("/")
    if has_menu(page, "Min enhet"):
        menu(page, "Min enhet")
        page.locator("main table a").first.click()
    else:
        page.locator("main a[href*='/team']").first.click()


def coordinator_overview(page: Page) -> None:
    page.goto("/")
    if has_menu(page, "Utbildningsöversikt"):
        menu(page, "Utbildningsöversikt")


def inventory_results(page: Page) -> None:
    menu(page, "Utbildningsbehov")
    page.get_by_role("link", name="Resultat").first.click()


SHOTS: list[tuple[str, str, Callable[[Page], None]]] = [
    ("staff-start", "staff", staff_start),
    ("staff-lesson", "staff", staff_lesson),
    ("manager-team", "manager", manager_team),
    ("coordinator-overview", "coordinator", coordinator_overview),
    ("inventory-results", "coordinator", inventory_results),
]


def main() -> int:
    reason = chromium_missing_reason()
    if reason:
        print(f"screenshots: {reason}")
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        live_server(Path(tmp)) as server,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, role, go in SHOTS:
            context = browser.new_context(base_url=server.url, viewport=VIEWPORT)
            context.set_default_timeout(5_000)
            page = context.new_page()
            try:
                sign_in(page, ACCOUNTS[role])
                go(page)
                page.wait_for_load_state("networkidle")
            except Error as error:
                print(f"  {name}: left out ({str(error).splitlines()[0]})")
                context.close()
                continue
            height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
            path = OUT / f"{name}.png"
            page.screenshot(
                path=str(path),
                full_page=True,
                clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height},
            )
            print(f"  {path.relative_to(ROOT)}  ({page.url.replace(server.url, '')})")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
