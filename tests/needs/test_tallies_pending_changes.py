"""A change to another person's answers that the session holds unwritten when a save claims the
inventory's stored rows is written before the claim, so the triggers still count it as a change
(under the claim it would be left out of the stored rows, which would then be wrong and current)."""

from __future__ import annotations

from typing import Any

import pytest

from learnapp.extensions import db
from learnapp.needs import reports, tallies
from learnapp.needs.models import InventoryScope, Need
from learnapp.needs.services import (
    Answers,
    AreaAnswer,
    save_answers,
)


def _agree(inventory: Any) -> None:
    db.session.flush()
    db.session.expire_all()
    assert tallies.differences(inventory) == []


def _answers(areas: list[Any], knowledge: int, need: Need) -> Answers:
    return Answers(areas={a.id: AreaAnswer(knowledge, need, "") for a in areas})


@pytest.fixture
def counted(org, make_inventory, answer):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inv, org.staff, default=(3, Need.GREAT))
    answer(inv, org.other_staff, default=(2, Need.SOME))
    reports.heat_map(inv)  # stored and current
    db.session.commit()
    assert tallies.is_fresh(inv.id)
    return inv


def test_someone_elses_change_under_no_autoflush_is_not_hidden(org, counted, areas) -> None:
    """The same under `no_autoflush` (no caller does this today): `_write_answers` flushes it
    explicitly while the mark is set."""
    from sqlalchemy import select

    from learnapp.needs.models import NeedsResponse

    row = db.session.scalars(
        select(NeedsResponse).where(
            NeedsResponse.inventory_id == counted.id,
            NeedsResponse.person_id == org.other_staff.id,
        )
    ).first()
    with db.session.no_autoflush:
        row.need = Need.GREAT.value
        save_answers(
            counted, org.staff, _answers(areas, 1, Need.NONE), entered_by=org.staff, submit=True
        )
    db.session.commit()
    _agree(counted)
