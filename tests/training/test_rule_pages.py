from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.training.models import Assignment, AssignmentRule, RuleScope


def form(the_course, **values):
    data = {
        "course": str(the_course.id),
        "scope": "key_persons",
        "due_days": "30",
        "mandatory": "1",
    }
    data.update(values)
    return data


def rule_count():
    return db.session.scalar(select(func.count(AssignmentRule.id)))


def test_preview_says_how_many_people_the_rule_reaches(client, login, org, course):
    login(org.coordinator)
    page = client.post(
        "/training/rules/new", data=form(course, scope="unit", unit=str(org.schools.id))
    )
    assert "3" in page.get_data(as_text=True) and 'id="preview"' in page.get_data(as_text=True)
    assert rule_count() == 0


def test_confirming_saves_the_rule_and_assigns(client, login, org, course):
    login(org.coordinator)
    response = client.post("/training/rules/new", data=form(course, confirm="1"))
    assert response.status_code == 302
    assert rule_count() == 1
    assert db.session.scalar(select(func.count(Assignment.id))) == 1  # the one key person


def test_saving_a_rule_is_audited(client, login, org, course):
    login(org.coordinator)
    client.post("/training/rules/new", data=form(course, confirm="1"))
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "training.rule_created")
    ).one()
    assert event.actor_id == org.coordinator.id and event.details["assignments"] == 1


@pytest.mark.parametrize(
    ("values", "field_id"),
    [
        ({"course": ""}, "course"),
        ({"course": "99999"}, "course"),
        ({"due_days": "-3"}, "due_days"),
        ({"due_days": "100000"}, "due_days"),
        ({"due_days": "soon"}, "due_days"),
        ({"scope": "department", "department": ""}, "department"),
        ({"scope": "unit", "unit": "99999"}, "unit"),
        ({"scope": "role", "role": ""}, "role"),
    ],
)
def test_bad_rule_input_is_a_field_error(client, login, org, course, values, field_id):
    login(org.coordinator)
    response = client.post("/training/rules/new", data=form(course, confirm="1", **values))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field_id}-error"' in page
    assert rule_count() == 0


def test_rule_pages_list_and_remove(client, login, org, course, make_rule):
    rule = make_rule(RuleScope.UNIT, unit=org.soder)
    login(org.coordinator)
    assert "Söderskolan" in client.get("/training/rules").get_data(as_text=True)
    client.post(f"/training/rules/{rule.id}/remove")
    db.session.expire_all()
    assert db.session.get(AssignmentRule, rule.id).removed_at is not None
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "training.rule_removed")
        )
        == 1
    )


def test_removing_a_removed_rule_is_404(client, login, org, course, make_rule):
    rule = make_rule(RuleScope.UNIT, unit=org.soder)
    login(org.coordinator)
    client.post(f"/training/rules/{rule.id}/remove")
    assert client.post(f"/training/rules/{rule.id}/remove").status_code == 404


def test_the_feature_audit_helper_names_the_signed_in_user_and_their_address(app, org):
    from flask_login import login_user

    from learnapp.training.views import audit

    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        login_user(org.coordinator)
        audit("rule_removed", org.staff, withdrawn=2)
    event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.client_address, event.details) == (
        "training.rule_removed",
        org.coordinator.id,
        "192.0.2.7",
        {"withdrawn": 2},
    )


def test_the_coordinators_unit_page_is_the_managers_table_linking_back_to_the_overview(
    client, login, org, course, make_rule
):
    make_rule(RuleScope.EVERYONE)
    login(org.coordinator)
    page = client.get(f"/training/overview/units/{org.soder.id}").get_data(as_text=True)
    assert "Lärare Söder" in page
    assert f'href="/training/overview/departments/{org.school_dept.id}"' in page


def test_a_recommended_rule_can_be_saved_without_mail(client, login, org, course):
    login(org.coordinator)
    page = client.get("/training/rules/new").get_data(as_text=True)
    assert 'name="notify"' in page and "Skicka e-post om en rekommenderad kurs" in page
    client.post("/training/rules/new", data=form(course, mandatory="0", confirm="1"))
    rule = db.session.scalars(select(AssignmentRule)).one()
    assert rule.mandatory is False and rule.notify is False


def test_a_recommended_rule_mails_when_the_box_is_ticked(client, login, org, course):
    login(org.coordinator)
    client.post("/training/rules/new", data=form(course, mandatory="0", notify="y", confirm="1"))
    assert db.session.scalars(select(AssignmentRule)).one().notify is True


def test_the_unit_list_offers_the_top_units_and_a_search_finds_the_others(
    client, login, org, course
):
    login(org.coordinator)
    page = client.get("/training/rules/new").get_data(as_text=True)
    assert f'<option value="{org.schools.id}">' in page and "Söderskolan" not in page
    response = client.post(
        "/training/rules/new",
        data=form(course, scope="unit", unit_find="SÖDER", find_units="1"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="preview"' not in page
    assert (
        f'<option value="{org.soder.id}">Utbildningsförvaltningen › Grundskolor › Söderskolan'
        in page
    )
    assert f'<option value="{org.norr.id}">' not in page
    # Chosen and previewed, the unit stays on offer and chosen.
    page = client.post(
        "/training/rules/new", data=form(course, scope="unit", unit=str(org.soder.id))
    ).get_data(as_text=True)
    assert 'id="preview"' in page and f'<option selected value="{org.soder.id}">' in page
    assert rule_count() == 0
