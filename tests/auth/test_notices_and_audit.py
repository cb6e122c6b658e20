"""Findings 9 and 10: a notice mail after every password change or reset; sign-ins, sign-outs,
password changes and resets in the audit log."""

from __future__ import annotations

import re

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from tests import factories

NEW = "grön-cykel-under-bron-7"


def _body(message):
    return message.get_body(("plain",)).get_content()


def _actions():
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def test_a_password_change_is_mailed_to_the_account_holder(client, login, outbox, org):
    login(org.staff)
    client.post(
        "/password",
        data={"current": factories.PASSWORD, "new": NEW, "confirm": NEW},
        headers={"User-Agent": "Skolans dator"},
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
    )
    notice = outbox[-1]
    assert notice["To"] == org.staff.email
    assert "lösenord" in notice["Subject"].lower()
    body = _body(notice)
    assert "192.0.2.44" in body and "Skolans dator" in body
    assert "Om det inte var du" in body
    assert "/password/reset" in body


def test_a_password_reset_is_mailed_to_the_account_holder(client, outbox, org):
    client.post("/password/reset", data={"email": org.staff.email})
    token = re.search(r"/password/reset/(\S+)", _body(outbox[-1])).group(1)
    client.post(f"/password/reset/{token}", data={"new": NEW, "confirm": NEW})
    assert len(outbox) == 2
    assert "återställdes" in _body(outbox[-1])


def test_sign_in_sign_out_and_password_changes_are_audited(client, login, outbox, org):
    login(org.staff)
    client.post("/password", data={"current": factories.PASSWORD, "new": NEW, "confirm": NEW})
    client.post("/account/sign-out-everywhere")
    login(org.staff, NEW)
    login.logout()
    client.post("/password/reset", data={"email": org.staff.email})
    token = re.search(r"/password/reset/(\S+)", _body(outbox[-1])).group(1)
    client.post(f"/password/reset/{token}", data={"new": NEW + "x", "confirm": NEW + "x"})
    assert _actions() == [
        "auth.login",
        "auth.password_changed",
        "auth.signed_out_everywhere",
        "auth.login",
        "auth.logout",
        "auth.password_reset",
    ]
    events = db.session.scalars(db.select(AuditEvent)).all()
    assert all(e.target_id == org.staff.id for e in events)
