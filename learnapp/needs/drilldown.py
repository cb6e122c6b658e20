"""A unit's results page reads two kinds of stored rows: those of the unit's own people and those
of each unit just below it with the units below that. Read together, one statement for the rates
and one for the heat map instead of two each (a UNION ALL: each half reads its rows by the
tallies' key; one condition with OR read every row of the inventory)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, literal, select, union_all

from learnapp.extensions import db
from learnapp.needs import grouping, reports, tallies
from learnapp.needs.models import NeedsInventory
from learnapp.org.models import Unit
from learnapp.swedish import in_swedish_order

OWN, BELOW = 0, 1


def unit_results(
    inventory: NeedsInventory, unit_id: int
) -> tuple[list[reports.Rate], list[reports.Rate], dict[tuple[int, int], reports.Cell]]:
    """The response rate of the unit's own people (none when it asks nobody there), those of each
    unit just below it counted with its subtree (by name), and the heat map's cells of both."""
    below = reports.HEAD.parent_id == unit_id
    if not reports.stored(inventory):
        live = reports.heat_map(inventory, by_unit=True, unit_id=unit_id)
        live.update(reports.heat_map(inventory, heads=below))
        return (
            reports.response_rates(inventory, by_unit=True, unit_id=unit_id),
            reports.response_rates(inventory, heads=below),
            live,
        )
    params = {"inventory_id": inventory.id, "unit_id": unit_id}
    own: list[reports.Rate] = []
    under: list[reports.Rate] = []
    for part, gid, name, asked, answered in db.session.execute(_RATES, params):
        (own if part == OWN else under).append(reports.Rate(gid, name, int(asked), int(answered)))
    cells = {
        (gid, area_id): reports.Cell(int(n), int(great), ksum / kn if kn else None)
        for _part, gid, _name, area_id, n, great, ksum, kn in db.session.execute(_CELLS, params)
    }
    return own, under, cells


def _both(model: Any, part: int, *columns: Any) -> Any:
    """The stored rows of the unit's own people (OWN) or of the units just below it (BELOW)."""
    stmt = (
        select(literal(part).label("part"), Unit.id.label("id"), Unit.name.label("name"), *columns)
        .select_from(model)
        .join(Unit, Unit.id == model.group_id)
        .where(model.inventory_id == bindparam("inventory_id"))
    )
    if part == OWN:
        return stmt.where(model.kind == grouping.UNIT, model.group_id == bindparam("unit_id"))
    return stmt.where(model.kind == grouping.TREE, Unit.parent_id == bindparam("unit_id"))


# Built once, with the inventory and the unit as parameters: building them took a third of the
# time of running them.
_rate = tallies.TallyRate
_rates = union_all(
    _both(_rate, OWN, _rate.asked, _rate.answered),
    _both(_rate, BELOW, _rate.asked, _rate.answered),
).subquery()
_RATES = select(_rates).order_by(_rates.c.part, in_swedish_order(_rates.c.name), _rates.c.id)
_cell = tallies.TallyCell
_sums = (_cell.area_id, _cell.answers, _cell.great, _cell.knowledge_sum, _cell.knowledge_n)
_CELLS = union_all(_both(_cell, OWN, *_sums), _both(_cell, BELOW, *_sums))
