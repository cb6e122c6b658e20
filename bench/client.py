"""A signed-in HTTP client: one account, its own cookies, forms read from the HTML."""

from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.database import BenchError

TIMEOUT = 600.0


@dataclass
class Response:
    status: int
    location: str | None
    body: bytes
    content_type: str


class Client:
    """Plain http.client: gunicorn's sync workers close every connection, so one per request."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.cookies: dict[str, str] = {}
        self._token: str | None = None

    def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> Response:
        headers = {"Accept-Language": "sv"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            location = response.getheader("Location")
            return Response(
                response.status,
                urlsplit(location).path if location else None,
                data,
                response.getheader("Content-Type", ""),
            )
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: list[tuple[str, str]]) -> Response:
        return self.request("POST", path, form)

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def login(self, email: str, password: str) -> None:
        """Sign in through the form (with its CSRF token); raise BenchError when it fails."""
        page = self.get("/login")
        token = parse_form(page.body.decode(), "/login").value("csrf_token")
        response = self.post(
            "/login", [("csrf_token", token), ("email", email), ("password", password)]
        )
        if response.status != 302:
            raise BenchError(f"signing in as {email} failed: HTTP {response.status}")
        self._token = None  # signing in starts a new session

    def csrf_token(self, path: str) -> str:
        """This session's CSRF token, read once from a page with a form (it stays valid)."""
        if self._token is None:
            self._token = parse_form(self.get(path).body.decode()).value("csrf_token")
        return self._token


@dataclass
class Form:
    """The controls of a form, in document order."""

    action: str = ""
    hidden: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)  # radio/checkbox/select values
    texts: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # control id -> its label's text
    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (name, value) -> control id
    names: list[str] = field(default_factory=list)  # the visible controls' names, in order

    def value(self, name: str) -> str:
        for key, value in self.hidden:
            if key == name:
                return value
        raise BenchError(f"the form {self.action} has no {name}")

    def label(self, name: str, value: str) -> str:
        return self.labels.get(self.ids.get((name, value), ""), "")


class _FormParser(HTMLParser):
    """Every POST form of a page, with the text of the labels of its controls."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.label_for: str | None = None
        self.label_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.form = Form(action=urlsplit(a.get("action", "")).path)
            self.forms.append(self.form)
            return
        form = self.form
        if form is None:
            return
        name = a.get("name")
        visible = tag in ("input", "select") and a.get("type") != "hidden"
        if name and visible and name not in form.names:
            form.names.append(name)
        if tag == "label" and a.get("for"):
            self.label_for, self.label_text = a["for"], []
        elif tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                form.hidden.append((name, a.get("value", "")))
            elif kind in ("radio", "checkbox"):
                value = a.get("value", "on")
                form.choices.setdefault(name, []).append(value)
                form.ids[(name, value)] = a.get("id", "")
            elif kind in ("text", "number", "email", "password"):
                form.texts.append(name)
        elif tag == "select" and name:
            self.select = name
            form.choices.setdefault(name, [])
        elif tag == "option" and self.select and a.get("value"):
            form.choices[self.select].append(a["value"])

    def handle_data(self, data: str) -> None:
        if self.label_for is not None:
            self.label_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "label" and self.label_for is not None and self.form is not None:
            self.form.labels[self.label_for] = " ".join("".join(self.label_text).split())
            self.label_for = None
        elif tag == "form":
            self.form = None


def parse_form(html: str, action: str | None = None) -> Form:
    """The page's POST form to `action` (a path), or its last POST form."""
    parser = _FormParser()
    parser.feed(html)
    forms = [f for f in parser.forms if action is None or f.action == action]
    if not forms:
        raise BenchError(f"no form to {action or 'anywhere'} on the page")
    return forms[-1]
