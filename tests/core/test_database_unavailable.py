"""When the database cannot be reached: the app's own 503 page with Retry-After, in the session's
or the browser's language, never Werkzeug's bare "Internal Server Error"; /readyz says so to the
load balancer while /healthz (liveness) stays 200.

The database "goes away" by serving the same cookies from an app whose database cannot be
reached: a SQLite file in a folder that does not exist, and a PostgreSQL server that is not there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learnapp import create_app
from learnapp.extensions import db
from tests.conftest import make_test_config

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-folder-of-learnapp/learnapp.sqlite3",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:9/learnapp?connect_timeout=3",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def down(request: pytest.FixtureRequest) -> Iterator[FlaskClient]:
    app: Flask = create_app(make_test_config(UNREACHABLE[request.param]))
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def _carry_session(app: Flask, response: Any, to: FlaskClient) -> None:
    """Give the other client the session cookie the response set (the same browser)."""
    wanted = app.config["SESSION_COOKIE_NAME"]
    for header in response.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        if name == wanted:
            to.set_cookie(name, rest.split(";", 1)[0], domain=app.config["SERVER_NAME"])
            return
    raise AssertionError("no session cookie")


def _assert_unavailable_page(response: Any, *phrases: str) -> str:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "Internal Server Error" not in page and "Traceback" not in page
    assert "<main" in page  # the app's own layout
    for phrase in phrases:
        assert phrase in page
    return page


def test_a_signed_in_person_gets_the_apps_503_page_when_the_database_is_gone(
    app: Flask, client: FlaskClient, org: Any, down: FlaskClient
) -> None:
    signed_in = client.post(
        "/login", data={"email": org.staff.email, "password": "correct-horse-battery"}
    )
    _carry_session(app, signed_in, down)
    for path in ("/", "/training/mine", "/no-such-page"):
        response = down.get(path)
        _assert_unavailable_page(
            response, "Tjänsten kan inte svara just nu", "inget av den sparades"
        )


def test_the_page_is_in_the_language_chosen_in_the_session(
    app: Flask, client: FlaskClient, down: FlaskClient
) -> None:
    chosen = client.post("/language", data={"lang": "en", "next": "/login"})
    _carry_session(app, chosen, down)
    form = {"email": "a@example.org", "password": "x" * 12}
    response = down.post("/login", data=form, headers={"Accept-Language": "sv"})
    page = _assert_unavailable_page(response, "cannot answer right now")
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    ("accept", "phrase"),
    [
        ("en-GB,en;q=0.9", "Try again in a moment"),
        ("sv-SE,sv;q=0.9,en;q=0.5", "Försök igen om en stund"),
    ],
)
def test_without_a_session_the_page_is_in_the_browsers_language(
    down: FlaskClient, accept: str, phrase: str
) -> None:
    response = down.post("/login", data={"email": "a@example.org", "password": "x" * 12},
                         headers={"Accept-Language": accept})  # fmt: skip
    _assert_unavailable_page(response, phrase)


def test_readiness_fails_and_liveness_holds_while_the_database_is_gone(down: FlaskClient) -> None:
    ready = down.get("/readyz")
    assert ready.status_code == 503 and ready.headers["Retry-After"] == "30"
    assert ready.get_json() == {"status": "unavailable", "database": "unavailable"}
    assert down.get("/healthz").status_code == 200


def test_readiness_is_ok_when_the_database_answers(client: FlaskClient) -> None:
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ok", "database": "ok"}
