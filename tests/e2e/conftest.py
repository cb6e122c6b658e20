"""Browser tests: the real app on a free port with the demo data, driven through Debian's Chromium.

Without /usr/bin/chromium every test here is skipped for one reason, shown on one line of the
summary. A failing test saves a screenshot of each page it had open to tests/e2e/artifacts/ and
names the file in its report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.e2e import helpers
from tests.e2e.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    chromium_missing_reason,
    live_server,
)

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
# Generous for a loaded 2-core machine; a passing step does not wait for it.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium() -> None:
    # Raised here for every test, so the summary folds the skips into one line with this reason.
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def server(chromium: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("e2e")) as running:
        yield running


@pytest.fixture(scope="session")
def playwright(chromium: None) -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(
    browser: Browser, server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[NewPage]:
    """`new_page(email=None, **context_options)`: a page in its own browser context (own cookies),
    signed in as `email` when given. Every page is kept for the screenshot on failure."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []
    request.node.e2e_pages = pages

    def make(email: str | None = None, **options: object) -> Page:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=server.url, **options)  # type: ignore[arg-type]
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        if email:
            helpers.sign_in(page, email)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    reason = chromium_missing_reason()
    if reason and report.skipped and isinstance(report.longrepr, tuple):
        # One place for every browser test, so the summary shows the reason on one line.
        report.longrepr = ("tests/e2e/conftest.py", 1, f"Skipped: {reason}")
    if report.when == "call" and report.failed:
        for i, page in enumerate(getattr(item, "e2e_pages", [])):
            if page.is_closed():
                continue
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("/")[-1])
            path = ARTIFACTS / f"{name}-{i}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # the page may have crashed; the report matters more
                report.sections.append(("e2e screenshot", f"could not save: {error}"))
                continue
            report.sections.append(("e2e screenshot", f"{path} (of {page.url})"))
    return report
