"""Follow-up: managers see and remind who has not acknowledged; coordinators see shares per
department; the status report's column; exports are formula-safe and audit-logged."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from learnapp import xlsx_stream
from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.notifications.models import OutboxMail
from learnapp.routines import services
from tests.routines.conftest import edit, publish
from tests.xlsx_parts import assert_split


def _ack(routine: Any, person: Any) -> None:
    services.acknowledge(routine, services.current_version(routine).id, person)
    db.session.commit()


def _to(outbox: list[Any], person: Any) -> list[Any]:
    return [m for m in outbox if m["To"] == person.email]


def test_a_manager_sees_who_in_their_units_has_not_acknowledged(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, title="Skolans rutin")
    _ack(routine, org.manager)
    login(org.manager)
    page = client.get(f"/routines/follow-up?routine={routine.id}").get_data(as_text=True)
    assert "Lärare Söder" in page  # pending, in Söderskolan
    assert "Lärare Norr" not in page  # pending, but in Norrskolan: not this manager's
    assert "50 %" in page.replace("\xa0", " ")  # 1 of 2 in Söderskolan


def test_the_coordinator_sees_the_share_per_department(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(None, title="Kommunens rutin")
    _ack(routine, org.staff)
    login(org.coordinator)
    page = client.get("/routines/follow-up").get_data(as_text=True).replace("\xa0", " ")
    assert "Utbildningsförvaltningen" in page and "33 %" in page  # 1 of 3
    assert "1 av 3" in page and "0 av 1" in page  # the social department: 0 of 1


def test_the_first_and_every_major_version_asks_by_mail_and_a_minor_one_does_not(
    app: Any, org: Any, make_routine: Any, outbox: list[Any]
) -> None:
    routine = make_routine(org.school_dept, title="Skolans rutin")
    deliver()
    assert len(_to(outbox, org.staff)) == 1
    assert "Skolans rutin" in _to(outbox, org.staff)[0]["Subject"]
    _ack(routine, org.staff)
    edit(routine, org.coordinator, routine.draft_body + "\nStavfel.\n")
    publish(routine, org.coordinator, major=False)
    deliver()
    assert len(_to(outbox, org.staff)) == 1
    edit(routine, org.coordinator, routine.draft_body + "\nNytt steg.\n")
    publish(routine, org.coordinator, major=True)
    deliver()
    assert len(_to(outbox, org.staff)) == 2
    body = _to(outbox, org.staff)[1].get_body(("plain",)).get_content()
    assert f"/routines/{routine.id}" in body


def test_a_mail_is_not_sent_to_someone_who_acknowledged_before_it_went(
    app: Any, org: Any, make_routine: Any, outbox: list[Any]
) -> None:
    routine = make_routine(org.school_dept)
    _ack(routine, org.staff)
    deliver()
    assert _to(outbox, org.staff) == []
    assert len(_to(outbox, org.other_staff)) == 1


def test_a_manager_reminds_the_pending_people_of_their_units_once_a_day(
    client: Any, login: Any, org: Any, make_routine: Any, outbox: list[Any]
) -> None:
    routine = make_routine(org.school_dept)
    deliver()
    outbox.clear()
    login(org.manager)
    response = client.post(
        "/routines/follow-up/remind", data={"routine": routine.id}, follow_redirects=True
    )
    assert "En påminnelse" in response.get_data(as_text=True)
    client.post("/routines/follow-up/remind", data={"routine": routine.id})
    deliver()
    reminded = sorted(m["To"] for m in outbox)
    assert reminded == sorted([org.manager.email, org.staff.email])  # Söderskolan only, once
    assert "Påminnelse" in _to(outbox, org.staff)[0]["Subject"]
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == "routines.reminded")) == 2
    )


def test_reminding_about_a_routine_outside_the_managers_units_is_not_found(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.social_dept)
    login(org.manager)
    response = client.post("/routines/follow-up/remind", data={"routine": routine.id})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).where(OutboxMail.kind == "routine_reminder")) == 0


def test_staff_cannot_see_the_follow_up(client: Any, login: Any, org: Any) -> None:
    login(org.staff)
    assert client.get("/routines/follow-up").status_code == 403
    assert client.get("/routines/follow-up/export.csv").status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_managers_export_is_scoped_formula_safe_and_audited(
    client: Any, login: Any, org: Any, make_routine: Any, fmt: str
) -> None:
    org.staff.name = '=HYPERLINK("http://x")'
    db.session.commit()
    make_routine(org.school_dept, title="@Skolans rutin")
    login(org.manager)
    response = client.get(f"/routines/follow-up/export.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        text = response.get_data().decode("utf-8-sig")
        cells = [line.split(";") for line in text.splitlines()]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
        cells = [[str(c) if c is not None else "" for c in row] for row in sheet.values]
    names = {row[0].strip('"') for row in cells[1:]}
    assert names == {'\'=HYPERLINK(""http://x"")', "Rektor Söder"} or names == {
        '\'=HYPERLINK("http://x")',
        "Rektor Söder",
    }
    assert all(row[4].strip('"').startswith("'@") for row in cells[1:])
    assert "Lärare Norr" not in str(cells)
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == "routines.exported")) == 1
    )


def test_the_export_workbook_has_the_acknowledgement_as_a_date_and_the_version_as_a_number(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    _ack(routine, org.staff)
    login(org.coordinator)
    response = client.get("/routines/follow-up/export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.get_data())).active.values)
    staff = next(r for r in rows if r[0] == org.staff.name)
    assert isinstance(staff[5], int) and staff[7] == staff[5]
    assert isinstance(staff[8], datetime)
    other = next(r for r in rows if r[0] == "Lärare Norr")
    assert other[7] is None and other[8] is None


def test_the_status_report_shows_the_share_acknowledged_per_department(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    _ack(routine, org.staff)
    login(org.coordinator)
    page = client.get("/reports/").get_data(as_text=True).replace("\xa0", " ")
    assert "Bekräftade rutiner" in page and "33 % (1 av 3)" in page
    book = openpyxl.load_workbook(io.BytesIO(client.get("/reports/report.xlsx").get_data()))
    rows = list(book["Per förvaltning"].iter_rows(values_only=True))
    header = next(r for r in rows if "Bekräftade rutiner" in r)
    school = next(r for r in rows if r[0] == "Utbildningsförvaltningen")
    assert school[header.index("Bekräftade rutiner")] == pytest.approx(1 / 3)


def test_the_status_report_has_no_routines_column_before_a_routine_is_published(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    make_routine(org.school_dept, published=False)
    login(org.coordinator)
    assert "Bekräftade rutiner" not in client.get("/reports/").get_data(as_text=True)


def test_a_follow_up_workbook_beyond_excels_row_limit_goes_on_in_numbered_sheets(
    client: Any, login: Any, org: Any, make_routine: Any, monkeypatch: Any
) -> None:
    routine = make_routine(org.school_dept)
    _ack(routine, org.staff)
    login(org.coordinator)
    whole = client.get("/routines/follow-up/export.xlsx").get_data()
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 2)  # the header and one row a sheet
    assert_split(whole, client.get("/routines/follow-up/export.xlsx").get_data(), 2)
