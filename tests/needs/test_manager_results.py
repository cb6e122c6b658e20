"""Inventory v2: managers see their units' needs (strictly scoped), the free text "Andra
utbildningsbehov" is shown and exported, and small groups show only their number of answers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from learnapp.extensions import db
from learnapp.needs.models import InventoryScope, Need
from learnapp.needs.services import (
    Answers,
    AreaAnswer,
    add_latecomers,
    close_inventory,
    save_answers,
)
from tests import factories
from tests.querycount import count_statements

FREE_TEXT = "Hur vi pratar med föräldrar om oro"


def answer_with_text(inventory, person, areas, need=Need.GREAT, text=""):
    answers = Answers(other_needs=text)
    for area in areas:
        answers.areas[area.id] = AreaAnswer(2, need, "")
    save_answers(inventory, person, answers, entered_by=person, submit=True)
    db.session.commit()


@pytest.fixture
def soder_answers(org, make_inventory, areas):
    """Everyone asked. Söderskolan: staff (free text) and one more answer: two respondents.
    Norrskolan: other_staff answers with a free text of its own."""
    teacher = factories.person(org.soder, name="Lärare Två")
    db.session.commit()
    inv = make_inventory(scope=InventoryScope.EVERYONE)  # asks the people there when it opens
    answer_with_text(inv, org.staff, areas, text=FREE_TEXT)
    answer_with_text(inv, teacher, areas, need=Need.SOME)
    answer_with_text(inv, org.other_staff, areas, text="Norrskolans behov")
    return inv


def test_manager_sees_their_units_heat_map_with_two_respondents_suppressed(
    client, login, org, soder_answers
):
    login(org.manager)
    page = client.get(f"/needs/{soder_answers.id}/team").get_data(as_text=True)
    assert "Utbildningsbehov i dina enheter" in page
    assert f'/needs/{soder_answers.id}/results/units/{org.soder.id}">Söderskolan</a>' in page
    assert "färre än 3 svar" in page and "n = 2" in page
    assert "1 av 2" not in page and "Norrskolan" not in page


def test_manager_sees_the_answers_and_free_text_of_their_people(client, login, org, soder_answers):
    login(org.manager)
    url = f"/needs/{soder_answers.id}/results/units/{org.soder.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Svar från personerna i enheten" in page
    assert "Lärare Söder" in page and "Lärare Två" in page and "Stort behov" in page
    assert FREE_TEXT in page
    assert "Norrskolans behov" not in page
    assert f"/needs/{soder_answers.id}/results/departments/" not in page  # not theirs


def test_manager_changing_the_id_to_another_unit_gets_404(client, login, org, soder_answers):
    login(org.manager)
    base = f"/needs/{soder_answers.id}/results"
    assert client.get(f"{base}/units/{org.norr.id}").status_code == 404
    assert client.get(f"{base}/units/{org.social.id}").status_code == 404
    assert client.get(f"{base}/units/{org.schools.id}").status_code == 404  # above theirs
    assert client.get(f"{base}/departments/{org.school_dept.id}").status_code == 403
    assert client.get(base).status_code == 403


def test_manager_gets_404_for_a_draft_inventory(client, login, org, make_inventory):
    draft = make_inventory(title="Utkast", opened=False)
    login(org.manager)
    assert client.get(f"/needs/{draft.id}/results/units/{org.soder.id}").status_code == 404


def test_department_page_shows_the_free_text(client, login, org, soder_answers):
    login(org.coordinator)
    page = client.get(
        f"/needs/{soder_answers.id}/results/departments/{org.school_dept.id}"
    ).get_data(as_text=True)
    assert "Andra utbildningsbehov" in page
    assert FREE_TEXT in page and "Norrskolans behov" in page
    assert "n = 3" in page  # Grundskolor: three respondents, shown


def test_workbook_has_a_free_text_sheet(client, login, org, soder_answers):
    login(org.coordinator)
    book = load_workbook(io.BytesIO(client.get(f"/needs/{soder_answers.id}/export.xlsx").data))
    rows = list(book["Andra utbildningsbehov"].iter_rows(values_only=True))
    assert rows[0][-1] == "Andra utbildningsbehov"
    assert {(r[2], r[5]) for r in rows[1:]} == {
        ("Lärare Söder", FREE_TEXT),
        ("Lärare Norr", "Norrskolans behov"),
    }


def test_csv_has_the_free_text_column(client, login, org, soder_answers):
    login(org.coordinator)
    text = client.get(f"/needs/{soder_answers.id}/export.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-1] == "Andra utbildningsbehov"
    assert {r[-1] for r in rows[1:] if r[2] == "Lärare Söder"} == {FREE_TEXT}


def test_comparison_suppresses_small_groups(client, login, org, make_inventory, areas):
    first = make_inventory("Våren", scope=InventoryScope.EVERYONE)
    answer_with_text(first, org.staff, areas)
    close_inventory(first, org.coordinator)
    second = make_inventory("Hösten", scope=InventoryScope.EVERYONE)
    answer_with_text(second, org.staff, areas, need=Need.NONE)
    login(org.coordinator)
    page = client.get(f"/needs/{second.id}/compare?with={first.id}").get_data(as_text=True)
    assert "färre än 3 svar" in page and "n = 1 → 1" in page
    assert (
        "→ 0 %" not in page
        and "+0 procentenheter" not in page
        and "-100 procentenheter" not in page
    )


def test_compare_offers_only_earlier_inventories(client, login, org, make_inventory):
    first = make_inventory("Våren")
    close_inventory(first, org.coordinator)
    second = make_inventory("Hösten")
    login(org.coordinator)
    older = client.get(f"/needs/{first.id}").get_data(as_text=True)
    newer = client.get(f"/needs/{second.id}").get_data(as_text=True)
    assert 'name="with"' not in older
    assert f'<option value="{first.id}">Våren</option>' in newer


def test_staff_see_that_their_manager_answered_for_them(client, login, org, make_inventory, areas):
    inv = make_inventory()
    answers = Answers()
    for area in areas:
        answers.areas[area.id] = AreaAnswer(2, Need.SOME, "")
    save_answers(inv, org.staff, answers, entered_by=org.manager, submit=True)
    db.session.commit()
    login(org.staff)
    page = client.get(f"/needs/{inv.id}/answer").get_data(as_text=True)
    assert "Din chef Rektor Söder registrerade de här svaren åt dig" in page
    assert "du kan rätta dem så länge inventeringen är öppen" in page
    close_inventory(inv, org.coordinator)
    db.session.commit()
    page = client.get(f"/needs/{inv.id}/answer").get_data(as_text=True)
    assert "registrerade de här svaren" in page and "rätta dem" not in page


def test_a_managers_start_page_reads_the_open_inventories_once(client, login, org, make_inventory):
    # The inventory's panel and the dashboard both show the open inventory.
    inventory = make_inventory(scope=InventoryScope.EVERYONE)
    login(org.manager)
    client.get("/")
    with count_statements() as seen:
        page = client.get("/").get_data(as_text=True)
    assert inventory.title in page
    assert len([s for s in seen if s.lstrip().startswith("SELECT needs_inventory.id")]) == 1, str(
        seen
    )


def _freshness_checks(statements: list[str]) -> int:
    return sum("FROM needs_tally WHERE" in " ".join(s.split()) for s in statements)


def test_a_results_page_checks_once_that_the_stored_results_are_current(
    client, login, org, soder_answers, areas
):
    """The unit page reads the stored results four times and the team page three: one check a
    request that they are current; the next request checks again and sees a new answer."""
    login(org.manager)
    unit_page = f"/needs/{soder_answers.id}/results/units/{org.soder.id}"
    for url in (unit_page, f"/needs/{soder_answers.id}/team"):
        client.get(url)
        with count_statements() as seen:
            assert client.get(url).status_code == 200
        assert _freshness_checks(seen) == 1, seen
    assert "n = 2" in client.get(unit_page).get_data(as_text=True)
    teacher = factories.person(org.soder, name="Lärare Tre")
    add_latecomers(soder_answers, org.coordinator)
    answer_with_text(soder_answers, teacher, areas)
    page = client.get(unit_page).get_data(as_text=True)
    assert "Lärare Tre" in page and "n = 3" in page and "n = 2" not in page


def test_a_manager_sees_breadcrumbs_from_the_highest_unit_they_manage(
    client, login, org, soder_answers
):
    base = f"/needs/{soder_answers.id}/results/units"
    team = factories.unit(org.school_dept, "Arbetslag 1", parent=org.soder)
    db.session.commit()
    login(org.manager)  # of Söderskolan only: Grundskolor above it is not theirs
    page = client.get(f"{base}/{team.id}").get_data(as_text=True)
    assert f'<li><a href="{base}/{org.soder.id}">Söderskolan</a></li>' in page
    assert f'{base}/{org.schools.id}"' not in page
    page = client.get(f"{base}/{org.soder.id}").get_data(as_text=True)
    assert f'{base}/{org.schools.id}"' not in page
    login.logout()
    chief = factories.person(
        org.schools, name="Chef Grundskolor", password=factories.PASSWORD, manages=[org.schools]
    )
    db.session.commit()
    login(chief)
    page = client.get(f"{base}/{org.soder.id}").get_data(as_text=True)
    assert f'<li><a href="{base}/{org.schools.id}">Grundskolor</a></li>' in page
