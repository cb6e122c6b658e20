"""The needs results' assign action: courses of an area to the people who reported a great need."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.needs import views_results
from learnapp.needs.models import InventoryScope, Need
from learnapp.training.models import Assignment
from tests import factories
from tests.factories import status_of
from tests.needs.conftest import answer, areas, make_inventory  # noqa: F401 - fixtures


@pytest.fixture
def needs_case(org, areas, make_inventory, answer):  # noqa: F811
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inv, org.staff, values={0: (1, Need.GREAT)}, default=(3, Need.NONE))
    answer(inv, org.other_staff, default=(3, Need.SOME))
    course = factories.course("grunder-behov", title="Grunder")
    course.areas = [areas[0]]
    db.session.commit()
    return inv, areas[0], course


def url(inv, area):
    return f"/needs/{inv.id}/areas/{area.id}/assign"


def test_assign_page_offers_the_action(client, login, org, needs_case):
    inv, area, _course = needs_case
    login(org.coordinator)
    page = client.get(url(inv, area)).get_data(as_text=True)
    assert "disabled" not in page and 'name="due_days"' in page


def test_assign_page_lists_who_is_here_with_a_great_need_by_name(
    client,
    login,
    org,
    needs_case,
    answer,  # noqa: F811
    monkeypatch,
):
    inv, area, _course = needs_case
    first = factories.person(org.norr, name="Aa Första", is_key_person=True, key_function="Rektor")
    gone = factories.person(org.norr, name="Ab Slutat")
    for p in (first, gone):
        db.session.flush()
        answer(inv, p, values={0: (1, Need.GREAT)}, default=(3, Need.NONE))
    gone.active = False
    db.session.commit()
    login(org.coordinator)
    page = client.get(url(inv, area)).get_data(as_text=True)
    assert "2 personer angav stort utbildningsbehov" in page
    assert f'<th scope="row">Aa Första</th><td>{org.norr.name}</td><td>Rektor</td>' in page
    assert f'<th scope="row">{org.staff.name}</th>' in page
    assert "Ab Slutat" not in page and org.other_staff.name not in page
    monkeypatch.setattr(views_results, "KEY_PERSON_LIMIT", 1)
    page = client.get(url(inv, area)).get_data(as_text=True)
    assert "Aa Första" in page and org.staff.name not in page.split("<tbody>")[1]
    assert "Listan visar de första 1 av 2." in page


def test_assigning_reaches_only_people_with_a_great_need(client, login, org, needs_case):
    inv, area, course = needs_case
    login(org.coordinator)
    response = client.post(url(inv, area), data={"due_days": "60", "mandatory": "y"})
    assert response.status_code == 302
    assert status_of(org.staff, course) == "not_started"
    assert status_of(org.other_staff, course) is None
    assignment = db.session.scalars(select(Assignment)).one()
    assert (assignment.source, assignment.assigned_by_id, assignment.mandatory) == (
        "needs",
        org.coordinator.id,
        True,
    )


def test_assigning_twice_adds_nothing_new(client, login, org, needs_case):
    inv, area, _course = needs_case
    login(org.coordinator)
    client.post(url(inv, area), data={"due_days": "60"})
    client.post(url(inv, area), data={"due_days": "60"})
    assert db.session.scalar(select(func.count(Assignment.id))) == 1


def test_assigning_is_audited(client, login, org, needs_case):
    inv, area, _course = needs_case
    login(org.coordinator)
    client.post(url(inv, area), data={"due_days": "60"})
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "training.assigned_from_needs")
    ).one()
    assert event.details["assignments"] == 1


def test_assigning_with_a_bad_due_date_writes_nothing(client, login, org, needs_case):
    inv, area, _course = needs_case
    login(org.coordinator)
    response = client.post(url(inv, area), data={"due_days": "-1"})
    assert response.status_code == 200 and 'id="due_days-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Assignment.id))) == 0


def test_manager_cannot_assign_from_needs(client, login, org, needs_case):
    inv, area, _course = needs_case
    login(org.manager)
    assert client.post(url(inv, area), data={"due_days": "60"}).status_code == 403
