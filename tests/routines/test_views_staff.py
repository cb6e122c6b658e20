"""Pages for everyone: "Mina rutiner", a routine with its acknowledgement, "Vem kontaktar jag?"."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org.models import Person, Role, Unit
from learnapp.routines import services
from learnapp.routines.contacts import KEY_PERSONS_SHOWN
from learnapp.routines.models import RoutineAcknowledgement, RoutineStatus
from tests import factories
from tests.routines.conftest import edit, publish


def test_my_routines_lists_the_organisations_and_my_departments_routines(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    make_routine(None, title="Kommunens rutin")
    make_routine(org.school_dept, title="Skolans rutin")
    make_routine(org.social_dept, title="Socialtjänstens rutin")
    make_routine(org.school_dept, title="Utkast", published=False)
    login(org.staff)
    page = client.get("/routines/").get_data(as_text=True)
    assert "Kommunens rutin" in page and "Skolans rutin" in page
    assert "Socialtjänstens rutin" not in page and "Utkast" not in page


def test_the_start_page_asks_for_an_acknowledgement_until_it_is_given(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, title="Skolans rutin")
    login(org.staff)
    assert "Skolans rutin" in client.get("/").get_data(as_text=True)
    version = services.current_version(routine)
    client.post(f"/routines/{routine.id}/acknowledge", data={"version": version.id})
    assert "Skolans rutin" not in client.get("/").get_data(as_text=True)


def test_acknowledging_on_the_page_records_it_and_says_so(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    login(org.staff)
    page = client.get(f"/routines/{routine.id}").get_data(as_text=True)
    assert "Jag har läst och förstått rutinen" in page
    version = services.current_version(routine)
    response = client.post(
        f"/routines/{routine.id}/acknowledge", data={"version": version.id}, follow_redirects=True
    )
    assert "Tack" in response.get_data(as_text=True)
    row = db.session.get(RoutineStatus, (org.staff.id, routine.id))
    assert row.status == "acknowledged"


def test_acknowledging_an_old_version_on_the_page_asks_to_read_the_new_one(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    old = services.current_version(routine)
    edit(routine, org.coordinator, routine.draft_body + "\nNytt.\n")
    publish(routine, org.coordinator, major=True)
    login(org.staff)
    response = client.post(
        f"/routines/{routine.id}/acknowledge", data={"version": old.id}, follow_redirects=True
    )
    assert "En nyare version" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RoutineAcknowledgement)) == 0


def test_another_departments_routine_is_not_found(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.social_dept)
    login(org.staff)
    assert client.get(f"/routines/{routine.id}").status_code == 404
    assert client.get(f"/routines/{routine.id}/print").status_code == 404
    version = services.current_version(routine)
    response = client.post(f"/routines/{routine.id}/acknowledge", data={"version": version.id})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(RoutineAcknowledgement)) == 0


def test_a_draft_is_not_found_by_staff(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    login(org.staff)
    assert client.get(f"/routines/{routine.id}").status_code == 404


def test_the_contacts_block_names_coordinators_key_persons_managers_and_112(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    security_dept = factories.department("Kommunstyrelsens förvaltning", "KSF")
    security = factories.unit(security_dept, "Trygg- och säkerhetsenheten")
    factories.person(
        security,
        name="Säker Samordnare",
        roles={Role.COORDINATOR},
        job_title="Säkerhetssamordnare",
        work_phone="010-123 45 67",
    )
    factories.person(org.norr, name="Rektor Norr", is_key_person=True, key_function="Rektor")
    factories.person(org.social, name="Annan Nyckelperson", is_key_person=True, key_function="X")
    routine = make_routine(org.school_dept)
    login(org.other_staff)
    for url in (f"/routines/{routine.id}", "/routines/contacts"):
        page = client.get(url).get_data(as_text=True)
        assert "Säker Samordnare" in page and "010-123 45 67" in page
        assert "Rektor Norr" in page and "Annan Nyckelperson" not in page
        assert "ring 112" in page
    # Norrskolan has no manager of its own: the nearest one above it counts (none here).
    assert "Rektor Söder" not in client.get("/routines/contacts").get_data(as_text=True)


def test_the_contacts_block_shows_my_own_manager_and_no_invented_number(
    client: Any, login: Any, org: Any
) -> None:
    login(org.staff)
    page = client.get("/routines/contacts").get_data(as_text=True)
    assert "Rektor Söder" in page
    assert "tel:" not in page  # nobody here has a work phone recorded


def test_the_contacts_page_lists_my_units_key_persons_first_then_25_by_function_and_counts_the_rest(
    client: Any, login: Any, org: Any
) -> None:
    already = db.session.scalar(
        select(func.count())
        .select_from(Person)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            Unit.department_id == org.school_dept.id,
            Person.is_key_person,
            Person.active,
            Person.id != org.staff.id,
        )
    )
    factories.person(org.soder, name="Öhman Egen", is_key_person=True, key_function="Ö-funktion")
    for n in range(KEY_PERSONS_SHOWN + 2):
        factories.person(
            org.norr, name=f"Nyckel {n:02d}", is_key_person=True, key_function="A-funktion"
        )
    factories.person(org.norr, name="Nyckel Slutat", is_key_person=True).active = False
    db.session.commit()
    login(org.staff)
    page = client.get("/routines/contacts").get_data(as_text=True)
    listed = re.findall(r"<strong>(Öhman Egen|Nyckel [^<]+)</strong>", page)
    assert listed[:3] == ["Öhman Egen", "Nyckel 00", "Nyckel 01"]
    assert len(listed) == KEY_PERSONS_SHOWN and "Nyckel Slutat" not in page
    more = already + 1 + KEY_PERSONS_SHOWN + 2 - KEY_PERSONS_SHOWN
    assert f"och {more} nyckelpersoner till i förvaltningen." in page


def test_the_print_view_shows_the_routine_without_the_acknowledgement_form(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, summary="Berätta för chefen.")
    login(org.staff)
    page = client.get(f"/routines/{routine.id}/print").get_data(as_text=True)
    assert "Berätta för chefen." in page
    assert "/acknowledge" not in page


def test_the_contacts_page_lists_key_persons_by_function_then_name_in_swedish_order(
    client: Any, login: Any, org: Any
) -> None:
    """Å, Ä, Ö after Z, in the functions and in the names (issue 15)."""
    from tests.org.test_swedish_order import PEOPLE

    for name in reversed(PEOPLE):
        factories.person(org.norr, name=name, is_key_person=True, key_function="Kurator")
    for function in ("Älgvakt", "Zonchef"):
        factories.person(org.norr, name=f"Funktion {function}", is_key_person=True,
                         key_function=function)  # fmt: skip
    db.session.commit()
    login(org.staff)
    page = client.get("/routines/contacts").get_data(as_text=True)
    ours = [*PEOPLE, "Funktion Zonchef", "Funktion Älgvakt"]
    assert re.findall(r"<strong>(Kurator [^<]+|Funktion [^<]+)</strong>", page) == ours
