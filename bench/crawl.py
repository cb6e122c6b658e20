"""The crawl: every page each role reaches from its menu, found breadth-first, then timed.

A page added later is measured without anyone adding a scenario for it. Each role's client starts
at the home page, takes the links of the main menu, and follows the same-origin links of every
page it reaches, breadth-first, until it has `pages` pages. Links that only differ in their ids
("/org/units/12" and "/org/units/13") are one kind of page: at most `PER_KIND` of each kind are
kept, so the bound is spent on different pages rather than on the first list's rows. Downloads,
static files and anything that is not an HTML page with status 200 are left out (and counted).
Every kept page is then timed like a scenario; its p50 is judged against the role's target and
against the /healthz floor of the same run.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from bench.client import Client
from bench.load import Result, Scenario, get

# Per role: the page p50 target in ms (issue 25) and the largest p50 ÷ /healthz p50 allowed.
ROLE_TARGETS: dict[str, tuple[float, float]] = {
    "staff": (15.0, 2.0),
    "manager": (25.0, 3.0),
    "coordinator": (50.0, 5.0),  # the bench coordinator is also the admin
}
PER_KIND = 2
# A page that links to more than LIST_AT paths differing in one part only is a list: only its
# first PER_KIND such links are followed, whatever their names.
LIST_AT = 6
SKIPPED_SUFFIXES = (".csv", ".xlsx", ".pdf", ".docx", ".zip", ".ics", ".json", ".svg", ".png")
SKIPPED_PREFIXES = ("/static/", "/bench/", "/logout")
_ID = re.compile(r"^\d+$")


class _Links(HTMLParser):
    """The hrefs of a page's links, and separately those inside its main menu."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.menu: list[str] = []
        self._nav_depth = 0  # > 0 inside <nav class="main-nav">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "nav":
            if self._nav_depth or "main-nav" in a.get("class", "").split():
                self._nav_depth += 1
        elif tag == "a" and a.get("href") and "download" not in a:
            self.links.append(a["href"])
            if self._nav_depth:
                self.menu.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def links(html: str) -> tuple[list[str], list[str]]:
    """(every link, the main menu's links) of a page, as written."""
    parser = _Links()
    parser.feed(html)
    return parser.links, parser.menu


def local_path(href: str, base: str, origin: str) -> str | None:
    """The path and query a link leads to on this server, or None (elsewhere, a download, …)."""
    parts = urlsplit(urljoin(f"{origin}{base}", href))
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES) or path.lower().endswith(SKIPPED_SUFFIXES):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def _templates(path: str) -> list[str]:
    """The path with each of its parts but the first in turn replaced by "*" (the first part is
    the feature: "/courses/", "/needs/", … are not a list)."""
    parts = urlsplit(path).path.strip("/").split("/")
    return ["/".join([*parts[:i], "*", *parts[i + 1 :]]) for i in range(1, len(parts))]


def rows_of_lists(hrefs: list[str], base: str, origin: str) -> list[str]:
    """The links of a page, but of each list (more than LIST_AT distinct paths that differ in one
    part only: "/courses/a/", "/courses/b/", … or "/quiz/a/import", "/quiz/b/import", …) only the
    first PER_KIND."""
    paths = {h: local_path(h, base, origin) for h in hrefs}
    members: dict[str, set[str]] = {}
    for path in paths.values():
        if path is not None:
            for template in _templates(path):
                members.setdefault(template, set()).add(urlsplit(path).path)
    kept: list[str] = []
    taken: dict[str, set[str]] = {}
    for href, path in paths.items():
        if path is not None:
            template = max(_templates(path), key=lambda t: len(members[t]), default="")
            if template and len(members[template]) > LIST_AT:
                mine = taken.setdefault(template, set())
                if urlsplit(path).path not in mine and len(mine) >= PER_KIND:
                    continue
                mine.add(urlsplit(path).path)
        kept.append(href)
    return kept


def kind(path: str) -> str:
    """What a page is, whatever its ids: numeric path parts and query values are dropped."""
    parts = urlsplit(path)
    shape = "/".join("<n>" if _ID.match(p) else p for p in parts.path.split("/"))
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{shape}?{urlencode([(k, '') for k in keys])}" if keys else shape


@dataclass
class Discovery:
    role: str
    pages: list[str] = field(default_factory=list)  # in the order found
    skipped: dict[str, int] = field(default_factory=dict)  # why -> how many links


def discover(client: Client, role: str, origin: str, limit: int) -> Discovery:
    """Breadth-first from the home page's main menu, at most `limit` pages."""
    found = Discovery(role)
    home = client.get("/")
    _, menu = links(home.body.decode("utf-8", "replace"))
    queue: deque[str] = deque()
    seen: set[str] = set()
    kinds: dict[str, int] = {}

    def offer(href: str, base: str) -> None:
        path = local_path(href, base, origin)
        if path is None:
            why = "elsewhere, a download or a static file"
            found.skipped[why] = found.skipped.get(why, 0) + 1
            return
        if path in seen:
            return
        seen.add(path)
        k = kind(path)
        if kinds.get(k, 0) >= PER_KIND:
            return
        kinds[k] = kinds.get(k, 0) + 1
        queue.append(path)

    for href in menu:
        offer(href, "/")
    while queue and len(found.pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status != 200 or not response.content_type.startswith("text/html"):
            why = f"HTTP {response.status}" if response.status != 200 else response.content_type
            found.skipped[why] = found.skipped.get(why, 0) + 1
            kinds[kind(path)] -= 1  # another page of the kind may still be reached
            continue
        found.pages.append(path)
        page_links, _ = links(response.body.decode("utf-8", "replace"))
        for href in rows_of_lists(page_links, path, origin):
            offer(href, path)
    return found


def scenario(role: str, path: str) -> Scenario:
    return Scenario(f"crawl:{role}:{path}", role, get(path))


def figures(
    role: str,
    results: list[tuple[str, Result]],
    floor_p50: float | None,
    signed_in_p50: float | None = None,
) -> list[dict[str, Any]]:
    """Each page's figures and verdicts (p50 against the role's target and the floor ratio)."""
    target_ms, ratio_limit = ROLE_TARGETS[role]
    rows = []
    for path, result in results:
        p50, p95 = result.percentile_ms(50), result.percentile_ms(95)
        ratio = p50 / floor_p50 if p50 is not None and floor_p50 else None
        broken = bool(result.errors)
        rows.append(
            {
                "role": role,
                "path": path,
                "kind": kind(path),
                "n": result.n,
                "errors": result.errors,
                "error_messages": result.messages,
                "p50_ms": None if p50 is None else round(p50, 2),
                "p95_ms": None if p95 is None else round(p95, 2),
                "target_ms": target_ms,
                "p50_x_floor": None if ratio is None else round(ratio, 1),
                "floor_ratio_limit": ratio_limit,
                "p50_x_signed_in": round(p50 / signed_in_p50, 1)
                if p50 is not None and signed_in_p50
                else None,
                "within_target": None if broken or p50 is None else p50 <= target_ms,
                "within_floor_ratio": None if broken or ratio is None else ratio <= ratio_limit,
            }
        )
    return rows


def slowest(rows: list[dict[str, Any]], role: str, n: int = 10) -> list[dict[str, Any]]:
    mine = [r for r in rows if r["role"] == role and r["p50_ms"] is not None]
    return sorted(mine, key=lambda r: r["p50_ms"], reverse=True)[:n]
