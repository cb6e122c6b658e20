"""The people list for thousands: filters, Swedish search and order, sorting, paging, and bulk
actions (key person, deactivate) that confirm how many and write set-based, audited."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from learnapp import signals
from learnapp.admin import bulk
from learnapp.admin.people_list import PeopleFilter, count, page_of
from learnapp.audit.models import AuditEvent
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from tests import factories
from tests.querycount import count_statements


def names(page: str) -> list[str]:
    """The names in the list's rows, in order."""
    return re.findall(r'<th scope="row"><a href="/admin/people/\d+">([^<]+)</a>', page)


def listed(**args: str) -> list[str]:
    f = PeopleFilter.from_args(args)
    return [r.person.name for r in page_of(f, 1, 500)]


def test_the_search_finds_swedish_names_in_any_case_and_any_unicode_form(org: Any) -> None:
    for name in ("Åsa Åkesson", "Örjan Ängström", "Ärla Östlund"):
        factories.person(org.soder, name=name)
    db.session.commit()
    for query, expected in [
        ("åsa", ["Åsa Åkesson"]),
        ("ÅKESSON", ["Åsa Åkesson"]),
        ("ängström", ["Örjan Ängström"]),
        ("ÖRJAN", ["Örjan Ängström"]),
        ("östlund", ["Ärla Östlund"]),
        # "Å" typed as A + combining ring (as some keyboards and pasted text send it)
        (unicodedata.normalize("NFD", "Åsa"), ["Åsa Åkesson"]),
    ]:
        assert listed(q=query, unit=str(org.soder.id)) == expected, query


def test_a_percent_sign_in_the_search_is_a_character_not_a_wildcard(org: Any) -> None:
    assert listed(q="%") == []
    assert listed(q="_") == []


def test_the_list_is_in_swedish_order_and_can_be_reversed(org: Any) -> None:
    unit = factories.unit(org.school_dept, "Västerskolan")
    for name in ("Östen Lind", "Zara Berg", "Ärla Holm", "Åke Nord", "Anna Ek"):
        factories.person(unit, name=name)
    db.session.commit()
    assert listed(unit=str(unit.id)) == [
        "Anna Ek", "Zara Berg", "Åke Nord", "Ärla Holm", "Östen Lind"
    ]  # fmt: skip
    assert listed(unit=str(unit.id), sort="-name")[0] == "Östen Lind"


def test_filters_by_department_unit_subtree_role_key_person_state_and_sign_in(org: Any) -> None:
    org.other_staff.active = False
    org.staff.last_login_at = utcnow()
    db.session.commit()
    everyone = {org.manager, org.staff, org.other_staff, org.social_staff}
    school = {p.name for p in everyone if p is not org.social_staff}
    assert set(listed(department=str(org.school_dept.id))) == school
    assert set(listed(unit=str(org.schools.id))) == school  # the units below it too
    assert set(listed(unit=str(org.soder.id))) == {org.manager.name, org.staff.name}
    assert listed(role=Role.MANAGER.value) == [org.manager.name]
    assert listed(key="yes") == [org.staff.name]
    assert org.staff.name not in listed(key="no")
    assert listed(state="inactive") == [org.other_staff.name]
    assert org.other_staff.name not in listed(state="active")
    assert listed(signin="ever") == [org.staff.name]
    assert org.staff.name not in listed(signin="never")
    assert listed(unit=str(org.soder.id), key="yes", signin="ever") == [org.staff.name]
    org.manager.oidc_subject = "entra-oid-1"
    db.session.commit()
    assert listed(method="sso") == [org.manager.name]
    local = listed(method="local")
    assert org.staff.name in local and org.manager.name not in local


