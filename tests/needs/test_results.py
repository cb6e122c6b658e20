from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from learnapp import xlsx_stream
from learnapp.extensions import db
from learnapp.needs import lists, reports, views_results
from learnapp.needs.models import InventoryScope, Need
from learnapp.needs.services import add_latecomers, close_inventory
from tests import factories
from tests.querycount import count_statements


@pytest.fixture
def answered(org, make_inventory, answer):
    """Everyone asked; staff and other_staff (UTB) submit, social_staff only saves a draft."""
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inv, org.staff, values={0: (1, Need.GREAT)}, default=(2, Need.SOME))
    answer(inv, org.other_staff, values={0: (4, Need.NONE)}, default=(3, Need.GREAT))
    answer(inv, org.social_staff, default=(1, Need.GREAT), submit=False)
    return inv


def test_response_rates_per_department(org, answered):
    rates = {r.name: (r.in_scope, r.answered) for r in reports.response_rates(answered)}
    # UTB: manager, staff, other_staff; OSF: social_staff (draft does not count).
    assert rates == {"Utbildningsförvaltningen": (3, 2), "Omsorgs- och socialförvaltningen": (1, 0)}


def test_heat_map_numbers(org, answered, areas):
    cells = reports.heat_map(answered)
    first = cells[(org.school_dept.id, areas[0].id)]
    assert (first.answers, first.great, first.share_great, first.avg_knowledge) == (2, 1, 0.5, 2.5)
    second = cells[(org.school_dept.id, areas[1].id)]
    assert (second.great, second.avg_knowledge) == (1, 2.5)
    assert (org.social_dept.id, areas[0].id) not in cells  # drafts are not counted


def test_comparison_shows_change(org, make_inventory, answer, answered, areas):
    close_inventory(answered, org.coordinator)
    later = make_inventory(title="Inventering 2025", scope=InventoryScope.EVERYONE)
    answer(later, org.staff, default=(4, Need.NONE))
    change = reports.comparison(answered, later)[(org.school_dept.id, areas[0].id)]
    assert change.share_change == pytest.approx(-0.5)
    assert change.knowledge_change == pytest.approx(1.5)


def test_results_page_shows_numbers_in_every_cell(client, login, org, answered, answer):
    login(org.coordinator)
    page = client.get(f"/needs/{answered.id}/results").get_data(as_text=True)
    # Two respondents in the department: no share, only how many.
    assert "färre än 3 svar" in page and "n = 2" in page and "1 av 2" not in page
    assert "Lärare Söder" not in page  # the key persons are a page of their own
    key_persons = client.get(f"/needs/{answered.id}/results/key-persons").get_data(as_text=True)
    assert "Lärare Söder" in key_persons  # a key person with a great need
    assert "Nyckelpersoner med stora behov: Inventering 2024" in key_persons
    answer(answered, org.manager, default=(2, Need.NONE))
    page = client.get(f"/needs/{answered.id}/results").get_data(as_text=True)
    assert "33 %" in page and "1 av 3" in page and "n = 3" in page


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_results_drill_down_one_level_at_a_time(client, login, org, answered):
    factories.person(org.schools, name="Rektor Grundskolor")  # directly in Grundskolor, no answer
    db.session.commit()
    add_latecomers(answered, org.coordinator)  # came after the inventory opened
    db.session.commit()
    login(org.coordinator)
    base = f"/needs/{answered.id}/results"

    department = _page(client, f"{base}/departments/{org.school_dept.id}")
    # Grundskolor with both schools below it: four asked, two answered.
    assert f'<a href="{base}/units/{org.schools.id}">Grundskolor</a></th><td>4</td><td>2</td>' in (
        department
    )
    assert "Söderskolan" not in department and "Norrskolan" not in department

    schools = _page(client, f"{base}/units/{org.schools.id}")
    assert '<th scope="row">Grundskolor (själva enheten)</th><td>1</td><td>0</td>' in schools
    assert f'<a href="{base}/units/{org.soder.id}">Söderskolan</a></th><td>2</td><td>1</td>' in (
        schools
    )
    assert (
        f'<a href="{base}/units/{org.norr.id}">Norrskolan</a></th><td>1</td><td>1</td>' in schools
    )
    assert "<td>4</td><td>2</td>" in schools  # the total: the unit and all below it

    soder = _page(client, f"{base}/units/{org.soder.id}")
    assert "Söderskolan (själva enheten)</th><td>2</td><td>1</td>" in soder
    # No link in its rates table, so the table itself takes a tab stop (it may scroll).
    assert '<table tabindex="0">' in soder and '<table tabindex="0">' not in department
    assert f'href="{base}/departments/{org.school_dept.id}"' in soder  # breadcrumbs back up
    assert f'<a href="{base}/units/{org.schools.id}">Grundskolor</a>' in soder


