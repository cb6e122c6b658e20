from __future__ import annotations

import pytest
from sqlalchemy import select

from learnapp import signals
from learnapp.extensions import db
from learnapp.org.models import Role
from learnapp.training import assign
from learnapp.training.models import Assignment, CourseStatus, RuleScope
from tests import factories
from tests.factories import status_of
from tests.training.conftest import read_lesson


def assigned_people(course):
    db.session.expire_all()
    return set(
        db.session.scalars(
            select(CourseStatus.person_id).where(
                CourseStatus.course_id == course.id, CourseStatus.assigned
            )
        )
    )


def test_everyone_rule_reaches_every_active_person(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    assert len(assigned_people(course)) == 6


def test_rules_skip_inactive_people(org, course, make_rule):
    org.other_staff.active = False
    db.session.commit()
    make_rule(RuleScope.EVERYONE)
    assert org.other_staff.id not in assigned_people(course)


def test_department_rule_reaches_only_that_department(org, course, make_rule):
    make_rule(RuleScope.DEPARTMENT, department=org.social_dept)
    assert assigned_people(course) == {org.social_staff.id}


def test_unit_rule_reaches_the_unit_and_its_subtree(org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.schools)
    assert assigned_people(course) == {org.manager.id, org.staff.id, org.other_staff.id}


def test_unit_rule_does_not_reach_sibling_units(org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.soder)
    assert assigned_people(course) == {org.manager.id, org.staff.id}


def test_key_person_rule_reaches_key_persons(org, course, make_rule):
    key_social = factories.person(org.social, is_key_person=True)
    db.session.commit()
    make_rule(RuleScope.KEY_PERSONS)
    assert assigned_people(course) == {org.staff.id, key_social.id}


def test_key_person_rule_within_a_department(org, course, make_rule):
    factories.person(org.social, is_key_person=True)
    db.session.commit()
    make_rule(RuleScope.KEY_PERSONS, department=org.school_dept)
    assert assigned_people(course) == {org.staff.id}


def test_role_rule_reaches_people_with_the_role(org, course, make_rule):
    make_rule(RuleScope.ROLE, role=Role.MANAGER.value)
    assert assigned_people(course) == {org.manager.id}


def test_preview_counts_the_people_a_rule_would_reach(org, course):
    data = assign.RuleInput(
        course=course, scope=RuleScope.UNIT, due_days=30, mandatory=True, unit=org.schools
    )
    assert assign.people_reached(data) == 3


def test_applying_a_rule_twice_adds_nothing(org, course, make_rule):
    rule = make_rule(RuleScope.EVERYONE)
    assert assign.apply_rule(rule) == 0


def test_rule_sets_the_due_date_and_mandatory_flag(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=14, mandatory=False)
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert row.due_on is not None and not row.mandatory


def test_person_moving_into_scope_gets_the_assignment(org, course, make_rule):
    make_rule(RuleScope.DEPARTMENT, department=org.social_dept)
    org.other_staff.unit_id = org.social.id
    signals.person_changed.send(
        person=org.other_staff, created=False, moved=True, deactivated=False
    )
    db.session.commit()
    assert status_of(org.other_staff, course) == "not_started"


def test_person_moving_out_of_scope_loses_a_not_started_assignment(org, course, make_rule):
    make_rule(RuleScope.DEPARTMENT, department=org.social_dept)
    org.social_staff.unit_id = org.norr.id
    signals.person_changed.send(
        person=org.social_staff, created=False, moved=True, deactivated=False
    )
    db.session.commit()
    assert status_of(org.social_staff, course) == "not_assigned"


def test_becoming_a_key_person_gets_the_key_person_rule(org, course, make_rule):
    make_rule(RuleScope.KEY_PERSONS)
    org.other_staff.is_key_person = True
    signals.person_changed.send(
        person=org.other_staff, created=False, moved=False, deactivated=False
    )
    db.session.commit()
    row = db.session.get(CourseStatus, (org.other_staff.id, course.id))
    assert (row.status, row.is_key_person) == ("not_started", True)


def test_removing_a_rule_withdraws_not_started_assignments(org, course, make_rule):
    rule = make_rule(RuleScope.UNIT, unit=org.soder)
    assign.remove_rule(rule)
    db.session.commit()
    assert status_of(org.manager, course) == "not_assigned"


def test_removing_a_rule_keeps_started_assignments(org, course, make_rule):
    rule = make_rule(RuleScope.UNIT, unit=org.soder)
    read_lesson(org.staff, course.lessons[0])
    assign.remove_rule(rule)
    db.session.commit()
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert (row.status, row.assigned) == ("in_progress", True)


def test_removing_a_rule_keeps_the_history(org, course, make_rule):
    rule = make_rule(RuleScope.UNIT, unit=org.soder)
    assign.remove_rule(rule)
    db.session.commit()
    rows = db.session.scalars(select(Assignment).where(Assignment.rule_id == rule.id)).all()
    assert len(rows) == 2 and all(a.withdrawn_at is not None for a in rows)
    assert rule.removed_at is not None


def test_a_removed_rule_no_longer_reaches_newcomers(org, course, make_rule):
    rule = make_rule(RuleScope.UNIT, unit=org.soder)
    assign.remove_rule(rule)
    newcomer = factories.person(org.soder)
    signals.person_changed.send(person=newcomer, created=True, moved=False, deactivated=False)
    db.session.commit()
    assert status_of(newcomer, course) is None


@pytest.mark.parametrize("mandatory", [True, False])
def test_two_rules_summarise_to_mandatory_if_any_is(org, course, make_rule, mandatory):
    make_rule(RuleScope.UNIT, unit=org.soder, mandatory=False)
    make_rule(RuleScope.EVERYONE, mandatory=mandatory)
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert row.mandatory is mandatory


def test_person_moving_out_of_scope_keeps_a_started_assignment(org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.soder)
    read_lesson(org.staff, course.lessons[0])
    org.staff.unit_id = org.norr.id
    signals.person_changed.send(person=org.staff, created=False, moved=True, deactivated=False)
    db.session.commit()
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert (row.status, row.assigned) == ("in_progress", True)


def test_person_moving_out_of_scope_leaves_the_others_assignments_alone(org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.soder)
    org.staff.unit_id = org.norr.id
    signals.person_changed.send(person=org.staff, created=False, moved=True, deactivated=False)
    db.session.commit()
    assert assigned_people(course) == {org.manager.id}
