"""Looking up inventories for the current user: anything they may not see answers 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import lazyload

from learnapp.extensions import db
from learnapp.needs.models import NeedsInventory
from learnapp.needs.services import person_in_scope
from learnapp.org.models import Person, Role
from learnapp.permissions import get_person_or_404


def is_coordinator(person: Person) -> bool:
    return person.has_role(Role.COORDINATOR, Role.ADMIN)


def get_inventory_or_404(inventory_id: int) -> NeedsInventory:
    """Coordinators see every inventory; others only ones that have been opened. Its departments
    are read when something asks for them (a draft's scope, the inventory's own pages), not with
    it: the results pages, which read the people asked, do not."""
    inventory = db.session.get(
        NeedsInventory, inventory_id, options=[lazyload(NeedsInventory.departments)]
    )
    if inventory is None:
        abort(404)
    if inventory.is_draft and not is_coordinator(current_user):
        abort(404)
    return inventory


def get_respondent_or_404(inventory: NeedsInventory, person_id: int) -> Person:
    """A person the viewer may see AND whom the inventory asks; 404 otherwise."""
    person = get_person_or_404(person_id)
    if not person_in_scope(inventory, person):
        abort(404)
    return person
