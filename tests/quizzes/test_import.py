"""Question-bank import (preview, replace, extend, errors) and export, for coordinators."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.gift.parse import load_gift
from learnapp.quizzes.bank import active_questions, parsed
from learnapp.quizzes.models import QuizQuestion
from tests.quizzes.conftest import QUIZ

BANK = """$CATEGORY: bank

::Ny fråga::Är detta en ny fråga? {TRUE#Fel.#Rätt.}

::Val::Vilken färg har himlen en klar dag? {=blå#Ja. ~grön#Nej.}
"""


def upload(client, text, slug="prov", name="bank.gift"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        f"/quiz/{slug}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page) or re.search(
        rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', page
    )
    assert match, f"no hidden {name}"
    return unescape(match.group(1))


def confirm(client, page, mode, slug="prov"):
    return client.post(
        f"/quiz/{slug}/import/confirm",
        data={
            "gift": hidden(page, "gift"),
            "digest": hidden(page, "digest"),
            "mode": mode,
            **({"replace_confirmed": "y"} if mode == "replace" else {}),
        },
    )


def count_questions(active=True):
    stmt = select(func.count(QuizQuestion.id))
    if active:
        stmt = stmt.where(QuizQuestion.active.is_(True))
    return db.session.scalar(stmt)


def test_preview_shows_every_question_and_saves_nothing(client, login, org, course):
    login(org.coordinator)
    r = upload(client, BANK)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Är detta en ny fråga?" in page and "Vilken färg har himlen en klar dag?" in page
    assert "Förhandsvisning: 2 frågor" in page and "Rad 3" in page
    assert count_questions() == 6


def test_confirm_replace_retires_the_old_questions_and_is_audited(client, login, org, course):
    login(org.coordinator)
    page = upload(client, BANK).get_data(as_text=True)
    r = confirm(client, page, "replace")
    assert r.status_code == 302
    db.session.expire_all()
    questions = [parsed(q) for q in active_questions(course)]
    assert questions == list(load_gift(BANK))
    assert count_questions(active=False) == 8
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "quiz.import"))
    assert event.actor_id == org.coordinator.id and event.details["mode"] == "replace"
    assert event.details["questions"] == 2


def test_replace_lists_what_goes_and_saves_nothing_unconfirmed(client, login, org, course):
    login(org.coordinator)
    page = upload(client, BANK).get_data(as_text=True)
    assert 'value="extend" checked' in page or 'checked id="mode-0"' in page  # adding by default
    assert "tas bort ur quizet" in page or "will be removed" in page
    r = client.post(
        "/quiz/prov/import/confirm",
        data={
            "gift": hidden(page, "gift"),
            "digest": hidden(page, "digest"),
            "mode": "replace",
        },
    )
    assert r.status_code == 400
    again = r.get_data(as_text=True)
    assert "Kryssa i rutan för att bekräfta att frågorna i listan tas bort." in again
    assert hidden(again, "digest") == hidden(page, "digest")  # the same preview, to confirm
    assert count_questions() == 6 and count_questions(active=False) == 6


def test_confirm_extend_adds_after_the_current_questions(client, login, org, course):
    login(org.admin)
    page = upload(client, BANK).get_data(as_text=True)
    assert confirm(client, page, "extend").status_code == 302
    db.session.expire_all()
    rows = active_questions(course)
    assert len(rows) == 8 and rows[-1].title == "Val" and rows[-1].source == "import"


def test_a_file_with_errors_names_the_lines_and_offers_no_import(client, login, org, course):
    login(org.coordinator)
    r = upload(client, BANK + "\n::Trasig:: Fråga {=a ~b\n\nAnnan {~x ~y}\n")
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Filen innehåller fel. Inget har sparats." in page
    assert "Rad 7:" in page and "stängs inte" in page
    assert "Rad 9:" in page and "Inget av svaren är rätt" in page
    assert 'name="digest"' not in page
    assert count_questions(active=False) == 6


def test_essay_questions_are_refused(client, login, org, course):
    login(org.coordinator)
    r = upload(client, "Skriv fritt om dagen. {}\n")
    assert r.status_code == 400
    assert "Uppsatsfrågor och beskrivningar kan inte rättas" in r.get_data(as_text=True)


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(client, login, org, course):
    login(org.coordinator)
    r = upload(client, "Är det sant? {T}\n".encode("cp1252"))
    assert r.status_code == 400
    assert "Filen är inte text i UTF-8" in r.get_data(as_text=True)


def test_a_file_over_the_size_limit_is_refused(client, login, org, course):
    login(org.coordinator)
    r = upload(client, "// " + "x" * (600 * 1024) + "\n\nFråga {T}\n")
    assert r.status_code == 400
    assert "större än 512 kB" in r.get_data(as_text=True)


def test_an_altered_preview_is_not_saved(client, login, org, course):
    login(org.coordinator)
    page = upload(client, BANK).get_data(as_text=True)
    r = client.post(
        "/quiz/prov/import/confirm",
        data={
            "gift": hidden(page, "gift")[:-4] + "AAAA",
            "digest": hidden(page, "digest"),
            "mode": "replace",
        },
    )
    assert r.status_code == 302
    assert count_questions(active=False) == 6


@pytest.mark.parametrize("who", ["staff", "manager"])
def test_import_and_export_are_forbidden_to_others(client, login, org, course, who):
    login(getattr(org, who))
    assert client.get("/quiz/prov/import").status_code == 403
    assert upload(client, BANK).status_code == 403
    assert client.post("/quiz/prov/import/confirm", data={"mode": "extend"}).status_code == 403
    assert client.get("/quiz/prov/export.gift").status_code == 403
    assert count_questions(active=False) == 6


def test_import_of_an_unknown_course_is_404(client, login, org, course):
    login(org.coordinator)
    assert client.get("/quiz/finns-inte/import").status_code == 404


def test_export_reads_back_to_the_same_questions_and_is_audited(client, login, org, course):
    login(org.coordinator)
    r = client.get("/quiz/prov/export.gift")
    assert r.status_code == 200
    assert 'filename="prov.gift"' in r.headers["Content-Disposition"]
    exported = r.get_data(as_text=True)
    assert load_gift(exported) == load_gift(QUIZ)
    exports = select(AuditEvent.action).where(AuditEvent.action.like("quiz.%"))
    assert db.session.scalars(exports).all() == ["quiz.export"]


def test_exported_file_imported_again_gives_the_same_quiz(client, login, org, course):
    login(org.coordinator)
    exported = client.get("/quiz/prov/export.gift").get_data(as_text=True)
    page = upload(client, exported).get_data(as_text=True)
    assert confirm(client, page, "replace").status_code == 302
    db.session.expire_all()
    assert [parsed(q) for q in active_questions(course)] == list(load_gift(QUIZ))


def test_question_banks_page_lists_courses_with_their_question_counts(client, login, org, course):
    login(org.coordinator)
    page = client.get("/quiz/banks").get_data(as_text=True)
    assert course.title in page and "<td>6</td>" in page
    assert "/quiz/prov/import" in page and "/quiz/prov/export.gift" in page


def test_question_banks_page_is_forbidden_to_staff(client, login, org, course):
    login(org.staff)
    assert client.get("/quiz/banks").status_code == 403
    assert "/quiz/banks" not in client.get("/").get_data(as_text=True)
