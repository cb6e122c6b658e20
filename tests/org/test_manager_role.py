"""The manager role is managing a unit: one source of truth (unit_manager). Whoever gains a managed
unit, through the admin form, the HR import or the directory's `manager` attribute (tests/scim/test_users.py), is a manager
and opens the manager pages; whoever loses their last unit is not (403). Nothing stores the role."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from learnapp.admin import hr_import
from learnapp.admin.people_import import run_import
from learnapp.extensions import db
from learnapp.org.models import Person, PersonRole, Role, UnitManager, holds_role
from learnapp.org.services import create_person
from learnapp.scim.models import ScimGroup
from tests.admin import hrdata
from tests.admin.test_people_admin import person_form

MANAGER_PAGE = "/training/team"


def opens_manager_page(client: Any, login: Any, person: Person) -> int:
    login.logout()
    login(person)
    return int(client.get(MANAGER_PAGE).status_code)


def fresh(person_id: int) -> Person:
    db.session.expire_all()
    person = db.session.get(Person, person_id)
    assert person is not None
    return person


def test_the_database_refuses_a_stored_manager_role(org: Any) -> None:
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(insert(PersonRole).values(person_id=org.staff.id, role="manager"))


def test_a_directory_group_cannot_be_stored_as_giving_the_manager_role(org: Any) -> None:
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(ScimGroup(display_name="chefer", role="manager"))
        db.session.flush()


def test_asking_for_the_manager_role_stores_nothing(org: Any) -> None:
    person = create_person("Örjan Ek", "orjan@example.org", unit=org.norr, roles={Role.MANAGER})
    db.session.commit()
    assert (
        db.session.scalars(select(PersonRole).where(PersonRole.person_id == person.id)).all() == []
    )
    assert Role.MANAGER not in fresh(person.id).roles


def test_the_manager_role_is_read_from_the_managed_units_in_python_and_in_sql(org: Any) -> None:
    assert Role.MANAGER in fresh(org.manager.id).roles
    assert Role.MANAGER not in fresh(org.staff.id).roles
    managers = db.session.scalars(select(Person.id).where(holds_role(Role.MANAGER))).all()
    assert managers == [org.manager.id]


def test_the_admin_form_makes_and_unmakes_a_manager(client: Any, login: Any, org: Any) -> None:
    assert opens_manager_page(client, login, org.other_staff) == 403
    login.logout()
    login(org.admin)
    data = person_form(org.other_staff, managed=[org.norr.id])
    assert client.post(f"/admin/people/{org.other_staff.id}", data=data).status_code == 302
    assert Role.MANAGER in fresh(org.other_staff.id).roles
    assert opens_manager_page(client, login, org.other_staff) == 200

    login.logout()
    login(org.admin)
    data = person_form(fresh(org.other_staff.id), managed=[])
    assert client.post(f"/admin/people/{org.other_staff.id}", data=data).status_code == 302
    assert Role.MANAGER not in fresh(org.other_staff.id).roles
    assert opens_manager_page(client, login, org.other_staff) == 403


def test_the_hr_imports_manager_column_makes_a_manager(client: Any, login: Any, org: Any) -> None:
    row = {
        "Anställningsnummer": "70001",
        "Förnamn": "Åsa",
        "Efternamn": "Öberg",
        "E-post": "asa.oberg@kommun.example",
        "Förvaltning": "Utbildningsförvaltningen",
        "Enhet": "Grundskolor > Norrskolan",
        "Befattning": "Lärare",
        "Nyckelperson": "nej",
        "Funktion": "",
        "Chefens e-post": org.other_staff.email,
    }
    report = run_import(hr_import.parse(hrdata.to_csv([row])), actor=org.admin, apply=True)
    assert report.errors == []
    db.session.commit()
    assert db.session.get(UnitManager, (org.other_staff.id, org.norr.id)) is not None
    assert Role.MANAGER in fresh(org.other_staff.id).roles
    assert opens_manager_page(client, login, org.other_staff) == 200
