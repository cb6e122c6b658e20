"""Every admin route: staff and managers get 403, coordinators only read, admins may all."""

from __future__ import annotations

from typing import Any

import pytest

from learnapp.extensions import db

ADMIN_ONLY = [
    ("get", "/admin/departments"),
    ("post", "/admin/departments"),
    ("get", "/admin/departments/{dept}"),
    ("post", "/admin/departments/{dept}"),
    ("get", "/admin/units"),
    ("post", "/admin/units"),
    ("get", "/admin/units/{unit}"),
    ("post", "/admin/units/{unit}/rename"),
    ("post", "/admin/units/{unit}/move"),
    ("post", "/admin/units/{unit}/merge"),
    ("get", "/admin/people/new"),
    ("post", "/admin/people/new"),
    ("post", "/admin/people/{person}"),
    ("post", "/admin/people/{person}/active"),
    ("get", "/admin/people/{person}/anonymise"),
    ("post", "/admin/people/{person}/anonymise"),
    ("get", "/admin/import"),
    ("post", "/admin/import"),
    ("post", "/admin/import/confirm"),
]
READABLE = [
    ("get", "/admin/"),
    ("get", "/admin/people"),
    ("get", "/admin/people/{person}"),
    ("get", "/admin/audit"),
    ("get", "/admin/audit.csv"),
]


def url(template: str, org: Any) -> str:
    return template.format(dept=org.school_dept.id, unit=org.norr.id, person=org.other_staff.id)


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY + READABLE)
@pytest.mark.parametrize("who", ["staff", "manager"])
def test_staff_and_managers_are_forbidden(
    client: Any, login: Any, org: Any, who: str, method: str, path: str
) -> None:
    login(getattr(org, who))
    response = getattr(client, method)(url(path, org))
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY)
def test_coordinators_cannot_change_anything(
    client: Any, login: Any, org: Any, method: str, path: str
) -> None:
    login(org.coordinator)
    response = getattr(client, method)(url(path, org))
    assert response.status_code == 403
    db.session.refresh(org.other_staff)
    assert org.other_staff.active


@pytest.mark.parametrize(("method", "path"), READABLE)
def test_coordinators_may_read_people_and_the_audit_log(
    client: Any, login: Any, org: Any, method: str, path: str
) -> None:
    login(org.coordinator)
    assert getattr(client, method)(url(path, org)).status_code == 200


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY[:1] + READABLE)
def test_signed_out_visitors_are_sent_to_sign_in(
    client: Any, org: Any, method: str, path: str
) -> None:
    response = getattr(client, method)(url(path, org))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "path", ["/admin/departments", "/admin/units", "/admin/people/new", "/admin/import",
             "/admin/units/{unit}", "/admin/people/{person}", "/admin/"]
)  # fmt: skip
def test_admins_see_every_screen(client: Any, login: Any, org: Any, path: str) -> None:
    login(org.admin)
    response = client.get(url(path, org))
    assert response.status_code == 200
    assert response.data.count(b"<h1") == 1


def test_the_menu_shows_administration_to_admins_only(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    assert b'href="/admin/"' in client.get("/").data
    login.logout()
    login(org.staff)
    assert b'href="/admin/"' not in client.get("/").data


def test_unknown_ids_answer_404(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    assert client.get("/admin/units/99999").status_code == 404
    assert client.get("/admin/people/99999").status_code == 404
    assert client.get("/admin/departments/99999").status_code == 404
