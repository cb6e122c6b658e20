"""Findings 11 and 15: no caching of pages for a signed-in person; `__Host-` cookies in
production."""

from __future__ import annotations

import pytest

from learnapp import create_app
from learnapp.extensions import db
from tests import factories
from tests.conftest import RequestClient, make_test_config


def test_every_response_to_a_signed_in_person_says_no_store(client, login, org):
    login(org.staff)
    for path in ("/", "/account", f"/org/people/{org.staff.id}", "/missing-page"):
        response = client.get(path)
        assert "no-store" in response.headers.get("Cache-Control", ""), path


def test_the_sign_in_page_of_a_signed_out_visitor_may_be_cached(client, org):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")


@pytest.mark.commits  # a production app of its own reads the people
def test_production_cookies_carry_the_host_prefix(app, database_url, org):
    email = org.staff.email
    production = create_app(
        make_test_config(
            database_url, ENV="production", BASE_URL="https://learnapp.test", SERVER_NAME=None
        )
    )
    production.test_client_class = RequestClient
    response = production.test_client().post(
        "/login",
        data={"email": email, "password": factories.PASSWORD, "remember": "y"},
        base_url="https://learnapp.test",
    )
    with production.app_context():
        db.engine.dispose()
    cookies = response.headers.getlist("Set-Cookie")
    names = {c.split("=", 1)[0] for c in cookies}
    assert {"__Host-learnapp_session", "__Host-learnapp_remember"} <= names
    for cookie in cookies:
        assert cookie.startswith("__Host-")
        assert "Secure" in cookie
        assert "Path=/;" in cookie or cookie.endswith("Path=/")
        assert "Domain=" not in cookie
