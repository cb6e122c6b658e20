"""The organisation pages show one level of the tree at a time, counted, with search and pages."""

from __future__ import annotations

import re

from learnapp.extensions import db
from tests import factories


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_coordinator_sees_departments_counted_not_every_unit(client, login, org):
    login(org.coordinator)
    html = client.get("/org/").get_data(as_text=True)
    # Utbildningsförvaltningen: three units, three people (manager, staff, other staff).
    assert "Utbildningsförvaltningen 3 3" in words(html)
    assert "Omsorgs- och socialförvaltningen 1 1" in words(html)
    assert f'href="/org/departments/{org.school_dept.id}"' in html
    assert "Söderskolan" not in html  # units are a level further down


def test_a_department_shows_its_top_units_with_everything_below_them(client, login, org):
    factories.person(org.norr, name="Vikarie").active = False  # not counted
    db.session.commit()
    login(org.coordinator)
    html = client.get(f"/org/departments/{org.school_dept.id}").get_data(as_text=True)
    assert "Grundskolor 2 3" in words(html)  # two units below it, three active people
    assert "Norrskolan" not in html
    login.logout()
    login(org.manager)
    assert client.get(f"/org/departments/{org.school_dept.id}").status_code == 404


def test_a_unit_shows_the_units_just_below_and_its_own_people_a_page_at_a_time(client, login, org):
    klass = factories.unit(org.school_dept, "Klass 7A", parent=org.soder)
    factories.person(klass, name="Mentor 7A")
    for n in range(55):
        factories.person(org.soder, name=f"Person {n:02d}")
    db.session.commit()
    login(org.coordinator)
    html = client.get(f"/org/units/{org.schools.id}").get_data(as_text=True)
    assert "Söderskolan 1 58" in words(html) and "Norrskolan 0 1" in words(html)
    assert "Klass 7A" not in html and "Person 00" not in html
    first = words(client.get(f"/org/units/{org.soder.id}").get_data(as_text=True))
    assert "Klass 7A 0 1" in first
    assert "(57)" in first  # 55 + the manager and the staff member: not the class's mentor
    assert "Person 00" in first and "Sida 1 av 2" in first and "Mentor 7A" not in first
    second = words(client.get(f"/org/units/{org.soder.id}?page=2").get_data(as_text=True))
    assert "Sida 2 av 2" in second and "Person 00" not in second
    assert "Rektor Söder" in second  # by name: "Person …" before "Rektor …"


def test_search_finds_units_by_part_of_their_name_in_any_case_within_scope(client, login, org):
    login(org.coordinator)
    found = words(client.get("/org/?q=SKOLAN").get_data(as_text=True))
    assert "Norrskolan Utbildningsförvaltningen" in found and "Söderskolan" in found
    assert "2 enheter hittades" in found
    assert "Söderskolan" in words(client.get("/org/?q=söder").get_data(as_text=True))
    assert "Ingen enhet" in client.get("/org/?q=%25").get_data(as_text=True)  # no wildcard
    login.logout()
    login(org.manager)
    found = words(client.get("/org/?q=skolan").get_data(as_text=True))
    assert "Söderskolan" in found and "Norrskolan" not in found


def test_a_manager_starts_from_the_units_they_manage(client, login, org):
    login(org.manager)
    html = words(client.get("/org/").get_data(as_text=True))
    assert "Söderskolan 0 2" in html and "Utbildningsförvaltningen" not in html
