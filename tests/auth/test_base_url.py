"""Finding 1: e-mailed links come from BASE_URL, and no request can steer an absolute URL."""

from __future__ import annotations

import pytest

from learnapp import ConfigurationError, configure_base_url, create_app

BASE = "https://utbildning.kommun.example"


def test_production_without_base_url_refuses_to_start():
    with pytest.raises(ConfigurationError, match="BASE_URL"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_trusted_hosts_come_from_base_url():
    app = create_app({"SECRET_KEY": "x", "BASE_URL": BASE, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TRUSTED_HOSTS"] == ["utbildning.kommun.example"]


@pytest.fixture
def based_app(app, org):
    """The test app as create_app configures it with BASE_URL set (TRUSTED_HOSTS from it)."""
    app.config.update(BASE_URL=BASE, SERVER_NAME=None)
    configure_base_url(app)
    return app


def test_reset_request_with_a_foreign_host_is_refused_and_mails_nothing(based_app, org):
    outbox = based_app.extensions.setdefault("learnapp.outbox", [])
    response = based_app.test_client().post(
        "/password/reset", data={"email": org.staff.email}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert outbox == []


def test_reset_mail_links_to_base_url(based_app, org):
    outbox = based_app.extensions.setdefault("learnapp.outbox", [])
    based_app.test_client().post(
        "/password/reset",
        data={"email": org.staff.email},
        base_url=BASE,
    )
    body = outbox[-1].get_body(("plain",)).get_content()
    assert f"{BASE}/password/reset/" in body
    assert "evil.example" not in body
