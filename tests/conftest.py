"""Fixtures: `app`, `client`, `runner`, `login`, `org` (a small organisation) and `outbox`.

One app and one schema per run. Each test runs inside a transaction on one connection that is
rolled back afterwards (the pattern of Indico's `indico/testing/fixtures/database.py`): the
session joins that transaction through SAVEPOINTs, so code under test may commit (as the views
do) and the test still leaves nothing behind. The app's configuration is restored after each test.

Tests that need real commits — other threads or connections reading what the test wrote (a live
server, a second app, autocommit connections) — take the opt-out: `@pytest.mark.commits`. They
run on the engine itself and every table is emptied afterwards. A test that must change the app
itself (add a route) takes `fresh_app`, an app of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import event

from learnapp import create_app
from learnapp.db import empty_all_tables
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit
from tests import factories
from tests.dbutil import temporary_database


def make_test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "memory",
        "SERVER_NAME": "learnapp.test",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; scrypt in production
        # Tests sign in as admins and coordinators with the password alone; the two-step tests
        # (tests/auth/test_mfa.py) turn the requirement on.
        "MFA_REQUIRED_ROLES": "",
    }
    config.update(overrides)
    return config


def pytest_configure(config: pytest.Config) -> None:
    # The app does not compile its catalogues (install time does); a catalogue edited in a
    # checkout is compiled here, so edit-and-pytest shows the new Swedish.
    from learnapp.i18n import compile_catalogs

    compile_catalogs()
    config.addinivalue_line(
        "markers",
        "commits: the test needs real commits (threads, other connections): no per-test "
        "rollback; every table is emptied afterwards instead",
    )
    config.addinivalue_line(
        "markers", "fresh_app_config(**settings): configuration of the `fresh_app` fixture's app"
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database of its own for this run (SQLite file, or a new PostgreSQL database)."""
    with temporary_database(tmp_path_factory.mktemp("db")) as url:
        yield url


def _savepoints_on_sqlite(app: Flask) -> None:
    """pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself
    (the recipe in SQLAlchemy's SQLite dialect documentation, "Serializable isolation /
    Savepoints / Transactional DDL")."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _no_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    engine.dispose()


@pytest.fixture(scope="session")
def _session_app(database_url: str) -> Iterator[Flask]:
    """The one app of the run, with the schema built."""
    app = create_app(make_test_config(database_url))
    app.test_client_class = RequestClient
    with app.app_context():
        _savepoints_on_sqlite(app)
        db.create_all()
        db.session.remove()
        # A session given a connection already in a transaction works in SAVEPOINTs on it: a
        # commit releases one, a rollback (the error handler's) rolls back to it; the test's
        # data stays.
        db.session.configure(join_transaction_mode="create_savepoint")
    yield app
    with app.app_context():
        db.engine.dispose()


@contextmanager
def _rolled_back(app: Flask) -> Iterator[None]:
    """Run the block inside one transaction on one connection, rolled back at the end.

    Flask-SQLAlchemy's `Session.get_bind` asks `db.engines`, not a session-level `bind`, so the
    connection stands in for the engine there while the block runs (and `db.engine` answers with
    it: it has `.dialect`, `.execute` and takes event listeners like an engine)."""
    engines = db.engines  # the dict Flask-SQLAlchemy keeps for this app
    engine = engines[None]
    connection = engine.connect()
    outer = connection.begin()
    engines[None] = connection  # type: ignore[assignment]
    db.session.remove()
    try:
        yield
    finally:
        db.session.remove()
        engines[None] = engine
        if outer.is_active:
            outer.rollback()
        connection.close()


@contextmanager
def _emptied_afterwards() -> Iterator[None]:
    try:
        yield
    finally:
        db.session.rollback()
        empty_all_tables(db.session, db.metadata)
        db.session.remove()


@pytest.fixture
def app(_session_app: Flask, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    app = _session_app
    saved_config = dict(app.config)
    saved_instance = app.instance_path
    app.instance_path = str(tmp_path)
    commits = request.node.get_closest_marker("commits") is not None
    try:
        with app.app_context(), _emptied_afterwards() if commits else _rolled_back(app):
            yield app
    finally:
        app.config.clear()
        app.config.update(saved_config)
        app.instance_path = saved_instance
        app.extensions.pop("learnapp.outbox", None)


@pytest.fixture
def fresh_app(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """An app of its own, for a test that changes the app itself (e.g. adds a route). It commits
    for real: every table is emptied afterwards. A test that also uses `app` (or `org`) must be
    marked `commits`; `app` then empties the tables, after its own session has ended (on
    PostgreSQL, TRUNCATE waits for every open transaction on the tables). Its configuration takes
    the keywords of `@pytest.mark.fresh_app_config(...)`, as settings only read at start-up."""
    marker = request.node.get_closest_marker("fresh_app_config")
    app = create_app(make_test_config(database_url, **(marker.kwargs if marker else {})))
    app.instance_path = str(tmp_path)
    app.test_client_class = RequestClient
    shares_the_database = "app" in request.fixturenames
    with app.app_context():
        if shares_the_database:
            yield app
            db.session.remove()
        else:
            with _emptied_afterwards():
                yield app
        db.engine.dispose()


class RequestClient(FlaskClient):
    """A test client whose every request runs in its own application context, as in production:
    `g` and the database session do not leak from the test body or from one request to the next."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def outbox(app: Flask) -> list[Any]:
    return app.extensions.setdefault("learnapp.outbox", [])


@dataclass
class Org:
    """Two departments; the school department has a tree: Grundskolor > Söderskolan, Norrskolan."""

    school_dept: Department
    social_dept: Department
    schools: Unit
    soder: Unit
    norr: Unit
    social: Unit
    manager: Person  # manages Söderskolan only
    staff: Person  # in Söderskolan
    other_staff: Person  # in Norrskolan
    social_staff: Person  # in the other department
    coordinator: Person
    admin: Person


@pytest.fixture
def org(app: Flask) -> Org:
    f = factories
    school_dept = f.department("Utbildningsförvaltningen", "UTB")
    social_dept = f.department("Omsorgs- och socialförvaltningen", "OSF")
    schools = f.unit(school_dept, "Grundskolor")
    soder = f.unit(school_dept, "Söderskolan", parent=schools)
    norr = f.unit(school_dept, "Norrskolan", parent=schools)
    social = f.unit(social_dept, "Barn och unga")
    pw = factories.PASSWORD
    result = Org(
        school_dept=school_dept,
        social_dept=social_dept,
        schools=schools,
        soder=soder,
        norr=norr,
        social=social,
        manager=f.person(
            soder, name="Rektor Söder", email="chef@example.org", password=pw, manages=[soder]
        ),
        staff=f.person(
            soder,
            name="Lärare Söder",
            email="staff@example.org",
            password=pw,
            is_key_person=True,
            key_function="Lärare",
        ),
        other_staff=f.person(norr, name="Lärare Norr", email="norr@example.org", password=pw),
        social_staff=f.person(social, name="Åsa Öberg", email="social@example.org"),
        coordinator=f.person(
            None,
            name="Samordnare",
            email="samordnare@example.org",
            password=pw,
            roles={Role.COORDINATOR},
        ),
        admin=f.person(
            None, name="Admin", email="admin@example.org", password=pw, roles={Role.ADMIN}
        ),
    )
    db.session.commit()
    return result


class Login:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def __call__(self, who: Person | str, password: str = factories.PASSWORD) -> Any:
        email = who if isinstance(who, str) else who.email
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self.client.post("/logout")


@pytest.fixture
def login(client: FlaskClient) -> Login:
    return Login(client)
