"""Races against a real server: the app served by werkzeug in threads, browsers that keep cookies,
and a gate that holds commits back so that requests overlap every time, not by luck.

The served app is a second app on the test's database, with an engine of its own (as a second
gunicorn worker has); the test's own session sees what the server's requests commit.
"""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.serving import WSGIRequestHandler, make_server

from learnapp import create_app
from learnapp.extensions import db
from tests import factories
from tests.conftest import make_test_config


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Reply:
    status: int
    text: str
    headers: dict[str, str]

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """One person's browser: its own cookies; redirects are returned, not followed."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Reply:
        body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
        req = urllib.request.Request(self.base_url + path, data=body, method=method)  # noqa: S310
        try:
            with self.opener.open(req, timeout=60) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), dict(error.headers))

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str] | None = None) -> Reply:
        return self.request("POST", path, data)

    def sign_in(self, email: str, password: str = factories.PASSWORD) -> None:
        reply = self.post("/login", {"email": email, "password": password})
        assert reply.status == 302, (reply.status, reply.text[:500])


class CommitGate:
    """Hold each commit on `engine` until `parties` transactions are ready to commit, or until
    `patience` seconds have passed; after that, commits go through at once.

    Requests that race check-then-write each do their work before any of them commits. A request
    that the fixed code makes wait for another (a lock) never arrives, so the first commit goes
    after `patience` and the rest follow in turn.
    """

    def __init__(self, engine: Engine, parties: int, patience: float = 2.0) -> None:
        self.engine = engine
        self.parties = parties
        self.patience = patience
        self.arrived = 0
        self.opened = False
        self.condition = threading.Condition()

    def _hold(self, _connection: Any) -> None:
        with self.condition:
            self.arrived += 1
            self.condition.notify_all()
            if not self.opened:
                self.condition.wait_for(lambda: self.arrived >= self.parties, self.patience)
                self.opened = True

    def __enter__(self) -> CommitGate:
        event.listen(self.engine, "commit", self._hold)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "commit", self._hold)


@dataclass
class LiveServer:
    url: str
    app: Flask

    def browser(self, email: str | None = None) -> Browser:
        browser = Browser(self.url)
        if email:
            browser.sign_in(email)
        return browser

    @property
    def engine(self) -> Engine:
        with self.app.app_context():
            return db.engine

    def gate(self, parties: int, patience: float = 2.0) -> CommitGate:
        return CommitGate(self.engine, parties, patience)


@contextmanager
def live_server(database_url: str, **config: Any) -> Iterator[LiveServer]:
    """The app on the given database, served on a free localhost port in a thread."""
    app = create_app(make_test_config(database_url, SERVER_NAME=None, **config))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def no_error_pages(*replies: Reply) -> None:
    for reply in replies:
        assert reply.status < 500, reply.text[:2000]


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads, released together; return their results in order."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))
