from __future__ import annotations

import pytest

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import InventoryScope, InventoryStateError, NeedsInventory
from learnapp.needs.services import copy_inventory, update_inventory


def test_open_refuses_unless_draft(make_inventory):
    inv = make_inventory()
    with pytest.raises(InventoryStateError):
        inv.open(utcnow())


def test_close_refuses_unless_open(make_inventory):
    inv = make_inventory(opened=False)
    with pytest.raises(InventoryStateError):
        inv.close(utcnow())
    inv.open(utcnow())
    inv.close(utcnow())
    assert inv.is_closed
    with pytest.raises(InventoryStateError):
        inv.close(utcnow())
    with pytest.raises(InventoryStateError):
        inv.open(utcnow())


def test_only_a_draft_can_be_edited(make_inventory):
    inv = make_inventory()
    with pytest.raises(InventoryStateError):
        update_inventory(
            inv,
            title="x",
            description="",
            scope=InventoryScope.EVERYONE,
            opens_on=None,
            closes_on=None,
            departments=[],
        )


def test_departments_scope_needs_a_department_to_open(make_inventory):
    inv = make_inventory(scope=InventoryScope.DEPARTMENTS, opened=False)
    with pytest.raises(InventoryStateError):
        inv.open(utcnow())


def test_copy_is_a_draft_linked_to_its_source(make_inventory, org):
    inv = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.social_dept])
    copy = copy_inventory(inv, org.coordinator)
    db.session.commit()
    assert copy.is_draft and copy.copied_from_id == inv.id
    assert [d.id for d in copy.departments] == [org.social_dept.id]


CONFIRMED = {"confirmed": "1"}


def test_coordinator_creates_opens_and_closes_through_the_pages(client, login, org, areas):
    login(org.coordinator)
    data = {"title": "Nyckelpersoner 2024", "scope": "key_persons", "areas": [areas[0].id]}
    r = client.post("/needs/new", data=data)
    assert r.status_code == 302
    inv = db.session.scalar(db.select(NeedsInventory))
    assert client.post(f"/needs/{inv.id}/open", data=CONFIRMED).status_code == 302
    db.session.refresh(inv)
    assert inv.is_open
    r = client.post(f"/needs/{inv.id}/open", data=CONFIRMED, follow_redirects=True)
    assert "Bara ett utkast kan öppnas" in r.get_data(as_text=True)
    client.post(f"/needs/{inv.id}/close", data=CONFIRMED)
    db.session.refresh(inv)
    assert inv.is_closed
    assert client.get(f"/needs/{inv.id}/edit").status_code == 302


def test_staff_and_managers_cannot_reach_coordinator_pages(client, login, org, make_inventory):
    inv = make_inventory()
    login(org.manager)
    for url in [
        "/needs/new",
        f"/needs/{inv.id}",
        f"/needs/{inv.id}/results",
        f"/needs/{inv.id}/results/departments/{org.school_dept.id}",
        f"/needs/{inv.id}/export.xlsx",
        f"/needs/{inv.id}/export.csv",
        "/needs/areas",
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/needs/{inv.id}/close").status_code == 403
    # A unit's results page is the manager's too, but only for units they manage.
    assert client.get(f"/needs/{inv.id}/results/units/{org.norr.id}").status_code == 404


def test_area_names_are_edited_and_the_code_stays(client, login, org, areas):
    login(org.coordinator)
    area = areas[0]
    r = client.post(f"/needs/areas/{area.id}", data={"name_sv": "Nytt namn", "name_en": "New"})
    assert r.status_code == 302
    client.post(f"/needs/areas/{area.id}/active", data={"active": "0"})
    db.session.refresh(area)
    assert (area.name_sv, area.code, area.active) == ("Nytt namn", "grunder", False)
