"""Fixtures for the needs tests: seeded areas and helpers to make inventories and answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from learnapp.areas.services import active_areas, seed_default_areas
from learnapp.extensions import db
from learnapp.needs.models import InventoryScope, Need, NeedsInventory
from learnapp.needs.services import (
    Answers,
    AreaAnswer,
    create_inventory,
    open_inventory,
    save_answers,
)
from learnapp.org.models import Person


@pytest.fixture
def areas(app: Any) -> list[Any]:
    seed_default_areas()
    db.session.commit()
    return active_areas()


@pytest.fixture
def make_inventory(org: Any, areas: list[Any]) -> Callable[..., NeedsInventory]:
    def make(
        title: str = "Inventering 2024",
        scope: InventoryScope = InventoryScope.KEY_PERSONS,
        departments: list[Any] | None = None,
        opened: bool = True,
    ) -> NeedsInventory:
        inv = create_inventory(
            title=title,
            description="",
            scope=scope,
            opens_on=None,
            closes_on=None,
            departments=departments or [],
            created_by=org.coordinator,
        )
        if opened:
            open_inventory(inv, org.coordinator)
        db.session.commit()
        return inv

    return make


@pytest.fixture
def answer(areas: list[Any]) -> Callable[..., None]:
    def give(
        inventory: NeedsInventory,
        person: Person,
        values: dict[int, tuple[int, Need]] | None = None,
        default: tuple[int, Need] = (2, Need.SOME),
        by: Person | None = None,
        submit: bool = True,
        comment: str = "",
    ) -> None:
        answers = Answers()
        for i, area in enumerate(areas):
            knowledge, need = (values or {}).get(i, default)
            answers.areas[area.id] = AreaAnswer(knowledge, need, comment)
        save_answers(inventory, person, answers, entered_by=by or person, submit=submit)
        db.session.commit()

    return give


def form_for(
    areas: list[Any], knowledge: int = 3, need: str = "some", **extra: str
) -> dict[str, str]:
    data = {}
    for area in areas:
        data[f"area-{area.id}-knowledge"] = str(knowledge)
        data[f"area-{area.id}-need"] = need
        data[f"area-{area.id}-comment"] = ""
    data.update(extra)
    return data
