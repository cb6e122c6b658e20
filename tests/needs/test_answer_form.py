"""The compact answer form: an error summary that names the area, and after submitting a
summary of the answers with the courses for the areas where the need is great."""

from __future__ import annotations

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.needs.models import InventoryScope, NeedsSubmission
from tests import factories
from tests.needs.conftest import form_for


def test_the_error_summary_names_the_area_of_each_missing_answer(
    client, login, org, make_inventory, areas
):
    inv = make_inventory()
    login(org.staff)
    data = form_for(areas, action="submit")
    del data[f"area-{areas[1].id}-need"]
    data[f"area-{areas[2].id}-knowledge"] = "9"
    r = client.post(f"/needs/{inv.id}/answer", data=data)
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    summary = page[page.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert (
        f'<a href="#area-{areas[1].id}-need">{areas[1].name_sv}: Välj ditt utbildningsbehov.</a>'
        in summary
    )
    assert (
        f'<a href="#area-{areas[2].id}-knowledge">{areas[2].name_sv}: '
        "Välj en av de fyra nivåerna.</a>" in summary
    )
    assert summary.index(areas[1].name_sv) < summary.index(areas[2].name_sv)
    assert db.session.scalar(select(func.count(NeedsSubmission.id))) == 0


def test_each_area_is_one_row_with_knowledge_and_need_side_by_side(
    client, login, org, make_inventory, areas
):
    inv = make_inventory()
    login(org.staff)
    page = client.get(f"/needs/{inv.id}/answer").get_data(as_text=True)
    assert page.count('class="needs-pair"') == len(areas)
    # Each group's accessible name still says which area it is about.
    assert f'<span class="visually-hidden">Din nuvarande kunskap: {areas[0].name_sv}</span>' in page


def test_after_submitting_a_summary_lists_the_answers_and_the_courses_for_great_needs(
    client, login, org, make_inventory, areas
):
    course = factories.course("grunder", title="Grunder om extremism")
    course.areas = [areas[0]]
    other = factories.course("annat", title="Kurs om annat")
    other.areas = [areas[1]]
    db.session.commit()
    inv = make_inventory()
    login(org.staff)
    data = form_for(areas, need="some", action="submit")
    data[f"area-{areas[0].id}-need"] = "great"
    data["other_needs"] = "Mer om sociala medier."
    r = client.post(f"/needs/{inv.id}/answer", data=data)
    assert r.status_code == 302
    assert r.headers["Location"] == f"/needs/{inv.id}/answer/summary"
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Tack! Svaren är inskickade." in page
    assert 'href="/courses/grunder/"' in page
    assert "Kurs om annat" not in page  # that area's need is only "some"
    assert "Stort behov" in page and "Visst behov" in page and "Mer om sociala medier." in page
    assert f'href="/needs/{inv.id}/answer"' in page  # change them while open


def test_a_summary_without_great_needs_says_so(client, login, org, make_inventory, areas):
    inv = make_inventory()
    login(org.staff)
    client.post(f"/needs/{inv.id}/answer", data=form_for(areas, need="none", action="submit"))
    page = client.get(f"/needs/{inv.id}/answer/summary").get_data(as_text=True)
    assert "Inget område besvarades med stort behov." in page


def test_the_summary_before_submitting_goes_to_the_form(client, login, org, make_inventory):
    inv = make_inventory()
    login(org.staff)
    r = client.get(f"/needs/{inv.id}/answer/summary")
    assert r.status_code == 302 and r.headers["Location"] == f"/needs/{inv.id}/answer"


def test_a_draft_saved_stays_on_the_form(client, login, org, make_inventory, areas):
    inv = make_inventory()
    login(org.staff)
    r = client.post(f"/needs/{inv.id}/answer", data=form_for(areas, action="save"))
    assert r.headers["Location"] == f"/needs/{inv.id}/answer"


def test_summaries_of_others_are_for_their_managers_only(client, login, org, make_inventory, areas):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    login(org.manager)
    r = client.post(
        f"/needs/{inv.id}/people/{org.staff.id}/answer", data=form_for(areas, action="submit")
    )
    assert r.headers["Location"] == f"/needs/{inv.id}/people/{org.staff.id}/answer/summary"
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Lärare Söder" in page
    assert (
        client.get(f"/needs/{inv.id}/people/{org.other_staff.id}/answer/summary").status_code == 404
    )
    login.logout()
    login(org.other_staff)
    assert client.get(f"/needs/{inv.id}/people/{org.staff.id}/answer/summary").status_code == 403
    # Someone not asked has no summary of their own.
    inv2 = make_inventory(title="Bara nyckelpersoner")
    assert client.get(f"/needs/{inv2.id}/answer/summary").status_code == 404
