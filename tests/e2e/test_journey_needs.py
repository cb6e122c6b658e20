"""Journey: the coordinator opens a training-needs inventory, a key person answers it, and the
coordinator sees the answer in the results and in the downloaded workbook."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e import journeys
from tests.e2e.conftest import NewPage
from tests.e2e.server import ACCOUNTS, DEMO_PASSWORD

STAFF_NAME = "Demo Medarbetare"  # medarbetare@example.org: a key person at Söderskolan


def create_and_open_inventory(page: Page, title: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Utbildningsbehov"
    ).click()
    page.get_by_role("link", name="Ny inventering").click()
    page.get_by_label("Rubrik").fill(title)
    page.get_by_label("Beskrivning").fill("Inför höstens utbildningar.")
    page.get_by_role("group", name="Vilka som tillfrågas").get_by_label(
        "Nyckelpersoner", exact=True
    ).check()
    page.get_by_label("Stänger").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("link", name="Öppna inventeringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Öppna inventeringen?")
    expect(page.get_by_text(re.compile(r"^\d+ personer? tillfrågas\."))).to_be_visible()
    page.get_by_role("button", name="Öppna inventeringen").click()
    expect(page.get_by_role("status")).to_contain_text("Inventeringen är öppen")


def answer_inventory(page: Page, title: str, comment: str) -> None:
    panel = page.get_by_role("region", name="Utbildningsbehov")
    panel.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    knowledge = page.get_by_role("group", name=re.compile(r"^Din nuvarande kunskap: "))
    needs = page.get_by_role("group", name=re.compile(r"^Ditt utbildningsbehov: "))
    areas = knowledge.count()
    assert areas >= 5 and needs.count() == areas
    for i in range(areas):
        knowledge.nth(i).get_by_label("2 Viss kunskap").check()
        needs.nth(i).get_by_label("Stort behov" if i == 0 else "Visst behov").check()
    # The comment is folded away under each area's row until asked for.
    page.locator("main form details.needs-comment > summary").first.click()
    page.get_by_label("Kommentar (frivillig)").first.fill(comment)
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("status")).to_contain_text("Tack! Svaren är inskickade.")
    # After submitting: the answers as given, and courses for the area of great need.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dina svar: {title}")
    expect(page.get_by_role("table", name="Svaren som de skickades in")).to_contain_text(comment)


def test_an_inventory_goes_from_opening_to_answer_to_workbook(
    new_page: NewPage, tmp_path: Path
) -> None:
    title = f"Behovsinventering E2E {uuid.uuid4().hex[:6]}"
    comment = "Vill gärna gå en fördjupning om signaler."

    coordinator = new_page(ACCOUNTS["coordinator"])
    create_and_open_inventory(coordinator, title)
    detail_url = coordinator.url

    staff = new_page(ACCOUNTS["staff"])
    answer_inventory(staff, title, comment)
    staff.goto("/")
    expect(
        staff.get_by_role("region", name="Utbildningsbehov")
        .get_by_role("listitem")
        .filter(has_text=title)
    ).to_contain_text("Inskickad")

    coordinator.goto(detail_url)
    coordinator.get_by_role("link", name="Resultat: svarsfrekvens och värmekarta").click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text(title)
    rates = coordinator.get_by_role("table", name="Svarsfrekvens per förvaltning")
    school = rates.get_by_role("row").filter(has_text="Utbildningsförvaltningen")
    expect(school.get_by_role("cell").nth(1)).not_to_have_text("0")

    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Ladda ner arbetsboken (XLSX)").first.click()
    name = download.value.suggested_filename
    assert name.startswith("behovsinventering-") and name.endswith(".xlsx")
    download.value.save_as(tmp_path / name)
    book = load_workbook(tmp_path / name, read_only=True)
    assert book.sheetnames == [
        "Sammanfattning",
        "Svar",
        "Andra utbildningsbehov",
        "Inte besvarad",
        "Om exporten",
    ]
    rows = list(book["Svar"].iter_rows(values_only=True))
    mine = [r for r in rows[1:] if r[2] == STAFF_NAME]
    assert len(mine) >= 5
    assert any(r[9] == comment and r[8] == "Stort behov" and r[7] == 2 for r in mine)
    about = {r[0]: r[1] for r in book["Om exporten"].iter_rows(values_only=True)}
    assert title in about.values()
    not_answered = [r[2] for r in book["Inte besvarad"].iter_rows(values_only=True)]
    assert STAFF_NAME not in not_answered


def test_a_key_person_answers_an_inventory_with_the_keyboard_alone(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/login")
    journeys.type_into(page, "E-postadress", ACCOUNTS["manager"])  # a key person (rektor)
    journeys.type_into(page, "Lösenord", DEMO_PASSWORD)
    journeys.activate(page, "Logga in")
    journeys.activate(page, re.compile(r"\(demo\)$"), within="main .panel")
    expect(page.get_by_role("heading", level=1)).to_contain_text("(demo)")

    # Knowledge "3" and need "some" in every area: arrow keys within each group of radios.
    radios = page.locator("main form input[type=radio]")
    ids = [radios.nth(i).get_attribute("id") or "" for i in range(radios.count())]
    desired = {i: i.endswith("-knowledge-3") or i.endswith("-need-some") for i in ids}
    assert sum(desired.values()) >= 10
    journeys.answer_with_keyboard(page, desired, "Skicka in svaren")

    expect(page.get_by_role("status")).to_contain_text("Tack! Svaren är inskickade.")
    page.get_by_role("link", name="Ändra svaren").click()
    for radio_id, wanted in desired.items():
        if wanted:
            expect(page.locator(f"[id='{radio_id}']")).to_be_checked()
