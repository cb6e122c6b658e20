"""Finding 5: common and guessable passwords are refused, also those built from the person's
name, e-mail address or the organisation's name, on change and on reset."""

from __future__ import annotations

import re

import pytest

from learnapp.extensions import db
from tests import factories

MESSAGE = "Lösenordet är för lätt att gissa"


def _change(client, new):
    return client.post(
        "/password", data={"current": factories.PASSWORD, "new": new, "confirm": new}
    )


@pytest.mark.parametrize(
    "weak",
    [
        "1234567890",
        "password123",
        "qwertyuiop",
        "staff@example.org",  # the person's e-mail address
        "SöderLärare2026",  # the person's name (Lärare Söder)
        "lärare.söder.2026",
        "Kommunen2026!",  # the organisation's name
    ],
)
def test_a_guessable_new_password_is_refused(client, login, org, weak):
    login(org.staff)
    response = _change(client, weak)
    assert response.status_code == 200
    assert MESSAGE in response.get_data(as_text=True)
    db.session.refresh(org.staff)
    assert org.staff.check_password(factories.PASSWORD)


def test_a_strong_new_password_is_accepted(client, login, org):
    login(org.staff)
    assert _change(client, "grön-cykel-under-bron-7").status_code == 302


def test_the_message_is_in_english_for_english_users(client, login, org):
    org.staff.language = "en"
    db.session.commit()
    login(org.staff)
    page = _change(client, "password123").get_data(as_text=True)
    assert "This password is too easy to guess" in page


def test_the_reset_form_refuses_a_guessable_password(client, outbox, org):
    client.post("/password/reset", data={"email": org.staff.email})
    token = re.search(
        r"/password/reset/(\S+)", outbox[-1].get_body(("plain",)).get_content()
    ).group(1)
    response = client.post(
        f"/password/reset/{token}", data={"new": "qwertyuiop", "confirm": "qwertyuiop"}
    )
    assert MESSAGE in response.get_data(as_text=True)
    db.session.refresh(org.staff)
    assert org.staff.check_password(factories.PASSWORD)
