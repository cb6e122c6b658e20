from __future__ import annotations

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.needs.models import InventoryScope, Need, NeedsResponse, NeedsSubmission
from learnapp.needs.services import close_inventory
from tests.needs.conftest import form_for


def test_key_person_sees_the_open_inventory_on_the_start_page(client, login, org, make_inventory):
    inv = make_inventory()
    login(org.staff)
    page = client.get("/").get_data(as_text=True)
    assert inv.title in page and f"/needs/{inv.id}/answer" in page


def test_person_out_of_scope_gets_404(client, login, org, make_inventory, areas):
    inv = make_inventory()  # key persons only; other_staff is not one
    login(org.other_staff)
    assert client.get(f"/needs/{inv.id}/answer").status_code == 404
    assert client.post(f"/needs/{inv.id}/answer", data=form_for(areas)).status_code == 404
    assert db.session.scalar(select(func.count(NeedsResponse.id))) == 0


def test_draft_inventory_is_not_shown_to_staff(client, login, org, make_inventory):
    inv = make_inventory(opened=False)
    login(org.staff)
    assert client.get(f"/needs/{inv.id}/answer").status_code == 404


def test_draft_is_saved_then_submitted(client, login, org, make_inventory, areas):
    inv = make_inventory()
    login(org.staff)
    data = {f"area-{areas[0].id}-knowledge": "2", "action": "save"}
    assert client.post(f"/needs/{inv.id}/answer", data=data).status_code == 302
    sub = db.session.scalar(select(NeedsSubmission))
    assert sub.submitted_at is None
    data = form_for(areas, need="great", action="submit", version=str(sub.version))
    r = client.post(f"/needs/{inv.id}/answer", data=data)
    assert r.status_code == 302
    db.session.expire_all()
    sub = db.session.scalar(select(NeedsSubmission))
    assert sub.submitted_at is not None and not sub.entered_by_manager
    rows = db.session.scalars(select(NeedsResponse)).all()
    assert len(rows) == len(areas) and {r.need for r in rows} == {"great"}


def test_submitted_answers_can_be_changed_until_the_inventory_closes(
    client, login, org, make_inventory, areas
):
    inv = make_inventory()
    login(org.staff)
    url = f"/needs/{inv.id}/answer"
    assert client.post(url, data=form_for(areas, need="some", action="submit")).status_code == 302
    data = form_for(areas, knowledge=4, need="none", action="submit", version="1")
    r = client.post(url, data=data)
    assert r.status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(select(NeedsResponse)).all()
    assert len(rows) == len(areas)
    assert {(r.knowledge, r.need) for r in rows} == {(4, "none")}
    assert db.session.scalar(select(NeedsSubmission)).submitted_at is not None


def test_submit_with_missing_answers_names_the_fields(client, login, org, make_inventory, areas):
    inv = make_inventory()
    login(org.staff)
    r = client.post(f"/needs/{inv.id}/answer", data={"action": "submit"})
    assert r.status_code == 400
    assert f'href="#area-{areas[0].id}-knowledge"' in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(NeedsSubmission.id))) == 0


def test_closed_inventory_refuses_answers(client, login, org, make_inventory, areas):
    inv = make_inventory()
    close_inventory(inv, org.coordinator)
    db.session.commit()
    login(org.staff)
    r = client.post(f"/needs/{inv.id}/answer", data=form_for(areas, action="submit"))
    assert r.status_code == 409
    assert "Inventeringen är stängd" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(NeedsResponse.id))) == 0


def test_a_50000_character_comment_is_rejected_and_nothing_written(
    client, login, org, make_inventory, areas
):
    inv = make_inventory()
    login(org.staff)
    data = form_for(areas, action="submit")
    data[f"area-{areas[0].id}-comment"] = "x" * 50_000
    r = client.post(f"/needs/{inv.id}/answer", data=data)
    assert r.status_code == 400
    assert "högst 2" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(NeedsResponse.id))) == 0


def test_comment_starting_with_equals_is_stored_as_typed(client, login, org, make_inventory, areas):
    inv = make_inventory()
    login(org.staff)
    data = form_for(areas, action="submit")
    data[f"area-{areas[0].id}-comment"] = '=HYPERLINK("x")'
    client.post(f"/needs/{inv.id}/answer", data=data)
    row = db.session.scalar(select(NeedsResponse).where(NeedsResponse.area_id == areas[0].id))
    assert row.comment == '=HYPERLINK("x")'


def test_manager_enters_for_a_person_in_scope(client, login, org, make_inventory, areas):
    inv = make_inventory()
    login(org.manager)
    r = client.post(
        f"/needs/{inv.id}/people/{org.staff.id}/answer", data=form_for(areas, action="submit")
    )
    assert r.status_code == 302
    sub = db.session.scalar(select(NeedsSubmission))
    assert sub.person_id == org.staff.id and sub.entered_by_manager
    assert sub.entered_by_id == org.manager.id


def test_manager_entering_for_someone_outside_their_units_gets_404(
    client, login, org, make_inventory, areas
):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    login(org.manager)
    for person in (org.other_staff, org.social_staff):
        url = f"/needs/{inv.id}/people/{person.id}/answer"
        assert client.get(url).status_code == 404
        assert client.post(url, data=form_for(areas, action="submit")).status_code == 404
    assert db.session.scalar(select(func.count(NeedsResponse.id))) == 0


def test_manager_entering_for_someone_not_asked_gets_404(client, login, org, make_inventory, areas):
    non_key = org.manager  # in Söderskolan but not a key person; use a new colleague instead
    from tests import factories

    colleague = factories.person(org.soder)
    db.session.commit()
    inv = make_inventory()
    login(non_key)
    assert client.get(f"/needs/{inv.id}/people/{colleague.id}/answer").status_code == 404


def test_staff_cannot_enter_for_others(client, login, org, make_inventory):
    inv = make_inventory()
    login(org.other_staff)
    assert client.get(f"/needs/{inv.id}/people/{org.staff.id}/answer").status_code == 403
    assert client.get(f"/needs/{inv.id}/team").status_code == 403


def test_team_page_shows_only_own_units(client, login, org, make_inventory, answer):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inv, org.staff, default=(3, Need.NONE))
    login(org.manager)
    page = client.get(f"/needs/{inv.id}/team").get_data(as_text=True)
    assert "Söderskolan" in page and "Norrskolan" not in page
    assert org.other_staff.name not in page
