"""Fixtures: `app`, `client`, `runner`, `login`, `org` (a small organisation) and `outbox`.

The schema is built once per run; after each test every table is emptied, so a test may commit
(as the views do) and still leave nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

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
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with temporary_database(tmp_path_factory.mktemp("db")) as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            db.create_all()
            db.engine.dispose()
        yield url


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(make_test_config(database_url))
    app.instance_path = str(tmp_path)
    app.test_client_class = RequestClient
    with app.app_context():
        yield app
        db.session.rollback()
        empty_all_tables(db.session, db.metadata)
        db.session.remove()
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
        social_staff=f.person(social, name="Socialsekreterare", email="social@example.org"),
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
