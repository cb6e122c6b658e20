"""The audit log page: failed sign-ins are there; filter, paging and the CSV export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.audit.services import record
from learnapp.db import utcnow
from learnapp.extensions import db


def test_a_failed_sign_in_is_in_the_audit_log(client: Any, login: Any, org: Any) -> None:
    login(org.staff, password="wrong-password-here")
    login(org.admin)
    page = client.get("/admin/audit?action=auth.login_failed").text
    assert "auth.login_failed" in page and "staff@example.org" in page


def test_the_log_filters_by_action_actor_and_date(client: Any, login: Any, org: Any) -> None:
    record("person.roles_changed", actor=org.admin, target=org.staff)
    record("people.import", actor=org.coordinator)
    old = record("export.needs", actor=org.admin)
    old.at = utcnow() - timedelta(days=40)
    db.session.commit()
    login(org.admin)
    by_action = client.get("/admin/audit?action=people.import").text
    assert "people.import" in by_action and "person.roles_changed</code>" not in by_action
    by_actor = client.get("/admin/audit?actor=samordnare").text
    assert "people.import</code>" in by_actor and "export.needs</code>" not in by_actor
    since = (utcnow() - timedelta(days=10)).date().isoformat()
    recent = client.get(f"/admin/audit?date_from={since}").text
    assert "export.needs</code>" not in recent and "people.import</code>" in recent


def test_the_log_is_paged(client: Any, login: Any, org: Any) -> None:
    for i in range(60):
        record("test.event", actor=org.admin, n=i)
    db.session.commit()
    login(org.admin)
    first = client.get("/admin/audit?action=test.event").text
    second = client.get("/admin/audit?action=test.event&page=2").text
    assert first.count("test.event</code>") == 50
    assert second.count("test.event</code>") == 10


def test_the_export_is_csv_and_is_itself_audit_logged(client: Any, login: Any, org: Any) -> None:
    record("person.updated", actor=org.admin, target=org.staff, note="=2+2")
    db.session.commit()
    login(org.coordinator)
    response = client.get("/admin/audit.csv?action=person.updated")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    assert "person.updated;admin@example.org;person" in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.audit_log"))
    assert event is not None and event.actor_id == org.coordinator.id
    assert event.details["action_filter"] == "person.updated"


def test_the_export_neutralises_cells_that_look_like_formulas(
    client: Any, login: Any, org: Any
) -> None:
    record("=HYPERLINK(1)", actor=org.admin)
    db.session.commit()
    login(org.admin)
    text = client.get("/admin/audit.csv").data.decode("utf-8-sig")
    assert ";'=HYPERLINK(1);" in text
