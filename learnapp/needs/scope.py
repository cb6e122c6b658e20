"""Who an inventory asks: a condition on Person (joined with Unit). Apart from the services so
that the GROUP BY behind the results (`grouping`, `tallies`) can use it while the services keep
those results current."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select

from learnapp.needs.models import (
    InventoryPerson,
    InventoryScope,
    NeedsInventory,
    inventory_department,
)
from learnapp.org.models import Person, Unit


def scope_rule(inventory: NeedsInventory) -> ColumnElement[bool]:
    """Who the inventory's scope covers today (a condition on Person joined with Unit)."""
    base = and_(Person.active, Person.unit_id.is_not(None))
    if inventory.scope == InventoryScope.KEY_PERSONS:
        return and_(base, Person.is_key_person)
    if inventory.scope == InventoryScope.DEPARTMENTS:
        chosen = select(inventory_department.c.department_id).where(
            inventory_department.c.inventory_id == inventory.id
        )
        rule = and_(base, Unit.department_id.in_(chosen))
        return and_(rule, Person.is_key_person) if inventory.key_persons_only else rule
    return base


def in_scope_condition(inventory: NeedsInventory) -> ColumnElement[bool]:
    """A condition on Person (joined with Unit) that is true for the people the inventory asks:
    for a draft, those its scope covers now; once opened, those fixed at opening (and any
    latecomers added since) who are still active."""
    if inventory.is_draft:
        return scope_rule(inventory)
    asked = select(InventoryPerson.person_id).where(InventoryPerson.inventory_id == inventory.id)
    return and_(Person.active, Person.unit_id.is_not(None), Person.id.in_(asked))
