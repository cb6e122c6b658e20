"""The test fixtures' own promises: what a test commits is gone after it, a rollback inside a test
keeps what the test committed before, and the opt-out commits for real and empties afterwards."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person
from tests import factories
from tests.conftest import Org, _emptied_afterwards, _rolled_back


def _departments() -> int:
    return db.session.scalar(select(func.count()).select_from(Department)) or 0


def _people() -> int:
    return db.session.scalar(select(func.count()).select_from(Person)) or 0


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


# The org fixture's rows are shared by the tests that take it one after another (tests/conftest.py,
# `_World`). These run in this order: each later one sees what the earlier ones did undone.
def test_a_test_taking_org_may_change_and_add_to_it(org: Org) -> None:
    org.staff.name = "Ändrad"
    factories.person(org.soder, name="Ny i Söderskolan")
    factories.department("Kulturförvaltningen", "KUL")
    db.session.commit()
    assert _departments() == 3


def test_the_next_test_taking_org_gets_it_as_built(org: Org) -> None:
    assert org.staff.name == "Lärare Söder"
    assert _departments() == 2
    assert _people() == 6
    names = set(db.session.scalars(select(Person.name)))
    assert names == {
        p.name for p in (org.manager, org.staff, org.other_staff, org.social_staff)
    } | {
        org.coordinator.name,
        org.admin.name,
    }


def test_a_test_without_org_after_one_with_it_sees_no_rows(app: Flask) -> None:
    assert _departments() == 0 and _people() == 0


@pytest.fixture
def made_before_org(app: Flask) -> Department:
    department = factories.department("Kulturförvaltningen", "KUL")
    db.session.commit()
    return department


def test_a_fixture_set_up_before_org_writes_before_org_is_built(
    made_before_org: Department, org: Org
) -> None:
    assert made_before_org.id < org.school_dept.id < org.social_dept.id
    assert _departments() == 3
