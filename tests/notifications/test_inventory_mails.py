"""Inventory mails through a real SMTP server: everyone in scope invited when it opens,
`flask needs remind` reminding exactly those who have not answered, at most twice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import InventoryScope
from learnapp.notifications import inventories
from learnapp.notifications.delivery import deliver
from learnapp.notifications.models import OutboxMail
from tests.needs.conftest import answer, areas, make_inventory  # noqa: F401 (fixtures)
from tests.notifications.conftest import text


def _remind(runner) -> str:
    result = runner.invoke(args=["needs", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def _closing_soon(inventory, days=5):
    inventory.closes_on = utcnow().date() + timedelta(days=days)
    db.session.commit()


def test_opening_an_inventory_mails_everyone_in_scope(smtp, app, org, make_inventory):  # noqa: F811
    app.config["BASE_URL"] = "https://utbildning.example.org"
    inventory = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept])
    deliver()
    mailed = sorted(m["To"] for m in smtp.messages)
    assert mailed == sorted([org.manager.email, org.staff.email, org.other_staff.email])
    body = text(smtp.to(org.staff.email)[0])
    assert f"https://utbildning.example.org/needs/{inventory.id}/answer" in body
    assert inventory.title in smtp.to(org.staff.email)[0]["Subject"]


def test_a_draft_mails_nobody(smtp, org, make_inventory):  # noqa: F811
    make_inventory(scope=InventoryScope.EVERYONE, opened=False)
    deliver()
    assert smtp.messages == []


def test_needs_remind_mails_exactly_those_who_have_not_answered(
    smtp,
    runner,
    org,
    make_inventory,  # noqa: F811
    answer,  # noqa: F811
):
    inventory = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept])
    deliver()
    smtp.messages.clear()
    answer(inventory, org.staff)
    _closing_soon(inventory)
    _remind(runner)
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        [org.manager.email, org.other_staff.email]
    )
    assert all(m["Subject"].startswith("Påminnelse") for m in smtp.messages)


def test_needs_remind_waits_until_the_inventory_closes_soon(smtp, runner, org, make_inventory):  # noqa: F811
    inventory = make_inventory()
    _closing_soon(inventory, days=30)
    smtp.messages.clear()
    assert "No open inventory closes soon." in _remind(runner)


def test_a_person_is_reminded_at_most_twice(smtp, app, org, make_inventory):  # noqa: F811
    inventory = make_inventory()  # key persons: only org.staff
    _closing_soon(inventory, days=7)
    now = utcnow()
    counts = [
        inventories.send_due_reminders(now + timedelta(days=d)).get(inventory.id, 0)
        for d in range(0, 7)
    ]
    assert counts == [1, 0, 0, 1, 0, 0, 0]


def test_an_answer_given_after_queueing_cancels_the_reminder(
    smtp,
    org,
    make_inventory,  # noqa: F811
    answer,  # noqa: F811
):
    inventory = make_inventory()
    deliver()
    smtp.messages.clear()
    assert inventories.remind_now(inventory) == 1
    db.session.commit()
    answer(inventory, org.staff)
    assert deliver().cancelled == 1
    assert smtp.messages == []


def test_remind_now_counts_then_skips_those_just_reminded(smtp, org, make_inventory):  # noqa: F811
    inventory = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept])
    assert inventories.remind_now_count(inventory) == 3
    assert inventories.remind_now(inventory) == 3
    db.session.commit()
    assert inventories.remind_now_count(inventory) == 0
    later = utcnow() + timedelta(days=1)
    assert inventories.remind_now_count(inventory, now=later) == 3


def test_invitations_for_many_people_are_one_statement(app, org, make_inventory):  # noqa: F811
    from tests.querycount import count_statements

    inventory = make_inventory(opened=False, scope=InventoryScope.EVERYONE)
    assert inventory.departments == []  # loaded before counting
    with count_statements() as queries:
        inventories.invite_everyone(inventory)
    assert len(queries) == 1
    assert len(db.session.scalars(select(OutboxMail)).all()) == 4


def test_the_reminder_service_writes_its_audit_event(smtp, org, make_inventory):  # noqa: F811
    """The service, not the view, records who reminded whom (issue 15: audit in services)."""
    inventory = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept])
    inventories.remind_now(inventory, actor=org.coordinator, client_address="192.0.2.1")
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "mail.inventory_reminded")
    )
    assert event is not None and event.actor_id == org.coordinator.id
    assert event.target_id == inventory.id and event.details["people"] == 3
