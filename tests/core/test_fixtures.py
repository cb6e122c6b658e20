"""The test fixtures' own promises: what a test commits is gone after it, a rollback inside a test
keeps what the test committed before, and the opt-out commits for real and empties afterwards."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org.models import Department
from tests import factories
from tests.conftest import _emptied_afterwards, _rolled_back


def _departments() -> int:
    return db.session.scalar(select(func.count()).select_from(Department)) or 0


def test_what_a_test_commits_is_rolled_back_after_it(_session_app: Flask) -> None:
    with _session_app.app_context():
        with _rolled_back(_session_app):
            factories.department("Kulturförvaltningen", "KUL")
            db.session.commit()
            assert _departments() == 1
        assert _departments() == 0


def test_a_rollback_in_the_code_under_test_keeps_what_was_committed_before(app: Flask) -> None:
    factories.department("Kulturförvaltningen", "KUL")
    db.session.commit()
    factories.department("Miljöförvaltningen", "MIL")
    db.session.rollback()  # as the error handler does
    assert [d.code for d in db.session.scalars(select(Department))] == ["KUL"]


def test_a_request_sees_what_the_test_committed(client, org) -> None:
    assert client.get("/login").status_code == 200
    assert (
        client.post(
            "/login", data={"email": org.staff.email, "password": factories.PASSWORD}
        ).status_code
        == 302
    )


# These two run in this order (pytest keeps a module's order): the second sees the first's change
# undone.
def test_a_test_may_change_the_configuration(app: Flask) -> None:
    app.config["LEARNAPP_FIXTURE_PROBE"] = True
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 1


def test_the_next_test_has_the_configuration_back(app: Flask) -> None:
    assert "LEARNAPP_FIXTURE_PROBE" not in app.config
    assert app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] != 1


@pytest.mark.commits
def test_the_opt_out_commits_for_real_so_another_thread_sees_it(app: Flask) -> None:
    factories.department("Kulturförvaltningen", "KUL")
    db.session.commit()
    seen: list[int] = []

    def other_thread() -> None:
        with app.app_context():
            seen.append(_departments())

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen == [1]


def test_the_opt_out_empties_every_table_afterwards(_session_app: Flask) -> None:
    with _session_app.app_context():
        with _emptied_afterwards():
            factories.department("Kulturförvaltningen", "KUL")
            db.session.commit()
        assert _departments() == 0
