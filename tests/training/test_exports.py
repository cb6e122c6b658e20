from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from sqlalchemy import select

from learnapp import xlsx_stream
from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.training.models import RuleScope
from tests import factories
from tests.training.conftest import complete
from tests.xlsx_parts import assert_split

EVIL = '=HYPERLINK("http://x","y")'


def csv_rows(response):
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    book = load_workbook(io.BytesIO(response.get_data()))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def evil_person(org):
    p = factories.person(org.soder, name=EVIL, email="evil@example.org")
    db.session.commit()
    return p


def test_team_csv_neutralises_a_formula_name(client, login, org, course, make_rule):
    evil_person(org)
    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    rows = csv_rows(client.get(f"/training/team/units/{org.soder.id}/export.csv"))
    assert ["'" + EVIL] in [r[:1] for r in rows]


def test_team_csv_has_local_times_to_the_minute_and_a_decimal_point(
    client, login, org, course, make_rule
):
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course, at=datetime(2026, 7, 1, 13, 5, 30, tzinfo=UTC), score=0.75)
    login(org.manager)
    rows = csv_rows(client.get(f"/training/team/units/{org.soder.id}/export.csv"))
    staff_row = next(r for r in rows if r[0] == "Lärare Söder")
    # Stockholm's summer time: UTC + 2.
    assert staff_row[10] == "2026-07-01 15:05" and staff_row[12] == "0.75"
    assert staff_row[3] == "Ja" and staff_row[2] == "Söderskolan"


def test_team_xlsx_neutralises_a_formula_name(client, login, org, course, make_rule):
    evil_person(org)
    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    rows = xlsx_rows(client.get(f"/training/team/units/{org.soder.id}/export.xlsx"))
    names = [r[0] for r in rows[1:]]
    assert "'" + EVIL in names and EVIL not in names


def test_team_xlsx_has_real_dates_and_numbers(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course, score=0.8)
    login(org.manager)
    rows = xlsx_rows(client.get(f"/training/team/units/{org.soder.id}/export.xlsx"))
    staff_row = next(r for r in rows if r[0] == "Lärare Söder")
    assert hasattr(staff_row[7], "year")  # due date
    assert staff_row[12] == 0.8 and staff_row[9] == 2


def test_team_export_file_name_has_the_date(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    response = client.get(f"/training/team/units/{org.soder.id}/export.csv")
    disposition = response.headers["Content-Disposition"]
    assert "soderskolan" in disposition and date.today().isoformat()[:7] in disposition


def test_export_of_an_empty_scope_is_a_valid_file_with_headers(client, login, org, course):
    login(org.manager)
    assert len(csv_rows(client.get(f"/training/team/units/{org.soder.id}/export.csv"))) == 1
    assert len(xlsx_rows(client.get(f"/training/team/units/{org.soder.id}/export.xlsx"))) == 1


def test_exports_are_audited(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    client.get(f"/training/team/units/{org.soder.id}/export.csv")
    login.logout()
    login(org.coordinator)
    client.get("/training/overview.xlsx")
    client.get("/reports/report.xlsx")
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {
        "training.exported_team",
        "training.exported_overview",
        "reports.downloaded",
    } <= actions


def test_overview_xlsx_has_shares_as_numbers(client, login, org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.soder)
    complete(org.staff, course)
    login(org.coordinator)
    rows = xlsx_rows(client.get("/training/overview.xlsx"))
    assert rows[1][:5] == ["Utbildningsförvaltningen", "Grunder om extremism", 2, 1, 0.5]


def test_overview_csv_neutralises_a_formula_department(client, login, org, course, make_rule):
    dept = factories.department(EVIL, "EVIL")
    unit = factories.unit(dept)
    factories.person(unit)
    db.session.commit()
    make_rule(RuleScope.EVERYONE)
    login(org.coordinator)
    rows = csv_rows(client.get("/training/overview.csv"))
    assert "'" + EVIL in [r[0] for r in rows]


def test_a_team_workbook_beyond_excels_row_limit_goes_on_in_numbered_sheets(
    client, login, org, course, make_rule, monkeypatch
):
    make_rule(RuleScope.EVERYONE)
    login(org.coordinator)
    url = f"/training/team/units/{org.schools.id}/export.xlsx"
    whole = client.get(url).get_data()
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 2)  # the header and one person a sheet
    assert_split(whole, client.get(url).get_data(), 2)
