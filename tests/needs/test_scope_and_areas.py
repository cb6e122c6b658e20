"""Inventory v2 scope: key persons in chosen departments, the areas asked chosen per inventory,
and the people asked fixed when it opens (latecomers added by an explicit, counted action)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.needs import reports
from learnapp.needs.models import InventoryPerson, InventoryScope, NeedsInventory
from learnapp.needs.services import add_latecomers, latecomer_count, person_in_scope
from learnapp.notifications.delivery import deliver
from tests import factories
from tests.needs.conftest import form_for
from tests.notifications.conftest import smtp  # noqa: F401 (fixture)
from tests.querycount import count_statements


def _new(client, **data):
    base = {"title": "Behov 2027", "scope": "key_persons"}
    base.update(data)
    return client.post("/needs/new", data=base)


def test_key_persons_in_chosen_departments_asks_only_them(client, login, org, areas):
    org.social_staff.is_key_person = True
    db.session.commit()
    login(org.coordinator)
    r = _new(
        client,
        scope="key_persons_departments",
        departments=[str(org.school_dept.id)],
        areas=[str(a.id) for a in areas],
    )
    assert r.status_code == 302
    inv = db.session.scalar(select(NeedsInventory))
    assert inv.scope == "departments" and inv.key_persons_only
    page = client.get(f"/needs/{inv.id}").get_data(as_text=True)
    assert "Nyckelpersoner i valda förvaltningar: Utbildningsförvaltningen" in page
    client.post(f"/needs/{inv.id}/open", data={"confirmed": "1"})
    db.session.refresh(inv)
    # Lärare Söder is the one key person in the school department; Åsa Öberg is one elsewhere.
    assert person_in_scope(inv, org.staff)
    assert not person_in_scope(inv, org.social_staff)
    assert not person_in_scope(inv, org.other_staff)
    # The edit form shows the choice again (a copy keeps it).
    r = client.post(f"/needs/{inv.id}/copy")
    copy = db.session.get(NeedsInventory, int(r.headers["Location"].split("/")[2]))
    assert copy.key_persons_only and [d.id for d in copy.departments] == [org.school_dept.id]
    page = client.get(f"/needs/{copy.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="key_persons_departments"', page)


def test_that_scope_needs_a_department(client, login, org, areas):
    login(org.coordinator)
    r = _new(client, scope="key_persons_departments", areas=[str(areas[0].id)])
    assert r.status_code == 200 and "Välj minst en förvaltning." in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(NeedsInventory.id))) == 0


def test_the_areas_asked_are_chosen_per_inventory(client, login, org, areas):
    login(org.coordinator)
    chosen = areas[:2]
    _new(client, areas=[str(a.id) for a in chosen])
    inv = db.session.scalar(select(NeedsInventory))
    assert [a.id for a in inv.areas] == [a.id for a in chosen]
    client.post(f"/needs/{inv.id}/open", data={"confirmed": "1"})
    login.logout()
    login(org.staff)
    page = client.get(f"/needs/{inv.id}/answer").get_data(as_text=True)
    assert page.count('class="needs-pair"') == 2
    assert areas[2].name_sv not in page
    # Answers for only the chosen areas are complete.
    r = client.post(f"/needs/{inv.id}/answer", data=form_for(chosen, action="submit"))
    assert r.status_code == 302


def test_an_inventory_without_areas_is_refused(client, login, org, areas):
    login(org.coordinator)
    r = _new(client)
    assert r.status_code == 200
    assert "Välj minst ett kompetensområde." in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(NeedsInventory.id))) == 0


def test_the_new_form_offers_every_active_area_checked(client, login, org, areas):
    login(org.coordinator)
    page = client.get("/needs/new").get_data(as_text=True)
    fieldset = page[page.index('id="areas"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    for area in areas:
        assert re.search(rf'<input[^>]*checked[^>]*value="{area.id}"', fieldset), area.code


def test_people_added_after_opening_do_not_move_the_denominator(org, make_inventory):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    before = reports.total_rate(reports.response_rates(inv)).in_scope
    newcomer = factories.person(org.soder, name="Ny lärare")
    db.session.commit()
    assert reports.total_rate(reports.response_rates(inv)).in_scope == before
    assert not person_in_scope(inv, newcomer)
    assert latecomer_count(inv) == 1


def test_latecomers_are_added_on_request_counted_and_audited(client, login, org, make_inventory):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    newcomers = [
        factories.person(org.soder, name=f"Ny {i}", email=f"ny{i}@example.org") for i in range(3)
    ]
    db.session.commit()
    login(org.coordinator)
    page = client.get(f"/needs/{inv.id}").get_data(as_text=True)
    assert f'href="/needs/{inv.id}/latecomers"' in page
    page = client.get(f"/needs/{inv.id}/latecomers").get_data(as_text=True)
    assert "3 personer omfattas av inventeringen sedan den öppnades." in page
    r = client.post(f"/needs/{inv.id}/latecomers", follow_redirects=True)
    assert "3 personer lades till i inventeringen och får en inbjudan." in r.get_data(as_text=True)
    assert all(person_in_scope(inv, p) for p in newcomers)
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "needs.latecomers_added")
    ).all()
    assert event.details["people"] == 3
    page = client.get(f"/needs/{inv.id}/latecomers").get_data(as_text=True)
    assert "Ingen har tillkommit sedan inventeringen öppnades." in page


def test_latecomers_and_only_they_get_an_invitation(smtp, org, make_inventory):  # noqa: F811
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    deliver()
    smtp.messages.clear()
    newcomers = [
        factories.person(org.soder, name=f"Ny {i}", email=f"ny{i}@example.org") for i in range(3)
    ]
    db.session.commit()
    assert add_latecomers(inv, org.coordinator) == 3
    db.session.commit()
    deliver()
    assert sorted(m["To"] for m in smtp.messages) == sorted(p.email for p in newcomers)
    smtp.messages.clear()
    assert add_latecomers(inv, org.coordinator) == 0  # nobody new: nothing sent
    db.session.commit()
    deliver()
    assert smtp.messages == []


def test_opening_fixes_the_people_in_one_statement_for_any_number(org, make_inventory, areas):
    for i in range(30):
        factories.person(org.norr, name=f"Lärare {i}", email=f"l{i}@example.org")
    db.session.commit()
    small = make_inventory(
        scope=InventoryScope.DEPARTMENTS, departments=[org.social_dept], opened=False
    )
    big = make_inventory(scope=InventoryScope.EVERYONE, opened=False)
    from learnapp.needs.services import open_inventory

    counts = []
    for inv in (small, big):
        with count_statements() as seen:
            open_inventory(inv, org.coordinator)
            db.session.flush()
        counts.append(len([s for s in seen if s.startswith("INSERT INTO needs_inventory_person")]))
    assert counts == [1, 1]
    asked = db.session.scalar(select(func.count()).where(InventoryPerson.inventory_id == big.id))
    assert asked == 4 + 30  # the org's four people with a unit and the thirty


def test_latecomers_page_is_for_open_inventories_and_coordinators(
    client, login, org, make_inventory
):
    draft = make_inventory(opened=False)
    login(org.coordinator)
    assert client.get(f"/needs/{draft.id}/latecomers").status_code == 404
    inv = make_inventory(title="Öppen")
    login.logout()
    login(org.manager)
    assert client.get(f"/needs/{inv.id}/latecomers").status_code == 403
    assert client.post(f"/needs/{inv.id}/latecomers").status_code == 403
