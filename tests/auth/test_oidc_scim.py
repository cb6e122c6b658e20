"""The issue's "done when" for the directory: a person Entra ID provisions through SCIM signs in
through the real OpenID Provider (tests/oidc) without anyone setting a password, and once the
directory disables or deletes them they cannot sign in any more: their session ends, the sign-in
ends on a clear page, and nothing of the attempt is written but the audit event."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.auth.models import AuthSession
from learnapp.extensions import db
from learnapp.org.models import Person
from tests.oidc.server import Browser
from tests.scim.conftest import Scim, entra_user
from tests.scim.conftest import scim as scim  # the fixture

OID = "0b5e2a3c-6d1f-4e8a-9c47-3f2a1b0c9d02"  # the provider's "provisioned-subject" account


@pytest.fixture
def browser(client: Any, provider: Any) -> Browser:
    return Browser(client, provider)


def _signed_in(client: Any) -> bool:
    return client.get("/account").status_code == 200


def _provisioned(scim: Scim) -> Person:
    response = scim.post("/Users", entra_user())
    assert response.status_code == 201, response.text
    person = db.session.get(Person, int(response.get_json()["id"]))
    assert person is not None
    return person


def test_a_person_provisioned_through_scim_signs_in_without_any_password(
    browser: Browser, client: Any, scim: Scim
) -> None:
    person = _provisioned(scim)
    assert person.password_hash is None and person.last_login_at is None
    response = browser.sign_in("provisioned-subject")
    assert response.status_code == 200
    assert browser.visited[-1] == "http://learnapp.test/"
    assert _signed_in(client)
    db.session.refresh(person)
    assert person.password_hash is None  # nobody set one
    assert person.oidc_subject == OID and person.last_login_at is not None
    session = db.session.scalars(select(AuthSession)).one()
    assert session.person_id == person.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event is not None and event.target_id == person.id
    assert event.details["method"] == "oidc"


DISABLE = {"op": "Replace", "path": "active", "value": "False"}  # as Entra sends it


@pytest.mark.parametrize("how", ["patch", "delete"])
def test_a_person_the_directory_disables_or_deletes_can_no_longer_sign_in(
    browser: Browser, client: Any, scim: Scim, how: str
) -> None:
    person = _provisioned(scim)
    browser.sign_in("provisioned-subject")
    assert _signed_in(client)
    db.session.refresh(person)
    signed_in_at = person.last_login_at

    if how == "patch":
        response = scim.patch(f"/Users/{person.id}", DISABLE)
        assert response.status_code == 200, response.text
        assert response.get_json()["active"] is False
    else:
        assert scim.delete(f"/Users/{person.id}").status_code == 204
    # The session already open ends at once.
    assert not _signed_in(client)

    refused = Browser(client, browser.provider).sign_in("provisioned-subject")
    assert refused.status_code == 403
    assert "Ditt konto är inte aktivt" in refused.text
    assert not _signed_in(client)
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert person is not None and not person.active
    assert person.last_login_at == signed_in_at  # nothing of the attempt written
    sessions = db.session.scalars(select(AuthSession)).all()
    assert len(sessions) == 1 and sessions[0].revoked_at is not None
    refusal = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.sso_refused"))
    assert refusal is not None and refusal.target_id == person.id
    assert refusal.details["reason"] == "deactivated"
    # The directory's history of the person is kept: deactivated, not removed.
    assert db.session.scalar(select(func.count()).select_from(Person).where(
        Person.email == "anna.1@kommun.se")) == 1  # fmt: skip


def test_a_person_the_directory_enables_again_signs_in_again(
    browser: Browser, client: Any, scim: Scim
) -> None:
    person = _provisioned(scim)
    scim.patch(f"/Users/{person.id}", DISABLE)
    assert browser.sign_in("provisioned-subject").status_code == 403
    response = scim.patch(
        f"/Users/{person.id}", {"op": "replace", "path": "active", "value": "True"}
    )
    assert response.status_code == 200, response.text
    assert Browser(client, browser.provider).sign_in("provisioned-subject").status_code == 200
    assert _signed_in(client)
