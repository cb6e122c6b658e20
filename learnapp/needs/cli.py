"""`flask needs demo`: an open inventory for key persons with a few answers (idempotent)."""

from __future__ import annotations

from datetime import timedelta

import click
from sqlalchemy import select

from learnapp.areas.services import seed_default_areas
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.blueprint import bp
from learnapp.needs.models import InventoryScope, Need, NeedsInventory
from learnapp.needs.services import (
    Answers,
    AreaAnswer,
    create_inventory,
    inventory_areas,
    load_answers,
    open_inventory,
    people_in_scope,
    save_answers,
)
from learnapp.org.models import Person, PersonRole, Role

bp.cli.help = "Training-needs inventories: demo data."


DEMO_TITLE = "Inventering av utbildningsbehov – nyckelpersoner (demo)"
# Demo accounts that answer themselves in a walk-through; the demo does not answer for them.
LEAVE_UNANSWERED = {"medarbetare@example.org", "chef@example.org"}
# The first six key persons by id: two in Kommunstyrelsens förvaltning (the coordinator and one
# more), so the heat map shows a cell of two respondents as "fewer than 3 answers" (tested).
ANSWERING = 6
# Free text under "Andra utbildningsbehov" for some of the demo answers (empty: nothing written).
DEMO_OTHER_NEEDS = [
    "Hur vi pratar med vårdnadshavare när vi känner oro för ett barn.",
    "",
    "Mer om vad vi får dela med andra myndigheter och när.",
]


def load_needs_demo() -> tuple[NeedsInventory, int]:
    """Create the demo inventory if missing and answer for a few key persons; return new answers."""
    seed_default_areas()
    inventory = db.session.scalar(select(NeedsInventory).where(NeedsInventory.title == DEMO_TITLE))
    coordinator = db.session.scalars(
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(PersonRole.role == Role.COORDINATOR.value)
        .order_by(Person.id)
    ).first()
    if inventory is None:
        today = utcnow().date()
        inventory = create_inventory(
            title=DEMO_TITLE,
            description=(
                "Arbetsgruppen inventerar utbildningsbehov hos nyckelpersoner i varje förvaltning. "
                "Svaren används för att planera utbildningar enligt handlingsplanen mot "
                "våldsbejakande extremism."
            ),
            scope=InventoryScope.KEY_PERSONS,
            opens_on=today,
            closes_on=today + timedelta(days=30),
            departments=[],
            created_by=coordinator,
        )
    if inventory.is_draft and coordinator is not None:
        open_inventory(inventory, coordinator)
    if not inventory.is_open:
        return inventory, 0
    areas = inventory_areas(inventory)
    people = db.session.scalars(
        people_in_scope(inventory)
        .where(Person.email.not_in(LEAVE_UNANSWERED))
        .order_by(Person.id)
        .limit(ANSWERING)
    ).all()
    added = 0
    needs = [Need.GREAT, Need.SOME, Need.NONE, Need.SOME, Need.GREAT]
    for n, person in enumerate(people):
        _, submission = load_answers(inventory, person)
        if submission is not None:
            continue
        answers = Answers(other_needs=DEMO_OTHER_NEEDS[n % len(DEMO_OTHER_NEEDS)])
        for i, area in enumerate(areas):
            answers.areas[area.id] = AreaAnswer(
                knowledge=1 + (n + i) % 4, need=needs[(n + 2 * i) % len(needs)], comment=""
            )
        save_answers(inventory, person, answers, entered_by=person, submit=True)
        added += 1
    return inventory, added


def demo_part() -> str:
    """The needs part of `flask demo load`."""
    inventory, added = load_needs_demo()
    return f"Inventory {inventory.id} ({inventory.state}): {added} new answers."


@bp.cli.command("demo")
def demo() -> None:
    """Create an open demo inventory for key persons with a few answers (the needs part of
    `flask demo load`). Safe to run again."""
    message = demo_part()
    db.session.commit()
    click.echo(message)
