"""Journey: a coordinator copies a course in the browser, edits a lesson, previews the draft as
staff see it, publishes it, then a minor and a major version, edits a question, adds an image
with its text alternative, exports the course as a zip and imports it under a new short name; a
staff member reads the new text and the image."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e import journeys
from tests.e2e.conftest import NewPage
from tests.e2e.course_steps import TEXT, take_the_quiz
from tests.e2e.helpers import Violation, axe_violations
from tests.e2e.server import DEMO_PASSWORD, LiveServer

ENDPOINTS = ("authoring.index", "authoring.copy", "authoring.publish", "authoring.preview")
COPY = "e2e-kopia"


def arrange_coordinator(server: LiveServer, email: str = "e2e.redaktor@example.org") -> str:
    from learnapp.extensions import db
    from learnapp.org.models import Role
    from learnapp.org.services import create_person, find_person_by_email

    with server.app.app_context():
        if find_person_by_email(email) is None:
            create_person("Rut Redaktör", email, password=DEMO_PASSWORD, roles={Role.COORDINATOR})
        db.session.commit()
        db.session.remove()
    return email


def checked(page: Page, found: list[Violation]) -> None:
    found += axe_violations(page, page.url)


def publish(page: Page, kind: str | None, note: str, found: list[Violation]) -> None:
    page.get_by_role("navigation", name="Kursens utkast").get_by_role(
        "link", name="Publicera"
    ).click()
    checked(page, found)
    if kind:
        page.get_by_label(kind).check()
    page.get_by_label("Ändringsnotering").fill(note)
    page.get_by_role("button", name="Publicera utkastet").click()
    expect(page.locator(".flash-success")).to_contain_text("har publicerats")


def read_every_lesson(page: Page, t: dict[str, str]) -> None:
    page.locator("ol.lesson-list a").first.click()
    while True:
        nav = page.get_by_role("navigation", name=t["lesson_nav"])
        following = nav.get_by_role("link", name=re.compile("^" + t["next"]))
        if following.count() == 0:
            break
        following.click()
    nav.get_by_role("link", name=re.compile("^" + t["last"])).click()
    page.get_by_role("link", name=t["go_quiz"]).click()


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_coordinator_copies_edits_previews_and_publishes_a_course(
    new_page: NewPage, server: LiveServer, tmp_path: Path
) -> None:
    journeys.require(server, *ENDPOINTS)
    found: list[Violation] = []
    page = new_page(arrange_coordinator(server))
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Redigera kurser"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redigera kurser")
    table = page.get_by_role("table", name="Kurser")
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name="Kopiera")).first
    original = row.get_by_role("rowheader").inner_text().split(" (")[0]
    row.get_by_role("link", name="Kopiera").click()
    checked(page, found)
    page.get_by_label("Kopians titel").fill("Kopierad kurs i test")
    page.get_by_label("Kopians kortnamn").fill(COPY)
    page.get_by_role("button", name="Skapa kopian").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kopierad kurs i test")
    assert original

    # Edit the first lesson: preview without saving, then save.
    page.locator("ol.lesson-list a").first.click()
    body = page.get_by_label("Text", exact=True)
    body.fill(body.input_value() + "\n\nEn mening som redaktören har lagt till.")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.locator(".preview")).to_contain_text("En mening som redaktören har lagt till.")
    checked(page, found)
    page.get_by_role("button", name="Spara i utkastet").click()
    expect(page.locator(".flash-success")).to_contain_text("sparats")

    # The preview shows the draft as staff will see it.
    page.get_by_role("navigation", name="Kursens utkast").get_by_role(
        "link", name="Förhandsgranska som medarbetare"
    ).click()
    page.locator("ol.lesson-list a").first.click()
    expect(page.locator(".lesson-body")).to_contain_text("En mening som redaktören har lagt till.")
    checked(page, found)

    publish(page, None, "Första versionen av kopian.", found)
    checked(page, found)
    page.get_by_role("navigation", name="Kursens utkast").get_by_role("link", name="Utkast").click()
    page.locator("ol.lesson-list a").first.click()
    page.get_by_label("Lektionens titel").fill("Ny titel på första lektionen")
    page.get_by_role("button", name="Spara i utkastet").click()
    publish(page, "Liten: formuleringar; genomförda kurser gäller fortfarande", "Ny titel.", found)
    page.get_by_role("navigation", name="Kursens utkast").get_by_role("link", name="Utkast").click()
    page.get_by_role("link", name="Lägg till en lektion").click()
    page.get_by_label("Lektionens titel").fill("En lektion till")
    page.get_by_label("Text", exact=True).fill("## Mer\n\nInnehåll i den nya lektionen.")
    page.get_by_role("button", name="Spara i utkastet").click()
    publish(page, "Stor: innehållet har ändrats", "En ny lektion.", found)
    expect(page.get_by_role("table", name="Publicerade versioner, nyaste först")).to_contain_text(
        "Version 3"
    )
    page.get_by_role("link", name="Version 3").click()
    expect(page.locator("main")).to_contain_text("Innehåll i den nya lektionen.")
    checked(page, found)

    # A question edited in its form, an image with its text alternative, another minor version.
    nav = page.get_by_role("navigation", name="Kursens utkast")
    nav.get_by_role("link", name="Quiz", exact=True).click()
    checked(page, found)
    page.locator("ol.question-list").get_by_role("link", name="Ändra").first.click()
    checked(page, found)
    question = page.get_by_label("Fråga", exact=True)
    question.fill(question.input_value() + " (omformulerad)")
    page.get_by_role("button", name="Spara i utkastet").click()
    expect(page.locator(".flash-success")).to_contain_text("Frågan har sparats")
    expect(page.locator("ol.question-list")).to_contain_text("(omformulerad)")
    nav.get_by_role("link", name="Bilder").click()
    checked(page, found)
    page.get_by_label("Bild", exact=True).set_input_files(
        {"name": "ruta.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_label("Alternativtext").fill("En blå ruta")
    page.get_by_role("button", name="Ladda upp bilden").click()
    expect(page.locator(".flash-success")).to_contain_text("Bilden har lagts sist")
    publish(page, "Liten: formuleringar; genomförda kurser gäller fortfarande", "Bild.", found)

    # Exported as a zip and imported again under a new short name.
    page.goto("/authoring/")
    row = (
        page.get_by_role("table", name="Kurser")
        .get_by_role("row")
        .filter(has_text="Kopierad kurs i test")
    )
    with page.expect_download() as download:
        row.get_by_role("link", name="Exportera som zip").click()
    package = tmp_path / "kurs.zip"
    download.value.save_as(package)
    page.get_by_role("link", name="Importera ett kurspaket").click()
    checked(page, found)
    page.get_by_label("Kurspaket").set_input_files(package)
    page.get_by_label("Den nya kursens kortnamn").fill(f"{COPY}-import")
    page.get_by_role("button", name="Importera kursen").click()
    expect(page.locator(".flash-success")).to_contain_text("importerats")

    staff = new_page(journeys.arrange_person(server, "e2e.lasare@example.org", "Lo Läsare"))
    staff.goto(f"/courses/{COPY}/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Kopierad kurs i test")
    staff.locator("ol.lesson-list").get_by_role("link", name="Ny titel på första lektionen").click()
    expect(staff.locator(".lesson-body")).to_contain_text("En mening som redaktören har lagt till.")
    expect(staff.locator(".lesson-body img[alt='En blå ruta']")).to_be_visible()
    staff.goto(f"/courses/{COPY}-import/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Kopierad kurs i test")

    # A question pool: each attempt draws 3 questions; a retake draws another set.
    page.goto(f"/authoring/{COPY}/settings")
    page.get_by_label("Antal frågor som lottas per försök").fill("3")
    page.get_by_role("button", name="Spara i utkastet").click()
    publish(page, "Stor: innehållet har ändrats", "Frågepool.", found)
    key = journeys.answer_key(server, COPY)
    t = TEXT["sv"]
    staff.goto(f"/courses/{COPY}/")
    read_every_lesson(staff, t)
    seen: list[frozenset[str]] = []
    for _attempt in range(6):
        take_the_quiz(staff, t, key, right=False)
        shown = staff.locator(".question-text").all_inner_texts()  # the result page
        assert len(shown) == 3, shown
        seen.append(frozenset(shown))
        if len(set(seen)) > 1:
            break
        staff.get_by_role("link", name=t["back_quiz"]).click()
    assert len(set(seen)) > 1, "every retake showed the same questions"
    assert found == [], "\n".join(str(v) for v in found)
