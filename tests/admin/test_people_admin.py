"""People admin: search with paging, create, edit roles and scope, deactivate and reactivate."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from learnapp import signals
from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.org.models import Person, Role, UnitManager
from learnapp.quizzes.models import Completion
from tests import factories


def person_form(person: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number or "",
        "unit": person.unit_id or 0,
        "job_title": person.job_title,
        "key_function": person.key_function,
        "language": person.language,
        "roles": [r.value for r in person.roles if r != Role.MANAGER],
    }
    if person.is_key_person:
        data["is_key_person"] = "y"
    data.update(changes)
    return data


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_search_finds_by_name_email_and_employee_number(client: Any, login: Any, org: Any) -> None:
    org.other_staff.employee_number = "A-4711"
    db.session.commit()
    login(org.admin)
    assert "Lärare Norr" in client.get("/admin/people?q=norr").text
    assert "Lärare Norr" in client.get("/admin/people?q=NORR@EXAMPLE").text
    page = client.get("/admin/people?q=4711").text
    assert "Lärare Norr" in page and "Lärare Söder" not in page


def test_the_people_list_is_paged(client: Any, login: Any, org: Any) -> None:
    for i in range(55):
        factories.person(org.norr, name=f"Zäta {i:02d}")
    db.session.commit()
    login(org.admin)
    first = client.get("/admin/people?q=zäta").data.decode()
    second = client.get("/admin/people?q=zäta&page=2").data.decode()
    assert "Zäta 00" in first and "Zäta 49" in first and "Zäta 50" not in first
    assert "Zäta 50" in second and "Zäta 54" in second and "Zäta 00" not in second


def test_an_admin_creates_a_person_who_is_announced(client: Any, login: Any, org: Any) -> None:
    seen: list[tuple[str, bool]] = []

    def listener(sender: Any, person: Person, created: bool, **kw: Any) -> None:
        seen.append((person.email, created))

    login(org.admin)
    with signals.person_changed.connected_to(listener):
        response = client.post(
            "/admin/people/new",
            data={"name": "Ny Fältsekreterare", "email": "Ny@Example.org", "unit": org.norr.id,
                  "language": "sv", "is_key_person": "y", "key_function": "Fältsekreterare"},
        )  # fmt: skip
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.email == "ny@example.org"))
    assert person is not None and person.unit_id == org.norr.id
    assert person.key_function == "Fältsekreterare"
    assert seen == [("ny@example.org", True)]
    assert events("person.created")[0].target_id == person.id


def test_the_person_form_offers_the_top_units_and_the_persons_own_not_every_unit(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    page = client.get(f"/admin/people/{org.other_staff.id}").text
    assert (
        f'<option selected value="{org.norr.id}">Utbildningsförvaltningen › Grundskolor › Norrskolan<'
        in page
    )
    assert f'<option value="{org.schools.id}">Utbildningsförvaltningen › Grundskolor<' in page
    assert (
        f'<option value="{org.social.id}">Omsorgs- och socialförvaltningen › Barn och unga<' in page
    )
    assert "› Söderskolan" not in page


def test_finding_units_in_the_person_form_offers_them_and_saves_nothing(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    data = person_form(org.other_staff, name="Nytt Namn", unit_find="söder", find_units="1")
    response = client.post(f"/admin/people/{org.other_staff.id}", data=data)
    assert response.status_code == 200
    assert (
        f'<option value="{org.soder.id}">Utbildningsförvaltningen › Grundskolor › Söderskolan<'
        in response.text
    )
    db.session.expire_all()
    assert db.session.get(Person, org.other_staff.id).name == "Lärare Norr"
    del data["find_units"]
    response = client.post(
        f"/admin/people/{org.other_staff.id}", data={**data, "unit": org.soder.id}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, org.other_staff.id).unit_id == org.soder.id


def test_a_taken_email_is_refused_with_a_message_on_the_field(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    response = client.post(
        "/admin/people/new",
        data={"name": "Dubblett", "email": "norr@example.org", "unit": 0, "language": "sv"},
    )
    assert response.status_code == 422
    assert b'id="email-error"' in response.data
    assert db.session.scalar(select(Person).where(Person.name == "Dubblett")) is None


def test_role_and_scope_changes_are_audit_logged(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    data = person_form(org.other_staff, roles=["coordinator"], managed=[org.norr.id])
    response = client.post(f"/admin/people/{org.other_staff.id}", data=data)
    assert response.status_code == 302
    person = db.session.get(Person, org.other_staff.id)
    assert person is not None
    db.session.refresh(person)
    assert person.roles == {Role.COORDINATOR, Role.MANAGER}
    assert db.session.get(UnitManager, (person.id, org.norr.id)) is not None
    [roles] = events("person.roles_changed")
    assert roles.actor_id == org.admin.id
    assert roles.details == {"before": [], "after": ["coordinator", "manager"]}
    [scope] = events("person.managed_units_changed")
    assert scope.details == {"before": [], "after": [org.norr.id]}


def test_removing_managed_units_is_audit_logged_and_ends_the_manager_role(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    data = person_form(org.manager)
    assert client.post(f"/admin/people/{org.manager.id}", data=data).status_code == 302
    assert db.session.get(UnitManager, (org.manager.id, org.soder.id)) is None
    [scope] = events("person.managed_units_changed")
    assert scope.details == {"before": [org.soder.id], "after": []}
    db.session.refresh(org.manager)
    assert Role.MANAGER not in org.manager.roles
    [roles] = events("person.roles_changed")
    assert roles.details == {"before": ["manager"], "after": []}


def test_the_manager_role_cannot_be_chosen_without_units(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    data = person_form(org.other_staff, roles=["manager"])
    response = client.post(f"/admin/people/{org.other_staff.id}", data=data)
    assert response.status_code == 422
    assert 'value="manager"' not in client.get(f"/admin/people/{org.other_staff.id}").text
    db.session.refresh(org.other_staff)
    assert Role.MANAGER not in org.other_staff.roles


def test_moving_a_person_announces_the_move(client: Any, login: Any, org: Any) -> None:
    seen: list[bool] = []

    def listener(sender: Any, person: Person, moved: bool, **kw: Any) -> None:
        seen.append(moved)

    login(org.admin)
    with signals.person_changed.connected_to(listener):
        client.post(
            f"/admin/people/{org.other_staff.id}",
            data=person_form(org.other_staff, unit=org.soder.id),
        )
    assert seen == [True]


def test_a_deactivated_person_cannot_sign_in_and_keeps_history(
    client: Any, login: Any, org: Any, app: Any
) -> None:
    course = factories.course()
    db.session.add(
        Completion(person_id=org.staff.id, course_id=course.id, course_version=1, code="ABC123")
    )
    db.session.commit()
    staff_client = app.test_client()
    staff_client.post("/login", data={"email": org.staff.email, "password": factories.PASSWORD})
    assert staff_client.get("/").status_code == 200

    login(org.admin)
    response = client.post(f"/admin/people/{org.staff.id}/active", data={"active": "0"})
    assert response.status_code == 302

    assert staff_client.get("/").status_code == 302  # the open session has ended
    again = staff_client.post(
        "/login", data={"email": org.staff.email, "password": factories.PASSWORD}
    )
    assert again.status_code != 302
    person = db.session.get(Person, org.staff.id)
    assert person is not None
    db.session.refresh(person)
    assert not person.active and person.deactivated_at is not None
    assert db.session.scalar(select(Completion).where(Completion.person_id == person.id))
    assert events("person.deactivated")[0].actor_id == org.admin.id


def test_a_reactivated_person_can_sign_in_again(
    client: Any, login: Any, org: Any, app: Any
) -> None:
    login(org.admin)
    client.post(f"/admin/people/{org.staff.id}/active", data={"active": "0"})
    client.post(f"/admin/people/{org.staff.id}/active", data={"active": "1"})
    other = app.test_client()
    response = other.post("/login", data={"email": org.staff.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert [e.action for e in events("person.reactivated")] == ["person.reactivated"]


def test_an_admin_cannot_deactivate_themselves(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    client.post(f"/admin/people/{org.admin.id}/active", data={"active": "0"})
    person = db.session.get(Person, org.admin.id)
    assert person is not None
    db.session.refresh(person)
    assert person.active


def test_an_admin_cannot_remove_their_own_admin_role(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.post(f"/admin/people/{org.admin.id}", data=person_form(org.admin, roles=[]))
    assert response.status_code == 422
    person = db.session.get(Person, org.admin.id)
    assert person is not None
    db.session.refresh(person)
    assert Role.ADMIN in person.roles


def test_deactivation_is_announced_to_the_assignment_rules(
    client: Any, login: Any, org: Any
) -> None:
    seen: list[tuple[str, bool]] = []

    def listener(sender: Any, person: Person, deactivated: bool, **kw: Any) -> None:
        seen.append((person.email, deactivated))

    login(org.admin)
    with signals.person_changed.connected_to(listener):
        client.post(f"/admin/people/{org.staff.id}/active", data={"active": "0"})
    assert seen == [("staff@example.org", True)]


def test_a_persons_own_page_links_to_their_data(client: Any, login: Any, org: Any) -> None:
    login(org.staff)
    page = client.get(f"/org/people/{org.staff.id}").text
    assert 'href="/privacy/my-data.json"' in page and 'href="/privacy/my-data.csv"' in page
    assert f'href="/admin/people/{org.staff.id}"' not in page


def test_an_admin_sees_a_link_to_edit_from_the_person_page(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    page = client.get(f"/org/people/{org.staff.id}").text
    assert f'href="/admin/people/{org.staff.id}"' in page
    assert "my-data.json" not in page
