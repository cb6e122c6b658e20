"""The team page's list of who has not answered reads only the units it needs, and gives the same
first rows as sorting everyone asked would, for every length of list."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from learnapp.extensions import db
from learnapp.needs import lists, reports
from learnapp.needs.models import InventoryScope
from learnapp.org.models import Person, Unit
from tests import factories


def _everyone_sorted(inventory: Any, unit_ids: Any = None) -> list[int]:
    """The reference: everyone asked who has not submitted, sorted in the database."""
    return list(
        db.session.scalars(reports.not_answered(inventory, unit_ids).with_only_columns(Person.id))
    )


@pytest.fixture
def crowd(org):
    """More people, in units of which three share a name, two of them in one department (their
    people are listed by name across them), some key persons, one person who has left."""
    twin = factories.unit(org.school_dept, "Barn och unga", parent=org.schools)
    triplet = factories.unit(org.school_dept, "Barn och unga", parent=org.soder)
    for n, unit in enumerate([org.soder, org.norr, org.social, twin, org.schools, triplet] * 3):
        factories.person(
            unit,
            name=f"Person {9 - n % 10} {n}",
            email=f"p{n}@example.org",
            is_key_person=bool(n % 2),
        )
    gone = factories.person(org.norr, name="Slutat", email="gone@example.org")
    db.session.commit()
    return gone


@pytest.mark.parametrize("scope", [InventoryScope.EVERYONE, InventoryScope.KEY_PERSONS])
def test_not_answered_gives_the_first_rows_of_the_whole_sorted_list(
    org, crowd, make_inventory, answer, scope, monkeypatch
) -> None:
    inv = make_inventory(scope=scope)
    crowd.active = False
    for person in db.session.scalars(select(Person).where(Person.name.like("Person %1%"))):
        answer(inv, person)
    answer(inv, org.staff)
    db.session.commit()
    everyone = _everyone_sorted(inv)
    assert crowd.id not in everyone and org.staff.id not in everyone and len(everyone) > 2
    for limit in range(1, len(everyone) + 2):
        assert [p.id for p in lists.not_answered(inv, limit=limit)] == everyone[:limit]
    # A manager's units only.
    mine = select(Unit.id).where(Unit.path.startswith(org.schools.path))
    theirs = _everyone_sorted(inv, mine)
    for limit in range(1, len(theirs) + 2):
        assert [p.id for p in lists.not_answered(inv, mine, limit=limit)] == theirs[:limit]
    # The manager's team page: the units found from their rates, read whole or, with more units
    # than FEW_UNITS, through the people asked who have not answered.
    rates = reports.response_rates(inv, by_unit=True, unit_ids=mine)
    for few in (lists.FEW_UNITS, 0):
        monkeypatch.setattr(lists, "FEW_UNITS", few)
        for limit in range(1, len(theirs) + 2):
            found = lists.not_answered(inv, mine, limit=limit, unit_rates=rates)
            assert [p.id for p in found] == theirs[:limit]
    # More people than are sent as a list of ids: the same rows.
    monkeypatch.setattr(lists, "MAX_IDS", 1)
    assert [p.id for p in lists.not_answered(inv, limit=3)] == everyone[:3]


def test_not_answered_shows_the_unit_and_key_function(org, make_inventory) -> None:
    inv = make_inventory(scope=InventoryScope.KEY_PERSONS)
    [row] = lists.not_answered(inv)
    assert (row.id, row.name, row.unit_name, row.is_key_person, row.key_function) == (
        org.staff.id,
        "Lärare Söder",
        "Söderskolan",
        True,
        "Lärare",
    )
