"""Find the pages a signed-in person can reach by following links, as they would.

Breadth-first from the start page through the main menu and the links in the main content: same
origin, GET only, never sign-out, exports or downloads. Pages that differ only by an id
(/org/people/12 and /org/people/13) are one kind of page; a few of each kind are visited, so the
crawl covers every kind of page and stays bounded however large the organisation.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

# Links that leave the page for a file, sign out, or change something on GET.
SKIP = re.compile(
    r"(logout|export|download|\.xlsx|\.csv|\.json|\.gift|\.pdf|\.zip|/static/|mailto:|tel:)",
    re.IGNORECASE,
)
LINKS_JS = """() => Array.from(document.querySelectorAll(
    'nav.main-nav a[href], main a[href], footer a[href]'
)).filter(a => !a.hasAttribute('download')).map(a => a.href)"""


@dataclass
class Visit:
    url: str
    path: str
    depth: int


def kind(path_and_query: str) -> str:
    """The kind of a page: its path with numbers as N, and its query's keys."""
    parts = urlsplit(path_and_query)
    keys = sorted({k for k, _ in parse_qsl(parts.query)})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def crawl(
    page: Page,
    origin: str,
    start: str = "/",
    max_pages: int = 40,
    max_depth: int = 4,
    per_kind: int = 1,
    known: set[str] | None = None,
) -> Iterator[Visit]:
    """Visit pages breadth-first; yield each while the page shows it (the caller checks it).

    `known` holds the kinds of page another walk has already checked; past the menu's own pages
    (depth 2 and on) they are not visited again. Every kind visited is added to it.
    """
    known = set() if known is None else known
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    visited = 0
    while queue and visited < max_pages:
        path, depth = queue.popleft()
        if path in seen or kinds.get(kind(path), 0) >= per_kind:
            continue
        if depth >= 2 and kind(path) in known:
            continue
        seen.add(path)
        kinds[kind(path)] = kinds.get(kind(path), 0) + 1
        try:
            response = page.goto(origin + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        known.add(kind(path))
        yield Visit(url=page.url, path=path, depth=depth)
        if depth >= max_depth:
            continue
        for href in page.evaluate(LINKS_JS):
            target = _same_origin_path(href, origin)
            if target and target not in seen and not SKIP.search(target):
                queue.append((target, depth + 1))


def _same_origin_path(href: str, origin: str) -> str | None:
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    return urlunsplit(("", "", parts.path, parts.query, "")) or "/"
