"""The status report's pages: the coordinator writes, saves and opens a report; others get nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.reports.models import SavedReport
from learnapp.training.models import RuleScope
from tests.training.conftest import complete


@pytest.mark.parametrize(
    "url",
    [
        "/reports/",
        "/reports/saved",
        "/reports/saved/1",
        "/reports/report.xlsx",
        "/reports/saved/1.xlsx",
    ],
)
def test_only_coordinators_and_admins_see_reports(client, login, org, url):
    login(org.manager)
    assert client.get(url).status_code in (403, 404)


def test_post_routes_refuse_managers(client, login, org):
    login(org.manager)
    assert client.post("/reports/save", data={"title": "x"}).status_code in (403, 404)
    assert client.post("/reports/snapshot").status_code in (403, 404)
    assert db.session.scalar(select(func.count()).select_from(SavedReport)) == 0


def test_report_page_says_the_period_and_the_inventory(
    client, login, org, course, make_rule, make_inventory
):
    make_rule(RuleScope.KEY_PERSONS)
    complete(org.staff, course)
    make_inventory("Inventering hösten 2026")
    login(org.coordinator)
    page = client.get("/reports/").get_data(as_text=True)
    assert "Utbildningsförvaltningen" in page and "100 %" in page
    assert "Period:" in page and "Inventering hösten 2026" in page
    assert "den senaste öppna inventeringen" in page
    for heading in (
        "Totalt",
        "Per förvaltning",
        "Utbildningsbehov per förvaltning",
        "Utveckling per kvartal",
    ):
        assert f">{heading}</h2>" in page


def test_an_end_before_the_start_is_an_error_in_swedish(client, login, org):
    login(org.coordinator)
    response = client.get("/reports/?start=2026-06-01&end=2026-05-01")
    assert response.status_code == 200
    assert "Periodens slut får inte vara före dess början." in response.get_data(as_text=True)
    assert client.get("/reports/report.xlsx?start=2026-06-01&end=nonsense").status_code == 400


def test_old_address_redirects(client, login, org):
    login(org.coordinator)
    response = client.get("/training/report")
    assert response.status_code == 301 and response.location.endswith("/reports/")


def main_of(page: str) -> str:
    """The page's main content (the header's forms carry a CSRF token that changes each second)."""
    return page[page.index('<main id="content"') : page.index("</main>")]


def test_saved_report_keeps_its_figures_after_more_people_complete(
    client, login, org, course, make_rule
):
    make_rule(RuleScope.KEY_PERSONS)
    login(org.coordinator)
    response = client.post(
        "/reports/save",
        data={
            "start": "2026-01-01",
            "end": "2026-12-03",
            "inventory": "",
            "title": "Lägesrapport till TSU",
            "meeting_on": "2026-12-10",
            "assessment": "Arbetet går framåt.",
            "measures": "Påminn förvaltningarna.",
        },
    )
    assert response.status_code == 302
    saved = db.session.scalars(select(SavedReport)).one()
    url = f"/reports/saved/{saved.id}"
    assert "ändras inte" in client.get(url).get_data(as_text=True)  # the flash, shown once
    before = main_of(client.get(url).get_data(as_text=True))
    assert "Arbetet går framåt." in before and "Påminn förvaltningarna." in before
    assert "0 % (0 av 1)" in before
    complete(org.staff, course)
    after = main_of(client.get(url).get_data(as_text=True))
    assert after == before
    assert "100 % (1 av 1)" in client.get("/reports/").get_data(as_text=True)
    listing = client.get("/reports/saved").get_data(as_text=True)
    assert "Lägesrapport till TSU" in listing and url in listing
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "reports.saved"))


def test_saving_without_a_title_shows_the_error_and_saves_nothing(client, login, org):
    login(org.coordinator)
    response = client.post("/reports/save", data={"start": "2026-01-01", "end": "2026-12-03"})
    assert response.status_code == 400
    assert "Rubrik" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SavedReport)) == 0


def test_snapshot_button_stores_the_month(client, login, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS)
    login(org.coordinator)
    assert client.post("/reports/snapshot").status_code == 302
    page = client.get("/reports/").get_data(as_text=True)
    assert "K4" in page  # the trend has its first point


def test_unknown_saved_report_is_404(client, login, org):
    login(org.coordinator)
    assert client.get("/reports/saved/999").status_code == 404
    assert client.get("/reports/saved/999.xlsx").status_code == 404
    assert client.get("/reports/report.exe").status_code == 404
