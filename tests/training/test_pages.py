from __future__ import annotations

import re
from datetime import UTC, datetime

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.training import status
from learnapp.training.models import RuleScope
from tests import factories
from tests.querycount import count_statements
from tests.training.conftest import complete, days


def test_my_training_lists_an_assigned_course_with_its_status(
    client, login, org, course, make_rule
):
    make_rule(RuleScope.KEY_PERSONS)
    login(org.staff)
    page = client.get("/training/mine").get_data(as_text=True)
    assert "Grunder om extremism" in page and "status-not_started" in page


def test_my_training_marks_overdue_with_text(client, login, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    login(org.staff)
    page = client.get("/training/mine", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "status-overdue" in page and "row-overdue" in page


def row_text(page: str, label: str) -> str:
    """The text of the table row whose header holds `label`, tags removed, spaces collapsed."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        if label in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError(f"no row for {label!r}")


def test_my_training_shows_a_completion_date(client, login, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS)
    at = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    complete(org.staff, course, at=at, expires=datetime(2027, 3, 14, 10, 0, tzinfo=UTC))
    login(org.staff)
    page = client.get("/training/mine").get_data(as_text=True)
    assert "status-completed" in page
    # course, completed, valid until, status
    assert row_text(page, "Grunder om extremism") == (
        "Grunder om extremism 14 mars 2026 14 mars 2027 Klar"
    )


def test_home_panel_shows_the_next_due_course(client, login, org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS)
    login(org.staff)
    page = client.get("/").get_data(as_text=True)
    assert 'id="panel-training"' in page and "Grunder om extremism" in page


def test_manager_sees_the_people_table_of_their_unit(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    page = client.get(f"/training/team/units/{org.soder.id}").get_data(as_text=True)
    assert "Lärare Söder" in page and "status-not_started" in page


def test_team_filter_key_persons(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    page = client.get(f"/training/team/units/{org.soder.id}?key_persons=y").get_data(as_text=True)
    assert "Lärare Söder" in page and "Rektor Söder</a>" not in page


def test_team_filter_overdue(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    complete(org.manager, course)
    status.refresh(now=utcnow() + days(40))
    db.session.commit()
    login(org.manager)
    page = client.get(f"/training/team/units/{org.soder.id}?overdue=y").get_data(as_text=True)
    assert "Lärare Söder" in page and "Rektor Söder</a>" not in page


def test_team_filter_course_shows_only_those_who_have_that_course(
    client, login, org, course, make_rule
):
    other = factories.course("rutin", lessons=1, title="Rutinen vid signaler")
    db.session.commit()
    make_rule(RuleScope.EVERYONE)
    make_rule(RuleScope.KEY_PERSONS, course=other)
    login(org.manager)
    page = client.get(f"/training/team/units/{org.soder.id}?course={other.id}").get_data(
        as_text=True
    )
    assert "Lärare Söder" in page and "Rektor Söder</a>" not in page
    assert "Rutinen vid signaler</th>" in page and "Grunder om extremism</th>" not in page


def test_team_summary_lists_the_managed_unit(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    page = client.get("/training/team").get_data(as_text=True)
    assert "Söderskolan" in page and "Norrskolan" not in page


def test_a_coordinators_units_page_is_the_overview(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    login(org.coordinator)
    response = client.get("/training/team")
    assert response.status_code == 302 and response.location == "/training/overview"
    login(org.admin)
    assert client.get("/training/team").location == "/training/overview"


def test_person_page_has_a_training_section(client, login, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course, score=0.85)
    login(org.manager)
    page = client.get(f"/org/people/{org.staff.id}").get_data(as_text=True)
    assert 'id="person-training"' in page
    assert row_text(page, "Grunder om extremism").endswith(" 85 %")


def test_reminder_button_mails_an_overdue_person(client, login, org, course, make_rule, outbox):
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    deliver()  # the rule's assignment mails
    outbox.clear()
    login(org.manager)
    response = client.post(f"/training/team/people/{org.staff.id}/remind")
    assert response.status_code == 302
    assert [m["To"] for m in outbox] == [org.staff.email]


def test_reminder_button_sends_nothing_without_overdue_courses(
    client, login, org, course, make_rule, outbox
):
    make_rule(RuleScope.EVERYONE)
    deliver()  # the rule's assignment mails
    outbox.clear()
    login(org.manager)
    client.post(f"/training/team/people/{org.staff.id}/remind")
    assert outbox == []


def test_coordinator_overview_shows_percentages(client, login, org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.soder)
    complete(org.staff, course)
    login(org.coordinator)
    page = client.get("/training/overview").get_data(as_text=True)
    assert "<svg" in page
    # One of the two people in the unit the rule names has completed it; both are key persons.
    assert row_text(page, "Utbildningsförvaltningen").startswith(
        "Utbildningsförvaltningen 50 % (1 av 2)"
    )


def test_coordinator_drills_down_one_level_at_a_time(client, login, org, course, make_rule):
    # Söderskolan: the manager and the staff member; Norrskolan: one more. Both under Grundskolor.
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept)
    complete(org.staff, course)
    login(org.coordinator)

    department = client.get(f"/training/overview/departments/{org.school_dept.id}")
    page = department.get_data(as_text=True)
    assert f'<a href="/training/overview/units/{org.schools.id}">Grundskolor</a>' in page
    assert "(1 av 3)" in page  # Grundskolor counted with both schools below it
    assert "Söderskolan" not in page and "Norrskolan" not in page

    page = client.get(f"/training/overview/units/{org.schools.id}").get_data(as_text=True)
    assert "<h2>Enheter under Grundskolor</h2>" in page
    assert f'<a href="/training/overview/units/{org.soder.id}">Söderskolan</a>' in page
    below = page[page.index("Enheter under Grundskolor") : page.index("<h2>Personer</h2>")]
    assert "(1 av 2)" in below and "(0 av 1)" in below
    assert f'href="/training/overview/departments/{org.school_dept.id}"' in page  # back up

    page = client.get(f"/training/overview/units/{org.soder.id}").get_data(as_text=True)
    assert "Enheter under" not in page  # a unit with nothing below it
    assert "Lärare Söder" in page
    crumbs = page[
        page.index('aria-label="Brödsmulor"') : page.index("</nav>", page.index("Brödsmulor"))
    ]
    assert 'href="/training/overview"' in crumbs
    assert f'href="/training/overview/departments/{org.school_dept.id}"' in crumbs
    assert f'<a href="/training/overview/units/{org.schools.id}">Grundskolor</a>' in crumbs
    assert "Söderskolan" not in crumbs  # the page's own unit is its heading


def test_a_manager_drills_down_to_the_units_below_in_scope(client, login, org, course, make_rule):
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept)
    factories.unit(org.school_dept, "Söder fritids", parent=org.soder)
    db.session.commit()
    login(org.manager)
    page = client.get(f"/training/team/units/{org.soder.id}").get_data(as_text=True)
    assert "<h2>Enheter under Söderskolan</h2>" in page
    assert ">Söder fritids</a>" in page and 'href="/training/team/units/' in page
    assert "/training/overview/units/" not in page  # the manager's own pages, not the coordinator's


def test_coordinator_drills_down_to_a_unit(client, login, org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.soder)
    login(org.coordinator)
    page = client.get(f"/training/overview/units/{org.soder.id}").get_data(as_text=True)
    assert "Lärare Söder" in page


def count_queries(client, url):
    with count_statements() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_people_table_uses_a_fixed_number_of_queries(client, login, org, course, make_rule):
    from tests import factories

    make_rule(RuleScope.EVERYONE)
    login(org.manager)
    url = f"/training/team/units/{org.soder.id}"
    few = count_queries(client, url)
    for _ in range(15):
        factories.person(org.soder)
    db.session.commit()
    make_rule(RuleScope.UNIT, unit=org.soder, course=factories.course("extra"))
    assert count_queries(client, url) == few


def test_overview_uses_a_fixed_number_of_queries(client, login, org, course, make_rule):
    from tests import factories

    make_rule(RuleScope.EVERYONE)
    login(org.coordinator)
    few = count_queries(client, "/training/overview")
    for _n in range(3):
        dept = factories.department()
        factories.person(factories.unit(dept))
    db.session.commit()
    make_rule(RuleScope.EVERYONE, course=factories.course("extra"))
    assert count_queries(client, "/training/overview") == few


def test_course_link_macro_links_the_title_to_the_course_page(app, course):
    from flask import get_template_attribute

    link = get_template_attribute("training/_status.html", "course_link")
    with app.test_request_context():
        html = str(link(course))
    assert html == '<a href="/courses/grunder/">Grunder om extremism</a>'


def test_my_training_links_each_course_in_every_section(client, login, org, course, make_rule):
    other = factories.course("rutin", lessons=1, title="Rutinen")
    make_rule(RuleScope.KEY_PERSONS)
    make_rule(RuleScope.KEY_PERSONS, course=other)
    complete(org.staff, other, expires=utcnow() + days(365))
    login(org.staff)
    page = client.get("/training/mine").get_data(as_text=True)
    assigned, _progress, done = page.split("<h2>")[1:4]
    assert '<a href="/courses/grunder/">Grunder om extremism</a>' in assigned
    assert '<a href="/courses/rutin/">Rutinen</a>' in done


def test_people_table_counts_everyone_only_when_the_page_is_full(org, course, make_rule):
    from learnapp.training import people_table

    make_rule(RuleScope.EVERYONE)
    for _ in range(3):
        factories.person(org.soder)
    db.session.commit()
    everyone = people_table.people_table(org.soder, people_table.Filters())
    assert everyone.total == len(everyone.people) > 3

    with count_statements() as full_page:
        cut = people_table.people_table(org.soder, people_table.Filters(), per_page=2)
    assert len(cut.people) == 2
    assert cut.total == everyone.total
    with count_statements() as partial_page:
        people_table.people_table(
            org.soder, people_table.Filters(), per_page=len(everyone.people) + 1
        )
    assert len(partial_page) == len(full_page) - 1  # no count when every person fits


def test_people_table_pages_follow_one_another_by_name(org, course, make_rule):
    from learnapp.training import people_table

    make_rule(RuleScope.EVERYONE)
    for _ in range(3):
        factories.person(org.soder)
    db.session.commit()
    everyone = people_table.people_table(org.schools, people_table.Filters())
    pages = [
        people_table.people_table(org.schools, people_table.Filters(), page=n, per_page=2)
        for n in range(1, everyone.total // 2 + 3)
    ]
    assert [p.id for t in pages for p in t.people] == [p.id for p in everyone.people]
    assert {t.total for t in pages} == {everyone.total}
    assert pages[0].pages == -(-everyone.total // 2)
    assert pages[-1].people == []  # past the last page: empty, still counted


def test_people_table_rows_put_each_persons_cells_in_course_order(org, course, make_rule):
    from learnapp.training import people_table

    other = factories.course("rutin", lessons=1, title="A first by title")
    db.session.commit()
    make_rule(RuleScope.EVERYONE)
    make_rule(RuleScope.KEY_PERSONS, course=other)
    table = people_table.people_table(org.soder, people_table.Filters())
    assert [c.title for c in table.courses] == ["A first by title", "Grunder om extremism"]
    for person, cells in table.rows():
        assert [cell.course_id if cell else None for cell in cells] == [
            other.id if person.is_key_person else None,
            course.id,
        ]


def test_my_training_does_not_load_the_courses_competence_areas(client, login, org, course):
    from learnapp.areas.services import all_areas, seed_default_areas

    seed_default_areas()
    course.areas.append(all_areas()[0])
    db.session.commit()
    login(org.staff)
    client.get(f"/courses/{course.slug}/{course.lessons[0].slug}")  # a course in progress
    db.session.expunge_all()
    with count_statements() as seen:
        page = client.get("/training/mine").get_data(as_text=True)
    assert "Grunder om extremism" in page
    assert not [s for s in seen if "course_area" in s]


def test_a_department_with_nothing_assigned_still_links_to_its_units(client, login, org):
    login(org.coordinator)
    page = client.get(f"/training/overview/departments/{org.school_dept.id}").get_data(as_text=True)
    assert "Ingen kurs har tilldelats i förvaltningen ännu." in page
    assert f'<a href="/training/overview/units/{org.schools.id}">Grundskolor</a>' in page


def test_the_unit_page_shows_its_people_a_page_at_a_time_keeping_the_filters(
    client, login, org, course, make_rule, monkeypatch
):
    from learnapp.training import people_table

    monkeypatch.setattr(people_table, "PER_PAGE", 2)
    make_rule(RuleScope.EVERYONE)
    for n in range(3):
        factories.person(org.soder, name=f"Nyckel {n}", is_key_person=True, key_function="Ombud")
    db.session.commit()
    login(org.coordinator)
    url = f"/training/overview/units/{org.schools.id}"
    first = client.get(f"{url}?key_persons=y").get_data(as_text=True)
    assert "Sida 1 av" in first
    assert f'href="{url}?page=2&amp;key_persons=y"' in first
    second = client.get(f"{url}?key_persons=y&page=2").get_data(as_text=True)
    assert "Sida 2 av" in second and 'rel="prev"' in second
    # The downloads take the filters, not the page.
    assert f"/training/team/units/{org.schools.id}/export.csv?key_persons=y" in second