def test_unit_results_are_for_coordinators_and_known_units(client, login, org, answered):
    url = f"/needs/{answered.id}/results/units/{org.norr.id}"
    login(org.manager)  # of Söderskolan: Norrskolan is not theirs
    assert client.get(url).status_code == 404
    login.logout()
    login(org.staff)
    assert client.get(url).status_code == 403
    login.logout()
    login(org.coordinator)
    assert client.get(f"/needs/{answered.id}/results/units/999999").status_code == 404
    assert client.get(f"/needs/999999/results/units/{org.soder.id}").status_code == 404


def test_unit_results_say_so_when_nobody_is_asked(client, login, org, make_inventory):
    inv = make_inventory(scope=InventoryScope.KEY_PERSONS)
    login(org.coordinator)
    page = _page(client, f"/needs/{inv.id}/results/units/{org.norr.id}")
    assert "Inventeringen frågar ingen i den här enheten eller under den." in page


def test_key_persons_list_shows_the_first_rows_and_says_there_are_more(
    client, login, org, answered, monkeypatch
):
    org.other_staff.is_key_person = True  # a great need in every area but the first
    db.session.commit()
    rows, more = lists.key_persons_with_great_needs(answered)
    assert len(rows) >= 3 and not more
    first_two, more = lists.key_persons_with_great_needs(answered, limit=2)
    assert first_two == rows[:2] and more
    assert lists.key_persons_with_great_needs(answered, limit=len(rows)) == (rows, False)
    # Read in batches of units: the same rows, in the same order, whatever the batch sizes.
    monkeypatch.setattr(lists, "BATCHES", (1, 1))
    assert lists.key_persons_with_great_needs(answered, limit=2) == (first_two, True)
    assert lists.key_persons_with_great_needs(answered) == (rows, False)
    # By department, unit, name and area; people who have left are not listed.
    assert rows == sorted(rows, key=lambda r: (r.department, r.unit, r.name, r.person_id))
    org.other_staff.active = False
    db.session.commit()
    assert {r.person_id for r in lists.key_persons_with_great_needs(answered)[0]} == {org.staff.id}
    org.other_staff.active = True
    db.session.commit()
    monkeypatch.setattr(views_results, "KEY_PERSON_LIMIT", 2)
    login(org.coordinator)
    page = client.get(f"/needs/{answered.id}/results/key-persons").get_data(as_text=True)
    assert "De första 2 raderna visas; resten finns i arbetsboken." in page


def _count_queries(client, url):
    with count_statements() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_results_page_query_count_does_not_grow_with_people(
    client, login, org, make_inventory, answer
):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    units = [org.soder, org.norr, org.social]

    def add(n):
        for i in range(n):
            p = factories.person(units[i % 3], is_key_person=True)
            db.session.flush()
            answer(inv, p, default=(1 + i % 4, Need.GREAT))

    add(10)
    login(org.coordinator)
    _count_queries(client, f"/needs/{inv.id}/results")  # the first reader counts the results
    small = _count_queries(client, f"/needs/{inv.id}/results")
    add(190)
    large = _count_queries(client, f"/needs/{inv.id}/results")
    assert small == large


def test_export_sheets_are_named_in_the_readers_language(
    client, login, org, make_inventory, answer, areas
):
    inv = make_inventory(title="Nyckelpersoner 2024")
    answer(inv, org.staff, default=(3, Need.GREAT))
    org.coordinator.language = "en"
    db.session.commit()
    login(org.coordinator)
    book = load_workbook(io.BytesIO(client.get(f"/needs/{inv.id}/export.xlsx").data))
    assert book.sheetnames == [
        "Summary",
        "Answers",
        "Other training needs",
        "Not answered",
        "About the export",
    ]


