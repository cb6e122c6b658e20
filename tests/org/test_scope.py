"""The scope rule: a manager sees their units and everything below; others answer 404."""

from __future__ import annotations

import pytest

from learnapp.extensions import db
from learnapp.org.models import Person
from learnapp.org.services import move_unit
from learnapp.permissions import Scope
from tests import factories


def test_manager_can_open_a_person_in_their_unit(client, login, org):
    login(org.manager)
    response = client.get(f"/org/people/{org.staff.id}")
    assert response.status_code == 200
    assert "Lärare Söder" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["other_staff", "social_staff", "coordinator"])
def test_manager_gets_404_for_a_person_outside_their_units(client, login, org, who):
    login(org.manager)
    target = getattr(org, who)
    response = client.get(f"/org/people/{target.id}")
    assert response.status_code == 404
    assert target.name not in response.get_data(as_text=True)


def test_manager_gets_404_for_another_unit(client, login, org):
    login(org.manager)
    assert client.get(f"/org/units/{org.soder.id}").status_code == 200
    assert client.get(f"/org/units/{org.norr.id}").status_code == 404
    assert client.get(f"/org/units/{org.schools.id}").status_code == 404  # the parent is above


def test_an_id_that_does_not_exist_answers_404(client, login, org):
    login(org.coordinator)
    assert client.get("/org/people/999999").status_code == 404


def test_manager_sees_units_below_the_managed_one(client, login, org):
    class_unit = factories.unit(org.school_dept, "Klass 7A", parent=org.soder)
    pupil_teacher = factories.person(class_unit, name="Mentor 7A")
    db.session.commit()
    login(org.manager)
    assert client.get(f"/org/people/{pupil_teacher.id}").status_code == 200
    assert client.get(f"/org/units/{class_unit.id}").status_code == 200


def test_manager_of_a_parent_unit_sees_every_school(client, login, org):
    head = factories.person(
        org.schools, name="Skolchef", password=factories.PASSWORD, manages=[org.schools]
    )
    db.session.commit()
    login(head)
    for person in (org.staff, org.other_staff):
        assert client.get(f"/org/people/{person.id}").status_code == 200
    assert client.get(f"/org/people/{org.social_staff.id}").status_code == 404


def test_staff_sees_themselves_and_no_one_else(client, login, org):
    login(org.staff)
    assert client.get(f"/org/people/{org.staff.id}").status_code == 200
    assert client.get(f"/org/people/{org.other_staff.id}").status_code == 404
    assert client.get(f"/org/units/{org.soder.id}").status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_coordinator_and_admin_see_everyone(client, login, org, who):
    login(getattr(org, who))
    for person in (org.staff, org.other_staff, org.social_staff):
        assert client.get(f"/org/people/{person.id}").status_code == 200


def test_units_page_lists_only_the_units_in_scope(client, login, org):
    login(org.manager)
    page = client.get("/org/").get_data(as_text=True)
    assert "Söderskolan" in page
    assert "Norrskolan" not in page
    assert "Barn och unga" not in page


def test_scope_filter_people_counts_only_people_in_scope(org):
    stmt = Scope.of(org.manager).filter_people(db.select(db.func.count(Person.id)))
    assert db.session.scalar(stmt) == 2  # the manager and the staff member of Söderskolan


def test_moving_a_unit_moves_its_subtree_in_and_out_of_scope(org):
    class_unit = factories.unit(org.school_dept, "Klass 8B", parent=org.norr)
    db.session.commit()
    scope = Scope.of(org.manager)
    assert not scope.covers_unit(class_unit.id)
    move_unit(org.norr, org.soder)
    db.session.commit()
    db.session.refresh(class_unit)
    assert class_unit.path == f"{org.soder.path}{org.norr.id}/{class_unit.id}/"
    assert scope.covers_unit(org.norr.id)
    assert scope.covers_unit(class_unit.id)


def test_a_unit_cannot_be_moved_below_itself(org):
    with pytest.raises(ValueError):
        move_unit(org.schools, org.soder)


def test_breadcrumbs_link_only_to_units_the_manager_may_open(client, login, org):
    login(org.manager)
    html = client.get(f"/org/units/{org.soder.id}").get_data(as_text=True)
    assert "Grundskolor" in html
    assert f'href="/org/units/{org.schools.id}"' not in html
    login.logout()
    login(org.coordinator)
    html = client.get(f"/org/units/{org.soder.id}").get_data(as_text=True)
    assert f'href="/org/units/{org.schools.id}"' in html
