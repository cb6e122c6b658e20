"""The report's PDF, Word and Excel files: opened with pypdf, python-docx and openpyxl, every
section there, å/ä/ö intact, and every download in the audit log."""

from __future__ import annotations

import io

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.reports.models import SavedReport
from learnapp.training.models import RuleScope
from tests.training.conftest import complete

SECTIONS = [
    "Totalt",
    "Per förvaltning",
    "Utbildningsbehov per förvaltning",
    "Utveckling per kvartal",
    "Samordnarens bedömning",
    "Förslag till åtgärder",
]
ASSESSMENT = "Förvaltningarna har kommit långt; två skolor släpar efter."
MEASURES = "Påminn cheferna i Omsorgs- och socialförvaltningen före årsskiftet."


@pytest.fixture
def saved(client, login, org, course, make_rule, make_inventory):
    make_rule(RuleScope.KEY_PERSONS)
    complete(org.staff, course)
    make_inventory("Inventering hösten 2026")
    login(org.coordinator)
    client.post("/reports/snapshot")
    response = client.post(
        "/reports/save",
        data={
            "start": "2026-01-01",
            "end": "2026-12-03",
            "inventory": "",
            "title": "Lägesrapport till Trygg- och säkerhetsutskottet",
            "meeting_on": "2026-12-10",
            "assessment": ASSESSMENT,
            "measures": MEASURES,
        },
    )
    assert response.status_code == 302
    return db.session.scalars(select(SavedReport)).one()


def pdf_text(body: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(body))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_every_section_the_organisation_and_page_numbers(client, saved):
    response = client.get(f"/reports/saved/{saved.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader, text = pdf_text(response.get_data())
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    for heading in SECTIONS:
        assert heading in text
    assert "Kommunen" in text and "Sida 1 av" in text
    assert "Utbildningsförvaltningen" in text and "100 % (1 av 1)" in text
    assert "två skolor släpar efter" in text and "Påminn cheferna" in text
    assert "Inventering hösten 2026" in text
    assert reader.metadata.title == "Lägesrapport till Trygg- och säkerhetsutskottet"


def test_docx_has_every_section_as_a_heading_and_the_tables(client, saved):
    response = client.get(f"/reports/saved/{saved.id}.docx")
    assert response.status_code == 200
    word = open_docx(io.BytesIO(response.get_data()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == SECTIONS
    text = "\n".join(p.text for p in word.paragraphs)
    assert ASSESSMENT in text and MEASURES in text and "Till utskottets sammanträde" in text
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert "Utbildningsförvaltningen" in cells and "100 % (1 av 1)" in cells
    assert word.sections[0].header.paragraphs[0].text == "Kommunen"
    assert word.core_properties.title == saved.title


def test_xlsx_has_title_and_date_rows_and_swedish_sheet_names(client, saved):
    response = client.get(f"/reports/saved/{saved.id}.xlsx")
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == [
        "Totalt",
        "Per förvaltning",
        "Utbildningsbehov",
        "Utveckling per kvartal",
        "Samordnarens bedömning",
        "Förslag till åtgärder",
    ]
    sheet = book["Per förvaltning"]
    assert sheet["A1"].value == saved.title and sheet["A2"].value == "Kommunen"
    assert sheet["A3"].value.startswith("Datum: ")
    rows = list(sheet.iter_rows(values_only=True))
    school = next(r for r in rows if r[0] == "Utbildningsförvaltningen")
    assert school[1] == 1.0  # key persons' share as a number
    column = [c.value for c in book["Samordnarens bedömning"]["A"]]
    assert column.index(ASSESSMENT) == column.index("Samordnarens bedömning") + 1


def test_saved_downloads_do_not_change_after_more_completions(client, org, course, saved):
    before = pdf_text(client.get(f"/reports/saved/{saved.id}.pdf").get_data())[1]
    complete(org.other_staff, course)
    after = pdf_text(client.get(f"/reports/saved/{saved.id}.pdf").get_data())[1]
    assert after == before


def test_live_report_downloads_in_every_format(client, saved):
    for fmt in ("pdf", "docx", "xlsx"):
        response = client.get(f"/reports/report.{fmt}?start=2026-01-01&end=2026-12-03")
        assert response.status_code == 200, fmt
    _reader, text = pdf_text(client.get("/reports/report.pdf").get_data())
    assert "Per förvaltning" in text and "Samordnarens bedömning" not in text


def test_every_download_is_audited(client, saved):
    for fmt in ("pdf", "docx", "xlsx"):
        client.get(f"/reports/saved/{saved.id}.{fmt}")
    client.get("/reports/report.pdf")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reports.downloaded")
    ).all()
    assert sorted(e.details["format"] for e in events) == ["docx", "pdf", "pdf", "xlsx"]
    assert {e.target_id for e in events} == {saved.id, None}


def test_english_pdf_is_in_english(client, login, org, saved):
    org.coordinator.language = "en"
    db.session.commit()
    _reader, text = pdf_text(client.get(f"/reports/saved/{saved.id}.pdf").get_data())
    assert "Per department" in text and "Page 1 of" in text
    book = load_workbook(io.BytesIO(client.get(f"/reports/saved/{saved.id}.xlsx").get_data()))
    assert book.sheetnames == [
        "Totals",
        "Per department",
        "Training needs",
        "Trend by quarter",
        "The coordinator's assessment",
        "Proposed measures",
    ]
    word = open_docx(io.BytesIO(client.get(f"/reports/saved/{saved.id}.docx").get_data()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Totals" and "Training needs per department" in headings
