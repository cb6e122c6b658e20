"""A unit's results page reads its own people's stored rows and those of the units just below it
together (learnapp/needs/drilldown.py): the same figures as the rates and heat map counted live."""

from __future__ import annotations

from learnapp.needs import drilldown, reports
from learnapp.needs.models import InventoryScope, Need
from tests import factories
from tests.querycount import count_statements


def test_a_units_stored_figures_are_those_counted_live(org, make_inventory, answer, monkeypatch):
    other = factories.unit(org.school_dept, "Västerskolan", parent=org.schools)
    teacher = factories.person(other, name="Lärare Väster", email="vaster@example.org")
    own = factories.person(org.schools, name="Rektor Grundskolor", email="gs@example.org")
    team = factories.unit(org.school_dept, "Arbetslag 1", parent=org.soder)
    member = factories.person(team, name="Lärare Arbetslag", email="lag@example.org")
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inv, org.staff, values={0: (1, Need.GREAT)}, default=(2, Need.SOME))
    answer(inv, teacher, default=(4, Need.NONE))
    answer(inv, own, default=(3, Need.GREAT))
    answer(inv, member, default=(1, Need.GREAT))
    assert reports.stored(inv)  # counted now: what follows only reads
    with count_statements() as seen:
        stored = drilldown.unit_results(inv, org.schools.id)
    monkeypatch.setattr(reports, "stored", lambda _inventory: False)
    live = drilldown.unit_results(inv, org.schools.id)
    assert stored == live
    rows, below, cells = stored
    assert [(r.name, r.in_scope, r.answered) for r in rows] == [("Grundskolor", 1, 1)]
    # The units below, by name, each with its subtree (Söderskolan with Arbetslag 1).
    assert [(r.name, r.in_scope, r.answered) for r in below] == [
        ("Norrskolan", 1, 0),
        ("Söderskolan", 3, 2),
        ("Västerskolan", 1, 1),
    ]
    assert {gid for gid, _area in cells} == {org.schools.id, org.soder.id, other.id}
    # Whether the rows are current, the rates, the cells (the test's own savepoint aside).
    assert len([sql for sql in seen if "needs_tally" in sql]) == 3, seen
