"""Departments and units: create, rename, move (paths of the subtree follow), merge."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Unit, UnitManager
from tests import factories


def fresh(model: Any, id_: int) -> Any:
    obj = db.session.get(model, id_)
    if obj is not None:
        db.session.refresh(obj)
    return obj


def test_an_admin_creates_and_renames_a_department(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    client.post("/admin/departments", data={"name": "Kulturförvaltningen", "code": "KUL"})
    dept = db.session.scalar(select(Department).where(Department.code == "KUL"))
    assert dept is not None
    client.post(f"/admin/departments/{dept.id}", data={"name": "Kultur och fritid", "code": "KOF"})
    dept = fresh(Department, dept.id)
    assert (dept.name, dept.code) == ("Kultur och fritid", "KOF")


def test_a_department_name_in_use_is_refused(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(
        "/admin/departments", data={"name": "utbildningsförvaltningen", "code": "NY"}
    )
    assert response.status_code == 422
    assert db.session.scalar(select(Department).where(Department.code == "NY")) is None


def test_a_unit_is_created_below_another(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    client.post(
        "/admin/units",
        data={"name": "Fritids", "department": org.school_dept.id, "parent": org.soder.id},
    )
    unit = db.session.scalar(select(Unit).where(Unit.name == "Fritids"))
    assert unit is not None and unit.path == f"{org.soder.path}{unit.id}/"


def test_a_parent_in_another_department_is_refused(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(
        "/admin/units",
        data={"name": "Fel", "department": org.social_dept.id, "parent": org.soder.id},
    )
    assert response.status_code == 422
    assert db.session.scalar(select(Unit).where(Unit.name == "Fel")) is None


def test_moving_a_unit_rewrites_the_paths_of_its_subtree(client: Any, login: Any, org: Any) -> None:
    below = factories.unit(org.school_dept, "Klass 7", parent=org.soder)
    db.session.commit()
    login(org.admin)
    response = client.post(f"/admin/units/{org.soder.id}/move", data={"move-parent": org.norr.id})
    assert response.status_code == 302
    soder, below = fresh(Unit, org.soder.id), fresh(Unit, below.id)
    assert soder.path == f"{org.norr.path}{soder.id}/"
    assert below.path == f"{soder.path}{below.id}/"
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "org.unit_moved"))


def test_a_unit_cannot_be_moved_below_itself(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(
        f"/admin/units/{org.schools.id}/move", data={"move-parent": org.soder.id}
    )
    assert response.status_code == 422
    assert fresh(Unit, org.schools.id).parent_id is None


def test_renaming_a_unit_is_audit_logged(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    client.post(f"/admin/units/{org.norr.id}/rename", data={"rename-name": "Norrskolan F-9"})
    assert fresh(Unit, org.norr.id).name == "Norrskolan F-9"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "org.unit_renamed"))
    assert event is not None and event.details["before"] == "Norrskolan"


def test_merging_moves_people_managers_and_sub_units_and_removes_the_unit(
    client: Any, login: Any, org: Any
) -> None:
    below = factories.unit(org.school_dept, "Klass 7", parent=org.soder)
    db.session.commit()
    soder_id = org.soder.id
    login(org.admin)
    response = client.post(
        f"/admin/units/{soder_id}/merge", data={"merge-target": org.norr.id, "merge-confirm": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, soder_id) is None
    assert fresh(Person, org.staff.id).unit_id == org.norr.id
    assert db.session.get(UnitManager, (org.manager.id, org.norr.id)) is not None
    below = fresh(Unit, below.id)
    assert below.parent_id == org.norr.id and below.path == f"{org.norr.path}{below.id}/"


def test_merging_needs_the_confirmation(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(f"/admin/units/{org.soder.id}/merge", data={"merge-target": org.norr.id})
    assert response.status_code == 422
    assert db.session.get(Unit, org.soder.id) is not None


def test_a_unit_cannot_be_merged_into_its_own_subtree(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(
        f"/admin/units/{org.schools.id}/merge",
        data={"merge-target": org.soder.id, "merge-confirm": "y"},
    )
    assert response.status_code == 422
    assert db.session.get(Unit, org.schools.id) is not None


def test_the_units_page_shows_the_departments_not_every_unit(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    page = client.get("/admin/units").get_data(as_text=True)
    assert f'href="/admin/departments/{org.school_dept.id}/units"' in page
    assert "Söderskolan" not in page
    found = client.get("/admin/units?q=SÖDER").get_data(as_text=True)
    assert f'href="/admin/units/{org.soder.id}"' in found and "Norrskolan" not in found


def test_a_department_page_lists_its_top_units_and_makes_a_new_one(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    page = client.get(f"/admin/departments/{org.school_dept.id}/units").get_data(as_text=True)
    assert f'href="/admin/units/{org.schools.id}"' in page and "Söderskolan" not in page
    response = client.post(
        "/admin/units", data={"name": "Gymnasier", "department": org.school_dept.id, "parent": 0}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/departments/{org.school_dept.id}/units")
    unit = db.session.scalar(select(Unit).where(Unit.name == "Gymnasier"))
    assert unit is not None and unit.parent_id is None and unit.department_id == org.school_dept.id


def test_a_new_unit_without_a_name_is_refused_on_its_page(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    response = client.post(
        "/admin/units", data={"name": " ", "department": org.school_dept.id, "parent": 0}
    )
    assert response.status_code == 422
    assert "Grundskolor" in response.get_data(as_text=True)


def test_the_move_list_offers_the_units_nearby_and_those_a_search_finds(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    page = client.get(f"/admin/units/{org.soder.id}").get_data(as_text=True)
    assert f'<option value="{org.norr.id}">' in page
    assert f'<option value="{org.schools.id}">' in page
    assert f'<option value="{org.social.id}">' not in page
    found = client.get(f"/admin/units/{org.soder.id}?find=barn").get_data(as_text=True)
    assert (
        f'<option value="{org.social.id}">Omsorgs- och socialförvaltningen › Barn och unga' in found
    )
    assert f'<option value="{org.norr.id}">' not in found
    # A unit found by the search can be chosen.
    response = client.post(f"/admin/units/{org.soder.id}/move", data={"move-parent": org.social.id})
    assert response.status_code == 302
    assert fresh(Unit, org.soder.id).parent_id == org.social.id


def test_the_unit_page_lists_the_units_just_below(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    page = client.get(f"/admin/units/{org.schools.id}").get_data(as_text=True)
    assert f'<a href="/admin/units/{org.soder.id}">Söderskolan</a>' in page


def test_merging_needs_a_unit_to_merge_into(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(
        f"/admin/units/{org.soder.id}/merge", data={"merge-target": "0", "merge-confirm": "y"}
    )
    assert response.status_code == 422
    assert db.session.get(Unit, org.soder.id) is not None
