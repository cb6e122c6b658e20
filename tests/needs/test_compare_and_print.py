"""The comparison in colour as well as words, its CSV export (small cells suppressed, audited),
the print view of the heat map and comparison, and the demo's cell of two respondents."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.needs.models import InventoryScope, Need
from learnapp.needs.services import close_inventory


def _two_inventories(org, make_inventory, answer, before=Need.GREAT, after=Need.NONE):
    """The school department's three people answer both; the social department's one answers."""
    first = make_inventory("Våren", scope=InventoryScope.EVERYONE)
    for person in (org.manager, org.staff, org.other_staff, org.social_staff):
        answer(first, person, default=(2, before))
    close_inventory(first, org.coordinator)
    db.session.commit()
    second = make_inventory("Hösten", scope=InventoryScope.EVERYONE)
    for person in (org.manager, org.staff, org.other_staff, org.social_staff):
        answer(second, person, default=(3, after))
    return first, second


def test_the_comparison_has_colour_and_words(client, login, org, make_inventory, answer):
    first, second = _two_inventories(org, make_inventory, answer)
    login(org.coordinator)
    page = client.get(f"/needs/{second.id}/compare?with={first.id}").get_data(as_text=True)
    assert 'class="change-less"' in page and "Mindre behov" in page
    assert "−100 procentenheter" in page or "-100 procentenheter" in page
    # The social department has one respondent: no colour, no figures.
    assert "färre än 3 svar" in page
    assert f'href="/needs/{second.id}/compare.csv?with={first.id}"' in page


def test_more_need_is_red_and_said(client, login, org, make_inventory, answer):
    first, second = _two_inventories(
        org, make_inventory, answer, before=Need.NONE, after=Need.GREAT
    )
    login(org.coordinator)
    page = client.get(f"/needs/{second.id}/compare?with={first.id}").get_data(as_text=True)
    assert 'class="change-more"' in page and "Större behov" in page


def test_the_comparison_exports_as_csv_with_small_cells_suppressed(
    client, login, org, make_inventory, answer, areas
):
    first, second = _two_inventories(org, make_inventory, answer)
    login(org.coordinator)
    r = client.get(f"/needs/{second.id}/compare.csv?with={first.id}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert 'filename="jamforelse-varen-hosten.csv"' in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Förvaltning", "Kompetensområde", "Stort behov före (andel)"]
    school = [row for row in rows[1:] if row[0] == "Utbildningsförvaltningen"]
    assert len(school) == len(areas)
    assert school[0][1] == areas[0].name_sv
    assert school[0][4] == "-100" and school[0][7] == "Mindre behov"
    assert school[0][8:] == ["3", "3"]
    social = [row for row in rows[1:] if row[0] == "Omsorgs- och socialförvaltningen"]
    assert social[0][2:8] == ["", "", "", "", "", "färre än 3 svar"]
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "needs.comparison_exported")
    ).all()
    assert event.details["before_id"] == first.id


def test_the_comparison_export_refuses_a_bad_or_missing_other(client, login, org, make_inventory):
    inv = make_inventory()
    login(org.coordinator)
    assert client.get(f"/needs/{inv.id}/compare.csv").status_code == 404
    assert client.get(f"/needs/{inv.id}/compare.csv?with={inv.id}").status_code == 404
    assert client.get(f"/needs/{inv.id}/compare.csv?with=99999").status_code == 404
    assert client.get(f"/needs/{inv.id}/compare.csv?with=99999999999999").status_code == 400
    login.logout()
    login(org.manager)
    assert client.get(f"/needs/{inv.id}/compare.csv?with=1").status_code == 403


def test_the_print_view_uses_the_print_layout_on_screen(client, login, org, make_inventory):
    inv = make_inventory()
    login(org.coordinator)
    page = client.get(f"/needs/{inv.id}/results").get_data(as_text=True)
    assert f'href="/needs/{inv.id}/results?print=1"' in page
    assert page.count("css/print.css") == 1  # for printing only
    page = client.get(f"/needs/{inv.id}/results?print=1").get_data(as_text=True)
    assert page.count("css/print.css") == 2 and "Utskriftsvy:" in page


def test_the_demo_has_a_cell_of_two_respondents_shown_as_fewer_than_three(app, client, login):
    from learnapp.demo.services import load_demo
    from learnapp.needs.cli import load_needs_demo
    from learnapp.org.models import Person

    load_demo("demo-password-123")
    inventory, _added = load_needs_demo()
    db.session.commit()
    coordinator = db.session.scalar(select(Person).where(Person.email == "samordnare@example.org"))
    login(coordinator, "demo-password-123")
    page = client.get(f"/needs/{inventory.id}/results").get_data(as_text=True)
    heat = page[page.index('class="heatmap"') :]
    assert "färre än 3 svar" in heat and "n = 2" in heat
