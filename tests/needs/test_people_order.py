"""The inventory's lists of people and its exports give people's names in Swedish order (A–Z, then
Å, Ä, Ö) on both databases (issue 15): the team page's list of who has not answered, the key
persons with great needs, and the answers in the CSV and the workbook."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from learnapp.extensions import db
from learnapp.needs import lists
from learnapp.needs.models import InventoryScope, Need
from tests import factories
from tests.org.test_swedish_order import PEOPLE, in_page_order


def crowd(org: Any) -> list[Any]:
    """The people of PEOPLE in one unit, made in reverse (neither id nor insertion order helps)."""
    made = [
        factories.person(org.norr, name=name, is_key_person=True, key_function="Lärare")
        for name in reversed(PEOPLE)
    ]
    db.session.commit()
    return made


def test_who_has_not_answered_is_listed_in_swedish_order(org: Any, make_inventory: Any) -> None:
    crowd(org)
    for scope in (InventoryScope.EVERYONE, InventoryScope.KEY_PERSONS):
        inventory = make_inventory(title=f"Inventering {scope}", scope=scope)
        names = [p.name for p in lists.not_answered(inventory, limit=100)]
        assert [n for n in names if n in PEOPLE] == PEOPLE, scope


def test_key_persons_with_great_needs_are_listed_in_swedish_order(
    org: Any, make_inventory: Any, answer: Any
) -> None:
    people = crowd(org)
    inventory = make_inventory(scope=InventoryScope.KEY_PERSONS)
    for person in people:
        answer(inventory, person, default=(1, Need.GREAT))
    rows, _more = lists.key_persons_with_great_needs(inventory)
    names = list(dict.fromkeys(r.name for r in rows))
    assert names == PEOPLE


def test_the_exports_give_the_answers_in_swedish_order(
    client: Any, login: Any, org: Any, make_inventory: Any, answer: Any
) -> None:
    people = crowd(org)
    inventory = make_inventory(scope=InventoryScope.KEY_PERSONS)
    for person in people:
        answer(inventory, person)
    login(org.coordinator)
    text = client.get(f"/needs/{inventory.id}/export.csv").get_data(as_text=True)
    assert in_page_order(text, PEOPLE) == PEOPLE
    data = client.get(f"/needs/{inventory.id}/export.xlsx").data
    found = False
    for sheet in load_workbook(io.BytesIO(data), read_only=True).worksheets:
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c in PEOPLE]
        assert list(dict.fromkeys(cells)) in ([], PEOPLE), sheet.title
        found = found or bool(cells)
    assert found
