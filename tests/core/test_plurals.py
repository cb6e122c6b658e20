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
