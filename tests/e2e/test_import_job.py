"""The HR import's job page in the browser: reached by confirming a file, by keyboard, and clean
for axe (it shows the result without reloading itself on a timer)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import axe_violations
from tests.e2e.server import ACCOUNTS

CSV = (
    "Anställningsnummer;Namn;E-post;Förvaltning;Enhet\r\n"
    "e2e-1;Åsa Öberg;e2e.asa@example.org;E2E-förvaltningen;Enhet Ä\r\n"
    "e2e-2;Örjan Åberg;e2e.orjan@example.org;E2E-förvaltningen;Enhet Ä\r\n"
)


def test_an_admin_confirms_an_import_and_reads_what_it_did(
    new_page: NewPage, tmp_path: Path
) -> None:
    page = new_page(ACCOUNTS["admin"])
    file = tmp_path / "personal.csv"
    file.write_text(CSV, encoding="utf-8")
    page.goto("/admin/import")
    page.locator("input[type=file]").set_input_files(str(file))
    page.get_by_label("Skapa").check()
    page.get_by_role("button", name="Kontrollera filen").click()
    confirm = page.get_by_role("button", name="Importera nu")
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Importen är klar: 2 nya")
    assert "/admin/import/jobs/" in page.url
    assert axe_violations(page) == []
