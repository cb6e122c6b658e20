"""Findings 4, 7 and 8: no timing difference for unknown accounts, a throttle that holds against
parallel attempts, and a per-address rule that slows a spraying run behind one NAT address
without locking out the colleagues there who type their right password."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import werkzeug.security
from sqlalchemy import update

from learnapp import create_app
from learnapp.auth.models import LoginFailure
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person
from tests import factories
from tests.conftest import RequestClient, make_test_config


@pytest.fixture
def hash_calls(monkeypatch):
    calls: list[str] = []
    real = werkzeug.security._hash_internal

    def spy(method, salt, password):
        calls.append(method)
        return real(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", spy)
    return calls


def test_an_unknown_address_costs_the_same_password_check_as_a_wrong_password(
    app, login, org, hash_calls
):
    login("warm-up@example.org", "not-the-password")  # a dummy hash may be made once
    hash_calls.clear()
    login(org.staff, "not-the-password")
    wrong_password = list(hash_calls)
    hash_calls.clear()
    login("nobody@example.org", "not-the-password")
    unknown = list(hash_calls)
    hash_calls.clear()
    org.other_staff.active = False
    db.session.commit()
    login(org.other_staff, "not-the-password")
    deactivated = list(hash_calls)
    method = app.config["PASSWORD_HASH_METHOD"]
    assert wrong_password == unknown == deactivated == [method]


@pytest.mark.commits  # the threads' requests must see each other's commits
def test_parallel_wrong_passwords_reach_the_password_check_no_more_than_the_limit(
    app, database_url, org, monkeypatch
):
    # An app of its own: its database connections behave as in production (the per-test
    # transaction setup changes how SQLite begins transactions).
    served = create_app(make_test_config(database_url))
    served.test_client_class = RequestClient
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    checked: list[int] = []
    real = Person.check_password

    def slow_check(self, password):
        checked.append(1)
        time.sleep(0.3)  # a real hash takes this long; the race is in the gap
        return real(self, password)

    monkeypatch.setattr(Person, "check_password", slow_check)
    email = org.staff.email

    def attempt(_):
        return (
            served.test_client()
            .post("/login", data={"email": email, "password": "wrong-password"})
            .status_code
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, range(20)))
    with served.app_context():
        db.engine.dispose()
    assert len(checked) <= limit
    assert statuses.count(401) == len(checked)
    assert statuses.count(429) == 20 - len(checked)


def _spray(client, n, start=0):
    return [
        client.post(
            "/login", data={"email": f"guess{i}@example.org", "password": "Sommar2026!"}
        ).status_code
        for i in range(start, start + n)
    ]


def _age_failures(seconds):
    db.session.execute(update(LoginFailure).values(at=utcnow() - timedelta(seconds=seconds)))
    db.session.commit()


def test_a_spraying_run_behind_one_address_is_slowed_to_one_try_per_interval(app, org):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 5
    attacker = app.test_client()
    assert _spray(attacker, 5) == [401] * 5
    assert _spray(attacker, 3, start=5) == [429] * 3
    _age_failures(app.config["LOGIN_ADDRESS_INTERVAL_SECONDS"] + 1)
    assert _spray(attacker, 2, start=8) == [401, 429]


def test_colleagues_behind_the_same_address_still_sign_in_during_a_spraying_run(app, org):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 5
    colleague = app.test_client()
    assert (
        colleague.post(
            "/login", data={"email": org.staff.email, "password": factories.PASSWORD}
        ).status_code
        == 302
    )
    colleague.post("/logout")
    attacker = app.test_client()
    _spray(attacker, 10)
    # This browser has signed in to the account before: not held up by the address's failures.
    response = colleague.post(
        "/login", data={"email": org.staff.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    # A new browser waits at most one interval, then signs in.
    newcomer = app.test_client()
    _age_failures(app.config["LOGIN_ADDRESS_INTERVAL_SECONDS"] + 1)
    response = newcomer.post(
        "/login", data={"email": org.other_staff.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.commits  # a second app (ProxyFix is set up by create_app) reads the people
@pytest.mark.parametrize(("proxies", "recorded"), [(0, "10.0.0.1"), (1, "203.0.113.7")])
def test_the_client_address_comes_from_trusted_proxies_only(
    app, database_url, org, proxies, recorded
):
    email = org.staff.email
    proxied = create_app(make_test_config(database_url, TRUSTED_PROXIES=proxies))
    proxied.test_client_class = RequestClient
    proxied.test_client().post(
        "/login",
        data={"email": email, "password": "wrong-password"},
        headers={"X-Forwarded-For": "203.0.113.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    with proxied.app_context():
        db.engine.dispose()
    db.session.rollback()  # a fresh snapshot: the other app has committed since
    assert db.session.scalars(db.select(LoginFailure.client_address)).all() == [recorded]
