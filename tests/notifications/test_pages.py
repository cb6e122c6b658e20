"""The person's mail and calendar page, the calendar feed, and the reminders sent by hand."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import event, func, select

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import InventoryScope
from learnapp.notifications import unit_reminders
from learnapp.notifications.delivery import deliver
from learnapp.notifications.models import MailPreference, OutboxMail
from learnapp.training import status
from learnapp.training.models import RuleScope
from tests.needs.conftest import answer, areas, make_inventory  # noqa: F401 (fixtures)
from tests.training.conftest import course, days, make_rule  # noqa: F401 (fixtures)


def _feed_url(page: str) -> str:
    match = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def test_a_person_turns_optional_mails_off_and_on(client, login, org):
    login(org.staff)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "E-post och kalender" in page
    assert 'name="optional_mails"' in page and "checked" in page
    client.post("/notifications/settings", data={})
    assert db.session.get(MailPreference, org.staff.id).optional_mails is False
    client.post("/notifications/settings", data={"optional_mails": "y"})
    db.session.expire_all()
    assert db.session.get(MailPreference, org.staff.id).optional_mails is True


def test_the_settings_page_needs_sign_in(client, org):
    assert client.get("/notifications/settings").status_code == 302


def test_the_calendar_feed_lists_due_dates_and_can_be_turned_off(
    client,
    login,
    org,
    make_rule,  # noqa: F811
    make_inventory,  # noqa: F811
):
    make_rule(RuleScope.KEY_PERSONS, due_days=10)
    inventory = make_inventory()
    inventory.closes_on = utcnow().date() + timedelta(days=20)
    db.session.commit()
    login(org.staff)
    page = client.post("/notifications/settings/calendar", data={"action": "new"})
    url = _feed_url(page.get_data(as_text=True))
    path = url.split("learnapp.test", 1)[1]
    login.logout()
    response = client.get(path)  # no sign-in: the address is the key
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    starts = sorted(e.decoded("dtstart") for e in cal.walk("VEVENT"))
    today = utcnow().date()
    assert starts == [today + timedelta(days=10), today + timedelta(days=20)]
    login(org.staff)
    client.post("/notifications/settings/calendar", data={"action": "off"})
    assert client.get(path).status_code == 404


def test_a_new_calendar_address_stops_the_old_one(client, login, org):
    login(org.staff)
    first = _feed_url(
        client.post("/notifications/settings/calendar", data={"action": "new"}).get_data(
            as_text=True
        )
    )
    second = _feed_url(
        client.post("/notifications/settings/calendar", data={"action": "new"}).get_data(
            as_text=True
        )
    )
    assert client.get(first.split("learnapp.test", 1)[1]).status_code == 404
    assert client.get(second.split("learnapp.test", 1)[1]).status_code == 200


def test_an_unknown_calendar_token_is_404(client, org):
    assert client.get("/notifications/calendar/not-a-token.ics").status_code == 404


def test_a_bad_calendar_action_is_400(client, login, org):
    login(org.staff)
    assert client.post("/notifications/settings/calendar", data={"action": "x"}).status_code == 400


def test_remind_now_shows_the_count_then_sends_on_confirmation(
    client,
    login,
    org,
    outbox,
    make_inventory,  # noqa: F811
    answer,  # noqa: F811
):
    inventory = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept])
    answer(inventory, org.staff)
    deliver()
    outbox.clear()
    login(org.coordinator)
    page = client.get(f"/notifications/inventories/{inventory.id}/remind").get_data(as_text=True)
    assert "2 personer har inte svarat" in page
    assert outbox == []  # nothing before the confirmation
    client.post(f"/notifications/inventories/{inventory.id}/remind")
    assert sorted(m["To"] for m in outbox) == sorted([org.manager.email, org.other_staff.email])
    client.post(f"/notifications/inventories/{inventory.id}/remind")
    assert len(outbox) == 2  # not twice within a day


def test_only_coordinators_remind_an_inventory(client, login, org, make_inventory):  # noqa: F811
    inventory = make_inventory()
    login(org.manager)
    assert client.post(f"/notifications/inventories/{inventory.id}/remind").status_code == 403
    login.logout()
    login(org.coordinator)
    assert client.get("/notifications/inventories/999/remind").status_code == 404


def test_a_manager_reminds_a_units_overdue_people_once_a_day(
    client,
    login,
    org,
    outbox,
    make_rule,  # noqa: F811
):
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    deliver()
    outbox.clear()
    login(org.manager)
    page = client.get(f"/notifications/units/{org.soder.id}/remind").get_data(as_text=True)
    assert "<li>Lärare Söder: Grunder om extremism</li>" in page
    assert "<li>Rektor Söder" not in page  # not oneself
    client.post(f"/notifications/units/{org.soder.id}/remind")
    assert [m["To"] for m in outbox] == [org.staff.email]
    client.post(f"/notifications/units/{org.soder.id}/remind")
    client.post(f"/training/team/people/{org.staff.id}/remind")
    assert len(outbox) == 1


def test_reminding_a_large_unit_names_the_first_people_and_counts_the_rest(
    client,
    login,
    org,
    outbox,
    monkeypatch,
    make_rule,  # noqa: F811
):
    monkeypatch.setattr(unit_reminders, "LISTED", 1)
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    deliver()
    outbox.clear()
    login(org.coordinator)
    page = client.get(f"/notifications/units/{org.schools.id}/remind").get_data(as_text=True)
    assert "3 personer får var sitt e-postmeddelande" in page
    assert "<li>Lärare Norr: Grunder om extremism</li>" in page and "<li>Lärare Söder" not in page
    assert "Och 2 personer till." in page
    client.post(f"/notifications/units/{org.schools.id}/remind")
    assert len(outbox) == 3


def test_the_unit_reminder_page_names_people_in_swedish_order(
    client,
    login,
    org,
    make_rule,  # noqa: F811
):
    """Å before Ä before Ö, as every list of names (code point order puts Ä before Å)."""
    org.staff.name, org.other_staff.name = "Ärla Berg", "Åsa Berg"
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    login(org.coordinator)
    page = client.get(f"/notifications/units/{org.schools.id}/remind").get_data(as_text=True)
    assert 0 < page.index("<li>Åsa Berg:") < page.index("<li>Ärla Berg:")


def test_the_unit_reminder_count_reads_the_partial_index_of_overdue_statuses_by_unit(
    client,
    login,
    org,
    make_rule,  # noqa: F811
):
    """The people with an overdue course are counted from the partial index of overdue statuses
    by unit (migration 0026), not from the people below the unit and each one's status rows
    (31 ms below a department's top unit at 100,000 people on PostgreSQL). A plan on SQLite;
    PostgreSQL's planner scans tables this small whatever the indexes (measured in bench/)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a plan on SQLite")
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT count(DISTINCT course_status.person_id)"):
            seen.append((statement, parameters))

    login(org.coordinator)
    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        page = client.get(f"/notifications/units/{org.schools.id}/remind")
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert "3 personer får var sitt e-postmeddelande" in page.get_data(as_text=True)
    ((statement, parameters),) = seen
    connection = db.session.connection()
    plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    assert "ix_course_status_overdue_unit" in str(plan)


def test_a_manager_cannot_remind_another_unit(client, login, org):
    login(org.manager)
    assert client.get(f"/notifications/units/{org.norr.id}/remind").status_code == 404
    assert client.post(f"/notifications/units/{org.norr.id}/remind").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
