"""A count next to a noun agrees with it in both languages ("1 person", never "1 personer"), and
every plural entry of the Swedish catalogues has both forms with the same placeholders."""

from __future__ import annotations

import re
from typing import Any

from babel.messages.pofile import read_po

from learnapp.extensions import db
from learnapp.i18n import po_files


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)[sd]", text))


def test_every_plural_entry_has_both_swedish_forms_with_the_same_placeholders() -> None:
    plurals = 0
    for po in po_files("sv"):
        with po.open("rb") as f:
            for message in read_po(f):
                if not isinstance(message.id, tuple):
                    continue
                plurals += 1
                one, many = message.string
                assert one and many, (po, message.id)
                wanted = placeholders(message.id[1]) - {"num"}
                assert wanted <= placeholders(one) | {"num"}, (po, message.id)
                assert wanted <= placeholders(many), (po, message.id)
    assert plurals >= 10


def test_one_person_found_is_singular_in_both_languages(client: Any, login: Any, org: Any) -> None:
    login(org.admin)
    swedish = client.get("/admin/people?q=norr").text
    org.admin.language = "en"
    db.session.commit()
    english = client.get("/admin/people?q=norr").text
    assert "1 person hittades." in swedish and "1 personer" not in swedish
    assert "1 person found." in english
    assert "people found." in client.get("/admin/people").text  # several


def _organisation_panel(app: Any, language: str, people: int, departments: int, units: int) -> str:
    from types import SimpleNamespace

    from flask import render_template
    from flask_babel import force_locale

    totals = SimpleNamespace(people=people, departments=departments, units=units)
    with app.test_request_context(), force_locale(language):
        return render_template("home/_panel_organisation.html", totals=totals, departments=[])


def test_the_start_pages_counts_agree_with_their_nouns(app: Any) -> None:
    assert "1 aktiv person i 1 förvaltning och 1 enhet." in _organisation_panel(app, "sv", 1, 1, 1)
    assert "2 aktiva personer i 3 förvaltningar och 4 enheter." in _organisation_panel(
        app, "sv", 2, 3, 4
    )
    assert "1 active person in 1 department and 2 units." in _organisation_panel(app, "en", 1, 1, 2)


def test_the_sign_in_throttle_counts_its_minutes(client: Any, app: Any, org: Any) -> None:
    app.config.update(LOGIN_WINDOW_MINUTES=1, LOGIN_MAX_FAILURES_PER_ACCOUNT=1)
    for _ in range(3):
        page = client.post("/login", data={"email": org.staff.email, "password": "wrong"}).text
    assert "Vänta 1 minut och försök igen" in page


def test_the_command_line_counts_in_english() -> None:
    from learnapp.formats import counted

    assert counted(1, "error") == "1 error"
    assert counted(2, "error") == "2 errors"
    assert counted(1, "person", "people") == "1 person"
    assert counted(0, "person", "people") == "0 people"
