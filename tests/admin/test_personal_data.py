"""The personal-data registry: every foreign key to person.id is claimed by a feature's section,
and "my data" holds what it used to miss (reminders sent, the person's own audit events)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ForeignKey, Integer

from learnapp import personal_data
from learnapp.audit.services import record
from learnapp.extensions import db
from learnapp.training.models import ReminderSent


def person_foreign_keys(tables: Any = None) -> set[str]:
    """Every "table.column" of the schema (or of `tables`) that refers to person.id."""
    return {
        f"{table.name}.{column.name}"
        for table in (db.metadata.tables.values() if tables is None else tables)
        for column in table.columns
        for fk in column.foreign_keys
        if fk.target_fullname == "person.id"
    }


def test_every_foreign_key_to_a_person_is_claimed_by_a_section(app: Any) -> None:
    unclaimed = person_foreign_keys() - set(personal_data.claimed())
    assert not unclaimed, (
        "Personal data no feature answers for; register it in the feature's personal_data.py "
        f"(exported, or why not): {sorted(unclaimed)}"
    )


def test_no_section_claims_a_column_that_is_not_a_foreign_key_to_a_person(app: Any) -> None:
    assert set(personal_data.claimed()) - person_foreign_keys() == set()


def test_a_new_table_pointing_at_a_person_is_caught(app: Any) -> None:
    probe = db.Table(
        "probe_notes",
        db.MetaData(),
        db.Column("id", Integer, primary_key=True),
        db.Column("person_id", ForeignKey("person.id")),
    )
    tables = [*db.metadata.tables.values(), probe]
    assert person_foreign_keys(tables) - set(personal_data.claimed()) == {"probe_notes.person_id"}


def test_my_data_holds_the_reminders_sent_and_my_own_audit_events(
    client: Any, login: Any, org: Any
) -> None:
    db.session.add(ReminderSent(person_id=org.staff.id, kind="overdue"))
    db.session.add(ReminderSent(person_id=org.other_staff.id, kind="due"))
    record("course.viewed_probe", actor=org.staff, target=org.staff)
    record("course.viewed_probe", actor=org.other_staff, target=org.other_staff)
    db.session.commit()
    login(org.staff)
    data = json.loads(client.get("/privacy/my-data.json").data)
    assert [r["kind"] for r in data["reminders_sent"]] == ["overdue"]
    assert data["reminders_sent"][0]["course"] is None
    own = [e for e in data["own_audit_events"] if e["action"] == "course.viewed_probe"]
    assert own == [
        {
            "action": "course.viewed_probe",
            "at": own[0]["at"],
            "target_type": "person",
            "target_id": org.staff.id,
            "client_address": None,
        }
    ]
    # the sign-in itself is one of the person's own events
    assert any(e["action"].startswith("auth.") for e in data["own_audit_events"])


def test_anonymising_deletes_secrets_and_mails_and_keeps_the_reminders(org: Any) -> None:
    from sqlalchemy import func, select

    from learnapp.admin import privacy
    from learnapp.auth.models import MfaCredential, RecoveryCode
    from learnapp.mail import send_mail
    from learnapp.notifications.models import CalendarToken, OutboxMail

    person = org.staff
    db.session.add(MfaCredential(person_id=person.id, secret="S" * 32))
    db.session.add(RecoveryCode(person_id=person.id, code_hash="h" * 64))
    db.session.add(CalendarToken(person_id=person.id, token_hash="t" * 64))
    db.session.add(ReminderSent(person_id=person.id, kind="overdue"))
    send_mail(person.email, "Hej", "Text", person_id=person.id)
    send_mail(org.other_staff.email, "Hej", "Text", person_id=org.other_staff.id)
    person.active = False
    db.session.flush()

    privacy.anonymise(person, actor=None)

    def count(model: Any, column: Any, person_id: int) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(column == person_id))

    assert count(MfaCredential, MfaCredential.person_id, person.id) == 0
    assert count(RecoveryCode, RecoveryCode.person_id, person.id) == 0
    assert count(CalendarToken, CalendarToken.person_id, person.id) == 0
    assert count(OutboxMail, OutboxMail.person_id, person.id) == 0
    assert count(OutboxMail, OutboxMail.person_id, org.other_staff.id) == 1
    assert count(ReminderSent, ReminderSent.person_id, person.id) == 1
