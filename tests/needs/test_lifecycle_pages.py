"""Opening and closing ask for a confirmation that says how many are asked; a closed inventory
is reopened, an open one's closing date extended, each audited; bad dates change nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import InventoryScope
from tests.needs.conftest import answer, areas, make_inventory  # noqa: F401 (fixtures)


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_opening_asks_first_and_says_how_many_are_asked(client, login, org, make_inventory):  # noqa: F811
    inv = make_inventory(
        scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept], opened=False
    )
    login(org.coordinator)
    page = client.get(f"/needs/{inv.id}").get_data(as_text=True)
    assert f'href="/needs/{inv.id}/open"' in page
    page = client.get(f"/needs/{inv.id}/open").get_data(as_text=True)
    # Rektor Söder, Lärare Söder, Lärare Norr
    assert "3 personer tillfrågas. Var och en får en inbjudan med e-post" in page
    db.session.refresh(inv)
    assert inv.is_draft
    # A POST without the confirmation shows the confirmation again and opens nothing.
    r = client.post(f"/needs/{inv.id}/open")
    assert r.status_code == 200 and "3 personer tillfrågas" in r.get_data(as_text=True)
    db.session.refresh(inv)
    assert inv.is_draft
    client.post(f"/needs/{inv.id}/open", data={"confirmed": "1"})
    db.session.refresh(inv)
    assert inv.is_open


def test_closing_asks_first_and_says_how_many_have_not_answered(
    client,
    login,
    org,
    make_inventory,  # noqa: F811
    answer,  # noqa: F811
):
    inv = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept])
    answer(inv, org.staff)
    login(org.coordinator)
    page = client.get(f"/needs/{inv.id}/close").get_data(as_text=True)
    assert "1 av 3 tillfrågade har svarat." in page
    assert "2 personer har inte svarat och kommer inte längre att kunna svara." in page
    client.post(f"/needs/{inv.id}/close", data={"confirmed": "1"})
    db.session.refresh(inv)
    assert inv.is_closed
    # Nothing to confirm any more: the confirmation page sends back to the inventory.
    assert client.get(f"/needs/{inv.id}/close").status_code == 302


def test_an_open_inventorys_closing_date_is_extended_and_audited(
    client,
    login,
    org,
    make_inventory,  # noqa: F811
):
    inv = make_inventory()
    today = utcnow().date()
    inv.closes_on = today + timedelta(days=3)
    db.session.commit()
    login(org.coordinator)
    new_date = today + timedelta(days=10)
    r = client.post(f"/needs/{inv.id}/closing-date", data={"closes_on": new_date.isoformat()})
    assert r.status_code == 302
    db.session.refresh(inv)
    assert inv.closes_on == new_date and inv.is_open
    [event] = _events("needs.inventory_extended")
    assert event.actor_id == org.coordinator.id
    assert event.details["previous_closes_on"] == (today + timedelta(days=3)).isoformat()
    assert event.details["closes_on"] == new_date.isoformat()


def test_a_closed_inventory_is_reopened_until_a_new_date(client, login, org, make_inventory):  # noqa: F811
    inv = make_inventory()
    client_login = login(org.coordinator)
    assert client_login.status_code == 302
    client.post(f"/needs/{inv.id}/close", data={"confirmed": "1"})
    page = client.get(f"/needs/{inv.id}").get_data(as_text=True)
    assert f'href="/needs/{inv.id}/closing-date"' in page
    new_date = utcnow().date() + timedelta(days=7)
    r = client.post(
        f"/needs/{inv.id}/closing-date",
        data={"closes_on": new_date.isoformat()},
        follow_redirects=True,
    )
    assert "Inventeringen är öppen igen." in r.get_data(as_text=True)
    db.session.refresh(inv)
    assert inv.is_open and inv.closed_at is None and inv.closes_on == new_date
    assert len(_events("needs.inventory_reopened")) == 1


def test_bad_closing_dates_are_refused_with_a_clear_error(client, login, org, make_inventory):  # noqa: F811
    inv = make_inventory()
    today = utcnow().date()
    inv.closes_on = today + timedelta(days=5)
    db.session.commit()
    login(org.coordinator)
    cases = {
        (today - timedelta(days=1)).isoformat(): "Stängningsdagen måste vara i dag eller senare.",
        (today + timedelta(days=2)).isoformat(): "Välj en dag efter nuvarande stängningsdag.",
        "inte ett datum": "Inte ett giltigt datum",
        "": "Det här fältet är obligatoriskt.",
    }
    for value, message in cases.items():
        r = client.post(f"/needs/{inv.id}/closing-date", data={"closes_on": value})
        assert r.status_code == 200, value
        page = r.get_data(as_text=True)
        assert "Rätta följande" in page and message in page, (
            value,
            page[page.find("error-summary") :][:600],
        )
    db.session.refresh(inv)
    assert inv.closes_on == today + timedelta(days=5)
    assert _events("needs.inventory_extended") == []


def test_a_draft_has_no_closing_date_page_and_others_cannot_reach_it(
    client,
    login,
    org,
    make_inventory,  # noqa: F811
):
    draft = make_inventory(opened=False)
    login(org.coordinator)
    assert client.get(f"/needs/{draft.id}/closing-date").status_code == 404
    inv = make_inventory(title="Öppen")
    login.logout()
    login(org.manager)
    assert client.get(f"/needs/{inv.id}/closing-date").status_code == 403
    assert client.get(f"/needs/{inv.id}/open").status_code == 403