def test_unknown_filter_values_are_ignored_not_an_error(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    response = client.get(
        "/admin/people?department=x&unit=99999999999999&role=king&key=maybe&sort=drop&page=-1"
    )
    assert response.status_code == 200
    assert org.staff.name in response.text


def test_sorting_by_last_sign_in_puts_the_newest_first_and_never_last(org: Any) -> None:
    org.staff.last_login_at = utcnow() - timedelta(days=3)
    org.other_staff.last_login_at = utcnow()
    db.session.commit()
    order = listed(sort="-last_login")
    assert order[:2] == [org.other_staff.name, org.staff.name]


def test_the_list_page_shows_the_filtered_people_and_pages(
    client: Any, login: Any, org: Any
) -> None:
    for i in range(55):
        factories.person(org.norr, name=f"Zäta {i:02d}")
    db.session.commit()
    login(org.admin)
    first = client.get(f"/admin/people?unit={org.norr.id}").text
    assert "56 people found" in first or "56 personer" in first
    assert len(names(first)) == 50
    assert f"unit={org.norr.id}" in re.search(r'rel="next"[^>]*|href="[^"]*page=2[^"]*"', first)[0]
    second = client.get(f"/admin/people?unit={org.norr.id}&page=2").text
    assert len(names(second)) == 6


def test_the_list_page_sends_the_same_number_of_statements_for_5_and_50_people(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    client.get("/admin/people")
    with count_statements() as few:
        client.get("/admin/people")
    for i in range(50):
        factories.person(org.norr, roles={Role.COORDINATOR} if i % 3 else None,
                         manages=[org.norr] if i % 2 else None)  # fmt: skip
    db.session.commit()
    with count_statements() as many:
        page = client.get("/admin/people").text
    assert len(names(page)) == 50
    assert len(many) == len(few), str(many)


def test_the_unit_filter_offers_the_top_units_the_chosen_one_and_those_a_search_finds(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    page = client.get("/admin/people").text
    assert f'<option value="{org.schools.id}">Utbildningsförvaltningen › Grundskolor<' in page
    assert "› Söderskolan" not in page
    chosen = client.get(f"/admin/people?unit={org.norr.id}").text
    assert f'<option value="{org.norr.id}" selected>' in chosen
    assert names(chosen) == ["Lärare Norr"]
    found = client.get("/admin/people?unit_find=SÖDER&find_units=1").text
    assert (
        f'<option value="{org.soder.id}">Utbildningsförvaltningen › Grundskolor › Söderskolan<'
        in found
    )
    assert "› Norrskolan" not in found


def test_a_coordinator_sees_the_list_but_no_bulk_actions(client: Any, login: Any, org: Any) -> None:
    login(org.coordinator)
    page = client.get("/admin/people").text
    assert org.staff.name in page and 'name="action"' not in page
    response = client.post("/admin/people/bulk", data={"action": "deactivate", "everyone": "1"})
    assert response.status_code == 403
    assert db.session.get(Person, org.staff.id).active


def bulk_post(client: Any, **data: Any) -> Any:
    return client.post("/admin/people/bulk", data=data)


def test_a_bulk_action_asks_first_and_says_how_many(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    ids = [org.other_staff.id, org.social_staff.id, org.staff.id]  # staff already key person
    response = bulk_post(client, action="key_person", person=ids, everyone="0")
    assert response.status_code == 200
    assert re.search(r"\b2\b", response.text)  # two of the three would change
    assert 'name="confirm" value="yes"' in response.text
    db.session.expire_all()
    assert not db.session.get(Person, org.other_staff.id).is_key_person  # nothing written yet


def test_setting_key_person_in_bulk_is_set_based_audited_and_announced(
    client: Any, login: Any, org: Any
) -> None:
    seen: list[Any] = []

    def listener(sender: Any, **kw: Any) -> None:
        seen.append(sorted(kw.get("changed", ())))

    login(org.admin)
    ids = [org.other_staff.id, org.social_staff.id, org.staff.id]
    with signals.people_changed.connected_to(listener):
        response = bulk_post(client, action="key_person", person=ids, everyone="0", confirm="yes")
    assert response.status_code == 302
    db.session.expire_all()
    assert all(db.session.get(Person, i).is_key_person for i in ids)
    assert seen == [sorted([org.other_staff.id, org.social_staff.id])]
    targets = db.session.scalars(
        select(AuditEvent.target_id).where(AuditEvent.action == "person.updated")
    ).all()
    assert sorted(targets) == sorted([org.other_staff.id, org.social_staff.id])
    summary = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "people.bulk"))
    assert summary is not None and summary.details["people"] == 2


def test_clearing_key_person_for_everyone_the_filter_selects_also_clears_the_function(
    client: Any, login: Any, org: Any
) -> None:
    extra = factories.person(org.norr, is_key_person=True, key_function="Kurator")
    db.session.commit()
    login(org.admin)
    bulk_post(client, action="not_key_person", everyone="1", unit=str(org.norr.id), confirm="yes")
    db.session.expire_all()
    cleared = db.session.get(Person, extra.id)
    assert not cleared.is_key_person and cleared.key_function == ""
    assert db.session.get(Person, org.staff.id).is_key_person  # outside the filter


def test_bulk_deactivation_ends_sessions_keeps_history_and_spares_the_admin(
    client: Any, login: Any, org: Any
) -> None:
    seen: list[Any] = []

    def listener(sender: Any, **kw: Any) -> None:
        seen.append(sorted(kw.get("deactivated", ())))

    login(org.admin)
    versions = {p.id: p.session_version for p in (org.staff, org.other_staff)}
    ids = [org.staff.id, org.other_staff.id, org.admin.id]
    confirm = bulk_post(client, action="deactivate", person=ids, everyone="0")
    assert ">2<" in confirm.text or " 2 " in confirm.text
    with signals.people_changed.connected_to(listener):
        bulk_post(client, action="deactivate", person=ids, everyone="0", confirm="yes")
    db.session.expire_all()
    for person_id, version in versions.items():
        person = db.session.get(Person, person_id)
        assert not person.active and person.deactivated_at is not None
        assert person.session_version == version + 1
    assert db.session.get(Person, org.admin.id).active
    assert seen == [sorted(versions)]
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == "person.deactivated"))
        == 2
    )


def test_a_bulk_action_without_a_choice_or_people_changes_nothing(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    assert bulk_post(client, action="explode", everyone="1", confirm="yes").status_code == 302
    assert bulk_post(client, action="deactivate", everyone="0", confirm="yes").status_code == 302
    response = bulk_post(client, action="deactivate", person=["x", "99999999999"], confirm="yes")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(~Person.active)) == 0


def test_every_registered_action_is_offered_on_the_list(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    page = client.get("/admin/people").text
    for action in bulk.actions():
        assert f'value="{action.name}"' in page


def test_the_count_matches_the_rows_the_filter_selects(org: Any) -> None:
    f = PeopleFilter.from_args({"department": str(org.school_dept.id)})
    assert count(f) == len(page_of(f, 1, 100))


def test_anonymised_people_are_counted_as_listed_but_never_in_a_bulk_action(org: Any) -> None:
    """The list shows anonymised people (without a tick box): the pager's count includes them,
    or the last page would lose rows; the bulk actions leave them out."""
    from learnapp.admin import privacy

    f = PeopleFilter.from_args({"department": str(org.school_dept.id)})
    before = count(f)
    org.staff.active = False
    privacy.anonymise(org.staff, actor=None)
    db.session.flush()
    assert count(f) == before == len(page_of(f, 1, 100))
    assert org.staff.id in [r.person.id for r in page_of(f, 1, 100)]
    chosen = db.session.scalars(bulk.people_list.matching(f)).all()
    assert org.staff.id not in chosen and len(chosen) == before - 1
