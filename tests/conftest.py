"""Fixtures: `app`, `client`, `runner`, `login`, `org` (a small organisation) and `outbox`.

One app and one schema per run. Each test runs inside a transaction on one connection that is
rolled back afterwards (the pattern of Indico's `indico/testing/fixtures/database.py`): the
session joins that transaction through SAVEPOINTs, so code under test may commit (as the views
do) and the test still leaves nothing behind. The app's configuration is restored after each test.

Tests that need real commits — other threads or connections reading what the test wrote (a live
server, a second app, autocommit connections) — take the opt-out: `@pytest.mark.commits`. They
run on the engine itself and every table is emptied afterwards. A test that must change the app
itself (add a route) takes `fresh_app`, an app of its own.

The `org` fixture's rows are written once for a run of tests that take it, not once a test (see
`_World`): such tests run one after another on one connection, in the transaction that holds
those rows, each inside a SAVEPOINT rolled back after it. A test sees the same rows, as fresh
objects, as if `org` had just built them; every other test runs exactly as described above.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import event, select
from sqlalchemy.engine import Connection, RootTransaction
from sqlalchemy.events import ConnectionEvents

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
    _drop_world()
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
def _in_the_world(app: Flask) -> Iterator[None]:
    """`app.app_context()` and `_rolled_back` for a test that takes the world: the block runs in
    a SAVEPOINT on the world's connection, above the org's rows, rolled back at the end.

    The app context's own teardown (mail delivery after a commit) runs after that rollback, as
    it ran after `_rolled_back` (on an engine that held none of the test's rows): here in a
    SAVEPOINT of its own, rolled back too, and without waiting for the world's lock on SQLite."""
    with app.app_context():
        world = _the_world(app)
        engines = db.engines  # the dict Flask-SQLAlchemy keeps for this app
    engine = engines[None]
    connection = world.connection
    engines[None] = connection  # type: ignore[assignment]
    savepoint = connection.begin_nested()
    world.statements_at_start = world.statements
    try:
        with app.app_context():
            db.session.remove()
            try:
                yield
            finally:
                db.session.remove()
                _rollback(savepoint)
                savepoint = connection.begin_nested()
    finally:
        engines[None] = engine
        _rollback(savepoint)
        if _world is not None and not _world.unchanged():
            _drop_world()


# Fixtures that touch neither the database nor the configuration when they are set up.
_HARMLESS = {"request", "_session_app", "database_url", "tmp_path", "tmp_path_factory", "app"} | {
    "client",
    "login",
    "runner",
    "outbox",
    "monkeypatch",
}
_TAKES_THE_WORLD = pytest.StashKey[bool]()


def _takes_the_world(item: pytest.Item) -> bool:
    """Whether the test gets the world's org rows: it takes `org`, does not commit for real, and
    pytest sets up nothing before `org` but the fixtures above (and parameters). A test with, say,
    a course made or a setting changed before `org` builds its own org, as every test once did."""
    if _TAKES_THE_WORLD in item.stash:
        return item.stash[_TAKES_THE_WORLD]
    takes = False
    info = getattr(item, "_fixtureinfo", None)
    names = list(getattr(item, "fixturenames", ()))
    if info is not None and "org" in names and item.get_closest_marker("commits") is None:
        defs = info.name2fixturedefs
        before: set[str] = set()

        def with_dependencies(name: str) -> None:
            if name not in before:
                before.add(name)
                for fixturedef in defs.get(name, ()):
                    for argname in fixturedef.argnames:
                        with_dependencies(argname)

        # pytest sets up item.fixturenames in order, each after the fixtures it takes
        for name in names[: names.index("org")]:
            with_dependencies(name)
        takes = len(defs.get("org", ())) == 1 and all(
            (name in _HARMLESS and len(defs.get(name, ())) <= 1)
            or all(type(d).__name__ == "DirectParamFixtureDef" for d in defs.get(name, [None]))
            for name in before
        )
    item.stash[_TAKES_THE_WORLD] = takes
    return takes


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """The world outlives a test only when the next one takes it too: no other test runs while
    its connection is open (nor sees its rows, nor waits for its locks)."""
    try:
        return (yield)
    finally:
        if nextitem is None or not _takes_the_world(nextitem):
            _drop_world()


@dataclass
class _World:
    """One connection in one transaction that is never committed, holding the org fixture's rows;
    each test that takes it runs in a SAVEPOINT above them, rolled back after it."""

    connection: Connection
    transaction: RootTransaction
    ids: dict[str, int]  # Org's field -> the row's id
    sequence_used: int  # how many numbers of factories._seq building the org took
    listeners: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    execution_options: Any = None
    statements: int = 0
    statements_at_start: int = 0

    def unchanged(self) -> bool:
        """The connection is as the world left it: no transaction of a test left open or ended,
        no event listener or execution option of a test left on it."""
        return (
            self.transaction.is_active
            and self.connection.get_nested_transaction() is None
            and _listeners(self.connection) == self.listeners
            and self.connection.get_execution_options() == self.execution_options
        )


_world: _World | None = None
_CONNECTION_EVENTS = tuple(
    name for name in vars(ConnectionEvents) if not name.startswith("_") and name != "dispatch"
)


def _listeners(connection: Connection) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    return tuple((name, tuple(getattr(connection.dispatch, name))) for name in _CONNECTION_EVENTS)


class _CountingSequence:
    def __init__(self, numbers: Iterator[int]) -> None:
        self.numbers, self.used = numbers, 0

    def __next__(self) -> int:
        self.used += 1
        return next(self.numbers)


def _the_world(app: Flask) -> _World:
    global _world
    if _world is not None:
        return _world
    engines = db.engines
    engine = engines[None]
    connection = engine.connect()
    transaction = connection.begin()
    sequence = _CountingSequence(factories._seq)
    factories._seq = sequence  # type: ignore[assignment]
    engines[None] = connection  # type: ignore[assignment]
    try:
        with app.app_context():  # its own `g`: nothing of the build is left in the test's
            db.session.remove()
            org = _build_org()
            ids = {field.name: getattr(org, field.name).id for field in fields(Org)}
            db.session.remove()
    except BaseException:
        connection.close()
        raise
    finally:
        engines[None] = engine
        factories._seq = sequence.numbers  # type: ignore[assignment]
    world = _World(connection, transaction, ids, sequence.used)

    @event.listens_for(connection, "before_cursor_execute")
    def _count(*_args: Any) -> None:
        world.statements += 1

    world.listeners = _listeners(connection)
    world.execution_options = connection.get_execution_options()
    _world = world
    return world


def _rollback(savepoint: Any) -> None:
    """Roll back a SAVEPOINT on the world; if that fails, the world is dropped."""
    try:
        if savepoint.is_active:
            savepoint.rollback()
    except Exception:
        _drop_world()
        raise


def _drop_world() -> None:
    global _world
    world, _world = _world, None
    if world is not None:
        world.connection.close()  # rolls its transaction back


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
        if not commits and _takes_the_world(request.node):
            with _in_the_world(app):
                yield app
        else:
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
def org(app: Flask, request: pytest.FixtureRequest) -> Org:
    world = _world if _takes_the_world(request.node) else None
    if world is None:
        return _build_org()
    if world.statements != world.statements_at_start:  # _takes_the_world let a fixture through
        raise RuntimeError("a fixture set up before org used the database; org's rows are older")
    loaded: dict[tuple[str, int], Any] = {}
    for model in (Department, Unit, Person):
        ids = [i for name, i in world.ids.items() if _ORG_MODELS[name] is model]
        for row in db.session.scalars(select(model).where(model.id.in_(ids))):
            loaded[model.__name__, row.id] = row
    result = Org(**{name: loaded[_ORG_MODELS[name].__name__, i] for name, i in world.ids.items()})
    db.session.commit()  # as after the build: the objects expire, to be read when first used
    for _ in range(world.sequence_used):  # the numbers the build would have taken
        next(factories._seq)
    return result


def _build_org() -> Org:
    """Build the organisation, committed (in the test's transaction or the world's)."""
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


_ORG_MODELS: dict[str, Any] = {
    field.name: {"Department": Department, "Unit": Unit, "Person": Person}[str(field.type)]
    for field in fields(Org)
}


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
