"""One language at a time: every page each role reaches shows no word of the other language.

Signs in as each demo role (the demo data of `make run`), follows the menus and links as the
accessibility crawl does (tests/e2e/crawl.py), but with the Flask test client, and reads each
page's text. An English page fails on a word the glossary (docs/glossary.md, "Terms") lists as
Swedish, a Swedish page on a word it lists as English. Text inside an element marked with
another language (a Swedish course in the English interface) is content, not interface, and
the names of departments, units and people are the organisation's own: neither is checked.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from learnapp import create_app
from learnapp.courses.models import Course, Lesson
from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory
from learnapp.org.models import Department, Person, Unit
from learnapp.routines.models import Routine, RoutineVersion
from tests.dbutil import temporary_database
from tests.e2e.crawl import SKIP, kind
from tests.e2e.server import ACCOUNTS, DEMO_PASSWORD, e2e_config, prepare

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"
ROLES = ["staff", "manager", "coordinator", "admin"]
MAX_PAGES = 150  # per role and language; every kind of page once
AT_LEAST = {"staff": 4, "manager": 8, "coordinator": 12, "admin": 8}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def glossary_terms() -> dict[str, list[str]]:
    """{"en": [English forms], "sv": [Swedish forms]} from the glossary's Terms table."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## Terms", 1)[1].split("\n## ", 1)[0]
    terms: dict[str, list[str]] = {"en": [], "sv": []}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        terms["en"] += [w.strip() for w in cells[0].split(",") if w.strip()]
        terms["sv"] += [w.strip() for w in cells[1].split(",") if w.strip()]
    return terms


def pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile(
        r"(?<![\wåäöÅÄÖ-])(" + "|".join(re.escape(w) for w in alternatives) + r")(?![\wåäöÅÄÖ-])",
        re.IGNORECASE,
    )


class PageText(HTMLParser):
    """The interface's text of a page in `language` (and the links to follow)."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, inside another language)
        self.parts: list[str] = []
        self.links: list[str] = []

    def _foreign(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang")
        foreign = self._foreign() or (lang is not None and not lang.startswith(self.language))
        if tag == "a" and values.get("href") and not foreign:
            self.links.append(str(values["href"]))
        if tag in ("script", "style", "code"):  # not prose; <code> holds identifiers (area codes)
            foreign = True
        if not foreign:
            for name in ("title", "aria-label", "alt", "placeholder"):
                if values.get(name):
                    self.parts.append(str(values[name]))
        if tag not in VOID:
            self.stack.append((tag, foreign))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._foreign():
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp = tmp_path_factory.mktemp("one-language")
    with temporary_database(tmp) as url:
        instance = tmp / "instance"
        instance.mkdir()
        app = create_app({**e2e_config(url, instance), "TESTING": True, "WTF_CSRF_ENABLED": False})
        app.instance_path = str(instance)
        prepare(app)
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def own_names(app: Flask) -> list[str]:
    """The names the organisation gives: departments, units, people and their job titles, and
    the titles of what it writes in its own language (courses, lessons, routines, inventories).
    They are content, not interface: never "words" of the interface's language."""
    columns = [
        Department.name,
        Unit.name,
        Person.name,
        Person.job_title,
        Person.key_function,
        Course.title,
        Lesson.title,
        RoutineVersion.title,
        Routine.draft_title,
        NeedsInventory.title,
    ]
    with app.app_context():
        names = [name for column in columns for name in db.session.scalars(select(column)) if name]
        db.session.remove()
    return sorted(set(names), key=len, reverse=True)


def set_language(app: Flask, email: str, language: str) -> None:
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.email == email))
        assert person is not None
        person.language = language
        db.session.commit()
        db.session.remove()


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def page_kind(path: str) -> str:
    """As the e2e crawl's kinds, and one course or lesson stands for all (they differ by slug)."""
    return re.sub(
        r"^/courses/[^/?]+(/[^/?]+)?",
        lambda m: "/courses/S" + ("/S" if m.group(1) else ""),
        kind(path),
    )


def crawl(client: FlaskClient, language: str) -> Iterator[tuple[str, PageText]]:
    """Breadth-first over same-site links: every kind of page once (as tests/e2e/crawl.py)."""
    queue: deque[str] = deque(["/"])
    seen: set[str] = set()
    kinds: set[str] = set()
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        if path in seen or page_kind(path) in kinds:
            continue
        seen.add(path)
        kinds.add(page_kind(path))
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        visited += 1
        parsed = PageText(language)
        parsed.feed(response.get_data(as_text=True))
        yield path, parsed
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = urlunsplit(("", "", parts.path, parts.query, ""))
            if target not in seen and not SKIP.search(target):
                queue.append(target)


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_is_in_one_language(
    demo_app: Flask, role: str, language: str
) -> None:
    other = "sv" if language == "en" else "en"
    forbidden = pattern(glossary_terms()[other])
    names = own_names(demo_app)
    email = ACCOUNTS[role]
    set_language(demo_app, email, language)
    client = signed_in(demo_app, email)
    found: list[str] = []
    pages = 0
    for path, parsed in crawl(client, language):
        pages += 1
        text = parsed.text()
        for name in names:
            text = text.replace(name, " ")
        text = EMAIL.sub(" ", text)
        for match in forbidden.finditer(text):
            context = text[max(0, match.start() - 40) : match.end() + 40]
            found.append(f"{path}: {match.group(0)!r} in …{context}…")
    print(f"{role}-{language}: {pages} pages")
    assert pages >= AT_LEAST[role], f"the crawl reached only {pages} pages"
    assert not found, f"{len(found)} words of the other language:\n" + "\n".join(found[:80])


def test_the_glossary_lists_both_languages() -> None:
    terms = glossary_terms()
    assert "department" in terms["en"] and "förvaltning" in terms["sv"]
    assert len(terms["en"]) >= 30 and len(terms["sv"]) >= 40


def glossary_rejected() -> list[str]:
    """The Swedish words the glossary's "Not used in Swedish" table rejects."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## Not used in Swedish", 1)[1].split("\n## ", 1)[0]
    words: list[str] = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("Not used", "") or set(cells[0]) <= {"-"}:
            continue
        words += [w.strip() for w in cells[0].split(",") if w.strip()]
    return words


def test_the_swedish_catalogues_use_the_glossarys_words() -> None:
    from babel.messages.pofile import read_po

    from learnapp.i18n import po_files

    rejected = glossary_rejected()
    assert "kvittera" in rejected and "kunskapstest" in rejected
    starts = re.compile(
        r"(?<![\wåäöÅÄÖ-])(" + "|".join(re.escape(w) for w in rejected) + ")", re.IGNORECASE
    )
    found = []
    for po in po_files("sv"):
        with po.open("rb") as f:
            for message in read_po(f):
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                for text in strings:
                    if text and (match := starts.search(text)):
                        found.append(f"{po.parents[2].name}: {match.group(0)!r} in {text!r}")
    assert not found, "\n".join(found)
