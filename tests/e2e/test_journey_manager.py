"""Journey: the manager sees a colleague's completion and an overdue colleague in their unit, and
downloads the unit's table (opened with openpyxl)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e import journeys
from tests.e2e.conftest import NewPage
from tests.e2e.course_steps import COURSE_ENDPOINTS, TEXT, read_the_course, take_the_quiz
from tests.e2e.server import ACCOUNTS, LiveServer

UNIT_ENDPOINTS = ("training.team", "training.team_unit", "training.team_export")
COLLEAGUE = "Klara Kollega"


def test_the_manager_sees_a_completion_and_an_overdue_colleague_and_exports_the_unit(
    new_page: NewPage, server: LiveServer, tmp_path: Path
) -> None:
    journeys.require(server, *COURSE_ENDPOINTS, *UNIT_ENDPOINTS)
    key = journeys.answer_key(server)
    t = TEXT["sv"]

    # A colleague in the manager's unit completes the assigned course.
    staff = new_page(journeys.arrange_person(server, "e2e.kollega@example.org", COLLEAGUE))
    course = read_the_course(staff, t)
    take_the_quiz(staff, t, key, right=True)
    expect(staff.locator(".result-summary")).to_contain_text(t["completed"])

    manager = new_page(ACCOUNTS["manager"])
    manager.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Min enhet"
    ).click()
    units = manager.get_by_role(
        "table", name="Tilldelade kurser per enhet (personer i själva enheten)"
    )
    row = units.get_by_role("row").filter(has_text=journeys.UNIT)
    expect(row).to_contain_text("försenad")
    row.get_by_role("link", name=journeys.UNIT).click()

    people = manager.get_by_role(
        "table", name=f"Personer och deras kurser i {journeys.UNIT} och enheterna under"
    )
    colleague = people.get_by_role("row").filter(has_text=COLLEAGUE)
    expect(colleague.locator(".status")).to_have_text("Klar")
    overdue = people.get_by_role("row").filter(has=manager.locator(".status-overdue"))
    expect(overdue.first).to_contain_text("Försenad")
    overdue_name = overdue.first.get_by_role("rowheader").inner_text().split("\n")[0].strip()

    with manager.expect_download() as download:
        manager.get_by_role("link", name="Excel (XLSX)").click()
    name = download.value.suggested_filename
    assert name.endswith(".xlsx")
    download.value.save_as(tmp_path / name)
    rows = list(load_workbook(tmp_path / name, read_only=True).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:2] == ("Namn", "E-post")
    by_name = {(r[0], r[4]): r for r in body}
    assert by_name[(COLLEAGUE, course)][5] == "Klar"
    assert any(r[0] == overdue_name and r[5] == "Försenad" for r in body)
