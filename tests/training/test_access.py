"""Every route of the feature: staff get 403 where they have no business, a manager asking for
another unit's ids gets 404, a coordinator asking for a missing id gets 404."""

from __future__ import annotations

import pytest

from learnapp.training.models import RuleScope

# (method, url template); {norr}, {other}, {rule}, {dept} are filled from the org fixture.
FOLLOWER_ROUTES_OUT_OF_SCOPE = [
    ("GET", "/training/team/units/{norr}"),
    ("GET", "/training/team/units/{norr}/export.csv"),
    ("GET", "/training/team/units/{norr}/export.xlsx"),
    ("POST", "/training/team/people/{other}/remind"),
]
COORDINATOR_ROUTES = [
    ("GET", "/training/rules"),
    ("GET", "/training/rules/new"),
    ("POST", "/training/rules/{rule}/remove"),
    ("GET", "/training/overview"),
    ("GET", "/training/overview/departments/{dept}"),
    ("GET", "/training/overview/units/{norr}"),
    ("GET", "/training/overview.csv"),
    ("GET", "/training/overview.xlsx"),
    ("GET", "/reports/"),
    ("GET", "/reports/report.xlsx"),
]
FOLLOWER_ROUTES = [("GET", "/training/team"), *FOLLOWER_ROUTES_OUT_OF_SCOPE]


@pytest.fixture
def ids(org, make_rule):
    rule = make_rule(RuleScope.EVERYONE)
    return {
        "norr": org.norr.id,
        "other": org.other_staff.id,
        "rule": rule.id,
        "dept": org.school_dept.id,
    }


def call(client, method, url, ids):
    return client.open(url.format(**ids), method=method)


@pytest.mark.parametrize(("method", "url"), FOLLOWER_ROUTES_OUT_OF_SCOPE)
def test_manager_gets_404_for_another_units_ids(client, login, org, ids, method, url):
    login(org.manager)
    assert call(client, method, url, ids).status_code == 404


@pytest.mark.parametrize(("method", "url"), FOLLOWER_ROUTES + COORDINATOR_ROUTES)
def test_staff_get_403(client, login, org, ids, method, url):
    login(org.staff)
    assert call(client, method, url, ids).status_code == 403


@pytest.mark.parametrize(("method", "url"), COORDINATOR_ROUTES)
def test_manager_gets_403_on_coordinator_pages(client, login, org, ids, method, url):
    login(org.manager)
    assert call(client, method, url, ids).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/training/overview/departments/99999",
        "/training/overview/units/99999",
        "/training/team/units/99999",
        "/training/team/units/99999/export.csv",
    ],
)
def test_coordinator_gets_404_for_missing_ids(client, login, org, ids, url):
    login(org.coordinator)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("method", "url"), FOLLOWER_ROUTES + COORDINATOR_ROUTES + [("GET", "/training/mine")]
)
def test_anonymous_is_sent_to_sign_in(client, org, ids, method, url):
    assert call(client, method, url, ids).status_code in (302, 401)


def test_manager_may_open_their_own_unit(client, login, org, ids):
    login(org.manager)
    assert client.get(f"/training/team/units/{org.soder.id}").status_code == 200


def test_staff_may_open_their_own_training(client, login, org, ids):
    login(org.staff)
    assert client.get("/training/mine").status_code == 200
