"""The audit log page: failed sign-ins are there; filter, paging and the CSV export."""

from __future__ import annotations

import re
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
    assert "Inloggningen misslyckades" in page and "staff@example.org" in page


def table(page: str) -> str:
    """The log's table, without the filter form (whose list names every kind of event)."""
    return page.split("<table", 1)[1]


def test_the_log_filters_by_action_actor_and_date(client: Any, login: Any, org: Any) -> None:
    record("person.roles_changed", actor=org.admin, target=org.staff)
    record("people.import", actor=org.coordinator)
    old = record("export.needs", actor=org.admin)
    old.at = utcnow() - timedelta(days=40)
    db.session.commit()
    login(org.admin)
    by_action = table(client.get("/admin/audit?action=people.import").text)
    imported, roles = "Personer importerades från HR-filen", "Rollerna ändrades"
    assert imported in by_action and roles not in by_action
    by_actor = table(client.get("/admin/audit?actor=samordnare").text)
    assert imported in by_actor and "export.needs</code>" not in by_actor
    since = (utcnow() - timedelta(days=10)).date().isoformat()
    recent = table(client.get(f"/admin/audit?date_from={since}").text)
    assert "export.needs</code>" not in recent and imported in recent


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
    # When: a local time to the minute, as in every CSV.
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d;person\.updated;", text, re.MULTILINE)
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


def test_events_and_their_objects_are_named_in_the_readers_language(
    client: Any, login: Any, org: Any
) -> None:
    record("person.roles_changed", actor=org.admin, target=org.staff)
    record("org.unit_renamed", actor=org.admin, target=org.soder)
    db.session.commit()
    login(org.admin)
    swedish = client.get("/admin/audit").text
    org.admin.language = "en"
    db.session.commit()
    english = client.get("/admin/audit").text
    assert "Rollerna ändrades" in swedish and "Enhet: Söderskolan" in swedish
    assert "Roles changed" in english and "Unit: Söderskolan" in english
    person_link = f'<a href="/admin/people/{org.staff.id}">{org.staff.name}</a>'
    assert person_link in swedish and person_link in english
    for page in (swedish, english):
        assert "person.roles_changed" not in table(page)  # only as the filter's value
        assert f"person {org.staff.id}" not in page


def test_every_audit_action_in_the_source_has_a_name() -> None:
    """A new event code must get its name in learnapp/admin/audit_names.py (both catalogues)."""
    import re
    from pathlib import Path

    from learnapp.admin.audit_names import ACTIONS

    source = Path(__file__).resolve().parents[2] / "learnapp"
    call = re.compile(r"\b(?:record|record_many)\(\s*\"([a-z_]+\.[a-z_.]+)\"")
    codes = {
        code
        for path in source.rglob("*.py")
        for code in call.findall(path.read_text(encoding="utf-8"))
    }
    assert codes and codes <= set(ACTIONS), sorted(codes - set(ACTIONS))


def test_details_are_named_and_shown_readably_in_the_readers_language(
    client: Any, login: Any, org: Any
) -> None:
    record("org.unit_moved", actor=org.admin, target=org.soder, before_parent=org.schools.id,
           parent=None)  # fmt: skip
    record("person.updated", actor=org.admin, target=org.staff, fields=["unit_id", "job_title"])
    record("person.roles_changed", actor=org.admin, target=org.staff, before=[],
           after=["coordinator"], source="hr_import")  # fmt: skip
    record("routines.created", actor=org.admin, template="skola-och-forskola")
    db.session.commit()
    login(org.admin)
    swedish = table(client.get("/admin/audit").text)
    org.admin.language = "en"
    db.session.commit()
    english = table(client.get("/admin/audit").text)
    assert "Tidigare överordnad enhet: Grundskolor" in swedish
    assert "Ändrade uppgifter: enhet, befattning" in swedish
    assert "Efter ändringen: Samordnare" in swedish and "Källa: HR-filen" in swedish
    assert "Previous parent unit: Grundskolor" in english
    assert "Changed fields: unit, job title" in english
    assert "After the change: Coordinator" in english and "Source: the HR file" in english
    for page in (swedish, english):
        assert ": <code>skola-och-forskola</code>" in page  # an identifier stays as it is
        for code in ("unit_id", "before_parent", "hr_import", "coordinator"):
            assert code not in page
    csv = client.get("/admin/audit.csv").data.decode("utf-8-sig")
    assert "unit_id" in csv and "before_parent" in csv  # the export keeps the codes


def test_every_detail_key_in_the_source_has_a_name() -> None:
    """A new detail key must get its name in learnapp/admin/audit_details.py (both catalogues)."""
    import ast
    from pathlib import Path

    from learnapp.admin.audit_details import DETAILS
    from learnapp.admin.people_import import ImportReport

    source = Path(__file__).resolve().parents[2] / "learnapp"
    keys: set[str] = set(ImportReport().counts())  # people.import records its counts
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ("record", "audit", "_audit", "anonymise", "set_active", "_new_course"):
                keys |= {k.arg for k in node.keywords if k.arg} - {
                    "actor", "target", "client_address", "target_type", "target_id",
                }  # fmt: skip
            if name == "record_many":
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Dict):
                        keys |= {k.value for k in inner.keys if isinstance(k, ast.Constant)}
    assert len(keys) > 40
    assert keys <= set(DETAILS), sorted(keys - set(DETAILS))