def test_export_workbook(client, login, org, make_inventory, answer, areas):
    org.other_staff.is_key_person = True  # asked, has not answered
    db.session.commit()
    inv = make_inventory(title="Nyckelpersoner 2024 – Åre")
    answer(inv, org.staff, default=(3, Need.GREAT), comment="=1+2")
    login(org.coordinator)
    r = client.get(f"/needs/{inv.id}/export.xlsx")
    assert r.status_code == 200
    disposition = r.headers["Content-Disposition"]
    assert "behovsinventering-nyckelpersoner-2024-are-" in disposition
    book = load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == [
        "Sammanfattning",
        "Svar",
        "Andra utbildningsbehov",
        "Inte besvarad",
        "Om exporten",
    ]
    svar = book["Svar"]
    assert svar.freeze_panes == "A2"
    headers = [c.value for c in svar[1]]
    assert headers[:4] == ["Förvaltning", "Enhet", "Namn", "E-post"]
    rows = list(svar.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(areas)
    first = rows[0]
    assert first[2] == "Lärare Söder" and first[7] == 3
    assert first[9] == "'=1+2"
    import datetime

    assert isinstance(first[11], datetime.datetime)
    summary = list(book["Sammanfattning"].iter_rows(min_row=2, values_only=True))
    assert summary[0][6] == 1.0 and summary[0][7] == 3  # numbers, not text
    share, knowledge = book["Sammanfattning"]["G2"], book["Sammanfattning"]["H2"]
    assert (share.number_format, knowledge.number_format) == ("0%", "0.00")
    # Inte besvarad: the key person in scope who has not answered; Om exporten: what this file is.
    missing = list(book["Inte besvarad"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[4]) for row in missing] == [(org.other_staff.name, "Ja")]
    about = {row[0]: row[1] for row in book["Om exporten"].iter_rows(values_only=True)}
    assert about["Inventering"] == "Nyckelpersoner 2024 – Åre"
    assert isinstance(about["Skapad"], datetime.datetime)
    assert about["Vilka som tillfrågas"] == "Nyckelpersoner"
    assert org.coordinator.email in about["Skapad av"]
    from learnapp.audit.models import AuditEvent

    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "needs.exported"))


def test_export_csv_has_bom_and_neutralised_cells(client, login, org, make_inventory, answer):
    inv = make_inventory()
    answer(inv, org.staff, default=(3, Need.GREAT), comment="@SUM(A1)")
    login(org.coordinator)
    r = client.get(f"/needs/{inv.id}/export.csv")
    assert r.data.startswith(b"\xef\xbb\xbf")
    text = r.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Förvaltning;Enhet;Namn")
    assert "'@SUM(A1)" in text


def test_sheets_beyond_excels_row_limit_go_on_in_numbered_sheets(
    client, login, org, make_inventory, answer, areas, monkeypatch
):
    """Everyone × ten areas passes Excel's 1,048,576 rows at about 105,000 people: made small
    here (5 rows a sheet, the header's included), the answers go on in "Svar 1", "Svar 2", …,
    each with the header, and every sheet holds what it held in one piece."""
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    for person in (org.staff, org.other_staff, org.social_staff):
        answer(inv, person, default=(3, Need.GREAT))
    login(org.coordinator)
    whole = load_workbook(io.BytesIO(client.get(f"/needs/{inv.id}/export.xlsx").data))
    assert whole["Svar"].max_row == 1 + 3 * len(areas)
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 5)
    book = load_workbook(io.BytesIO(client.get(f"/needs/{inv.id}/export.xlsx").data))
    names = iter(book.sheetnames)
    for title in whole.sheetnames:
        sheet = whole[title]
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[:1] if title != "Om exporten" else []
        body = rows[len(header) :]
        per_sheet = 5 - len(header)
        count = max(-(-len(body) // per_sheet), 1)
        parts = [title] if count == 1 else [f"{title} {n}" for n in range(1, count + 1)]
        assert [next(names) for _ in parts] == parts
        got = []
        for part in parts:
            part_rows = list(book[part].iter_rows(values_only=True))
            assert part_rows[: len(header)] == header
            got += part_rows[len(header) :]
        width = 1 if title == "Om exporten" else 10  # not when written or answered
        assert [row[:width] for row in got] == [row[:width] for row in body]
    assert next(names, None) is None
    answer_sheets = [name for name in book.sheetnames if name.startswith("Svar ")]
    assert len(answer_sheets) == -(-3 * len(areas) // 4) > 1
