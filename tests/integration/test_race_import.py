"""A double click on "confirm import": the file is applied once, and both clicks end on the page
that says what the import did (issue 24, 9), on a real server with the clicks overlapping."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org.models import Person
from tests.admin import hrdata
from tests.admin.test_import_browser import token_of, upload
from tests.integration.live import LiveServer, at_once, no_error_pages


def test_two_confirms_at_once_apply_the_file_once_and_both_show_its_result(
    live: LiveServer, client: FlaskClient, login: Any, org: Any
) -> None:
    login(org.admin)
    checked = upload(client, hrdata.FIXTURE.read_bytes(), create_units="y")
    assert checked.status_code == 200, checked.text
    token = token_of(checked)
    db.session.rollback()
    before = db.session.scalar(select(func.count()).select_from(Person))
    admin = live.browser(org.admin.email)
    with live.gate(2):
        first, second = at_once(
            lambda: admin.post("/admin/import/confirm", {"token": token}),
            lambda: admin.post("/admin/import/confirm", {"token": token}),
        )
    no_error_pages(first, second)
    assert first.status == second.status == 303
    assert first.location == second.location
    result = admin.get(first.location)
    assert result.status == 200 and "Importen är klar" in result.text
    db.session.rollback()  # a new transaction: see what the server committed
    assert db.session.scalar(select(func.count()).select_from(Person)) == before + len(
        hrdata.people()
    )
