"""The start page's dashboard: the coordinator's figures for the organisation, a manager's for
their units, each linking to the page behind it; aggregated in SQL (same statements for more
people, departments and courses); nothing for staff."""

from __future__ import annotations

import re

from learnapp.extensions import db
from learnapp.needs.models import InventoryScope
from learnapp.reports import dashboard
from learnapp.routines import services as routines
from learnapp.routines.services import current_version
from learnapp.training.models import RuleScope
from tests import factories
from tests.querycount import count_statements
from tests.reports.test_report import small_org
from tests.routines.conftest import make_routine  # noqa: F401 (fixture)


def _figures(person):
    return {f.key: f for f in dashboard.figures(person)}


def _panel(client):
    page = client.get("/").get_data(as_text=True)
    start = page.find('aria-labelledby="panel-dashboard"')
    return page[start : page.index("</section>", start)] if start >= 0 else ""


def _text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_coordinator_sees_the_organisations_figures(
    client, login, org, course, make_rule, make_inventory, answer
):
    small_org(org, course, make_rule)  # 5 assigned, 3 completed, 2 overdue
    inventory = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inventory, org.staff)
    figures = _figures(org.coordinator)
    assert (figures["mandatory"].done, figures["mandatory"].total) == (3, 5)
    assert figures["overdue"].done == 2
    assert (figures["inventory"].done, figures["inventory"].total) == (1, 5)
    assert "routines" not in figures  # no routine published
    login(org.coordinator)
    panel = _text(_panel(client))
    assert "Organisationen i korthet" in panel
    assert "60 % av de obligatoriska kurserna genomförda 3 av 5" in panel
    assert "2 obligatoriska kurser försenade" in panel
    assert (
        f"20 % har svarat på inventeringen av utbildningsbehov 1 av 5 · {inventory.title}" in panel
    )
    html = _panel(client)
    assert 'href="/training/overview"' in html
    assert f'href="/needs/{inventory.id}/results"' in html


def test_a_manager_sees_the_figures_of_their_units(
    client, login, org, course, make_rule, make_inventory, answer
):
    small_org(org, course, make_rule)
    inventory = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inventory, org.staff)
    figures = _figures(org.manager)  # Söderskolan: the manager and Lärare Söder
    assert (figures["mandatory"].done, figures["mandatory"].total) == (2, 2)
    assert figures["overdue"].done == 0
    assert (figures["inventory"].done, figures["inventory"].total) == (1, 2)
    login(org.manager)
    html = _panel(client)
    assert "Dina enheter i korthet" in html
    assert 'href="/training/team"' in html and f'href="/needs/{inventory.id}/team"' in html


def test_routine_acknowledgement_is_counted_in_scope(org, make_routine):  # noqa: F811
    routine = make_routine(org.school_dept)
    routines.acknowledge(routine, current_version(routine).id, org.staff)
    db.session.commit()
    manager = _figures(org.manager)["routines"]
    assert (manager.done, manager.total) == (1, 2)  # Söderskolan
    coordinator = _figures(org.coordinator)["routines"]
    assert (coordinator.done, coordinator.total) == (1, 3)  # the school department


def test_staff_see_no_dashboard(client, login, org):
    login(org.staff)
    assert _panel(client) == ""


def test_the_panel_costs_the_same_statements_for_a_bigger_organisation(
    client,
    login,
    org,
    course,
    make_rule,
    make_inventory,
    answer,
    make_routine,  # noqa: F811
):
    small_org(org, course, make_rule)
    inventory = make_inventory(scope=InventoryScope.EVERYONE)
    make_routine(org.school_dept)
    answer(inventory, org.staff)
    for person in (org.coordinator, org.manager):
        before = _count(person)
        dept = factories.department(f"Förvaltning {person.id}", f"F{person.id}")
        unit = factories.unit(dept, f"Enhet {person.id}")
        for i in range(5):
            factories.person(
                unit, name=f"Ny {person.id}-{i}", email=f"ny{person.id}{i}@example.org"
            )
            factories.person(
                org.soder, name=f"Söder {person.id}-{i}", email=f"s{person.id}{i}@example.org"
            )
        other = factories.course(f"extra-{person.id}", title=f"Extra {person.id}")
        db.session.commit()
        make_rule(RuleScope.EVERYONE, course=other, due_days=5)
        make_routine(dept, title=f"Rutin {person.id}")
        assert _count(person) == before, person.name


def _count(person):
    dashboard.figures(person)  # anything the session had expired is loaded
    with count_statements() as seen:
        dashboard.figures(person)
    return len(seen)
