"""A busy SQLite database (another process writing for longer than the busy timeout) is told to
the user as the app's own 503 page with Retry-After, in their language, not a 500 (issue 24, 5)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from learnapp.extensions import db
from tests.conftest import Org
from tests.factories import PASSWORD

# A second connection holds the write lock; the app under test waits a tenth of a second for it
# (SQLITE_BUSY_TIMEOUT_SECONDS, 5 by default), so the tests need not wait five seconds.
pytestmark = [pytest.mark.commits, pytest.mark.fresh_app_config(SQLITE_BUSY_TIMEOUT_SECONDS=0.1)]

STAFF = "staff@example.org"  # the org fixture's (its objects are detached once the lock is taken)


@pytest.fixture
def sqlite_file(app: Flask) -> str:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        pytest.skip("SQLite's write lock")
    return url.database or ""


@pytest.fixture
def write_lock(sqlite_file: str) -> Iterator[sqlite3.Connection]:
    """Another connection holding SQLite's write lock, as a long import in another process did."""
    db.session.remove()
    other = sqlite3.connect(sqlite_file, timeout=1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.rollback()
        other.close()


@pytest.fixture
def client(fresh_app: Flask) -> Any:
    return fresh_app.test_client()


def test_the_busy_timeout_is_the_configured_one(
    app: Flask, fresh_app: Flask, sqlite_file: str
) -> None:
    busy_timeout = text("PRAGMA busy_timeout")
    with app.app_context():  # the tests' app, with the default setting
        assert db.session.execute(busy_timeout).scalar() == 5000
        db.session.remove()
    with fresh_app.app_context():
        assert db.session.execute(busy_timeout).scalar() == 100


def test_a_sign_in_while_another_writer_holds_the_database_gets_a_503_in_swedish(
    client: Any, org: Org, write_lock: sqlite3.Connection
) -> None:
    response = client.post("/login", data={"email": STAFF, "password": "x" * 12})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Tjänsten är upptagen" in response.text
    assert "Försök igen om en stund" in response.text
    assert "Traceback" not in response.text and "locked" not in response.text


def test_the_same_sign_in_works_once_the_writer_is_done(
    client: Any, org: Org, write_lock: sqlite3.Connection
) -> None:

    assert client.post("/login", data={"email": STAFF, "password": PASSWORD}).status_code == 503
    write_lock.rollback()
    response = client.post("/login", data={"email": STAFF, "password": PASSWORD})
    assert response.status_code == 302
