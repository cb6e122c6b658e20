"""The inventory's response rates list departments and units in Swedish order (A–Z, then Å, Ä,
Ö) on both databases, from the stored tallies and from the live count alike (issue 15, point 6)."""

from __future__ import annotations

from typing import Any

from learnapp.extensions import db
from learnapp.needs import reports
from learnapp.needs.models import InventoryScope
from tests import factories
from tests.org.test_swedish_order import DEPARTMENTS, UNITS


def test_response_rates_are_in_swedish_order(org: Any, make_inventory: Any) -> None:
    for dept_name, unit_name in reversed(list(zip(DEPARTMENTS, UNITS, strict=True))):
        dept = factories.department(dept_name, dept_name[:3].upper() + "X")
        factories.person(factories.unit(dept, unit_name), is_key_person=True)
    db.session.commit()
    inventory = make_inventory(scope=InventoryScope.KEY_PERSONS)
    ours = set(DEPARTMENTS) | set(UNITS)
    for rows in (reports.response_rates(inventory), reports._live_rates(inventory)):
        assert [r.name for r in rows if r.name in ours] == DEPARTMENTS
    for rows in (
        reports.response_rates(inventory, by_unit=True),
        reports._live_rates(inventory, by_unit=True),
    ):
        assert [r.name for r in rows if r.name in ours] == UNITS
