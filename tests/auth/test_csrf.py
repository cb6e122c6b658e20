from __future__ import annotations

import re

import pytest

from learnapp.extensions import db
from tests import factories


@pytest.fixture
def csrf_client(app, org):
    # Flask-WTF reads the setting on every request; the app's configuration is restored after
    # the test.
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def test_a_post_without_csrf_token_is_refused_with_a_clear_message(csrf_client, org):
    response = csrf_client.post(
        "/login", data={"email": org.staff.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert "Formuläret hade gått ut" in response.get_data(as_text=True)
    assert csrf_client.get("/").status_code == 302  # not signed in


def test_a_post_with_the_pages_csrf_token_is_accepted(csrf_client, org):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        "/login",
        data={"email": org.staff.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_a_language_switch_without_token_changes_nothing(csrf_client, org):
    csrf_client.post("/language", data={"lang": "en"})
    db.session.refresh(org.staff)
    assert "Logga in" in csrf_client.get("/login").get_data(as_text=True)
