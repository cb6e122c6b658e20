"""Seam: people added or changed by the admin feature get what the training feature's rules give."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from learnapp.admin import hr_import, services
from learnapp.admin.people_import import run_import
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from learnapp.reports import queries as reports
from learnapp.training import assign, figures, subtrees
from learnapp.training.models import Assignment, RuleScope, Status
from tests import factories
from tests.admin.conftest import HEADER, csv_bytes


def department_rule(org: Any, course: Any, department: Any) -> Any:
    data = assign.RuleInput(
        course=course, scope=RuleScope.DEPARTMENT, due_days=30, mandatory=True,
        department=department,
    )  # fmt: skip
    rule, _ = assign.create_rule(data, org.coordinator)
    db.session.commit()
    return rule


def manager_rule(org: Any, course: Any) -> Any:
    data = assign.RuleInput(
        course=course, scope=RuleScope.ROLE, due_days=30, mandatory=True, role=Role.MANAGER.value
    )
    rule, _ = assign.create_rule(data, org.coordinator)
    db.session.commit()
    return rule


def assignment_of(person: Person, course: Any) -> Assignment | None:
    return db.session.scalars(
        select(Assignment).where(
            Assignment.person_id == person.id,
            Assignment.course_id == course.id,
            Assignment.withdrawn_at.is_(None),
        )
    ).first()


def import_file(rows: list[list[str]], org: Any) -> None:
    report = run_import(hr_import.parse(csv_bytes([HEADER, *rows])), actor=org.admin, apply=True)
    assert report.ok, report.errors
    db.session.commit()


def test_hr_import_assigns_a_new_person_the_courses_of_their_departments_rule(
    org: Any, course: Any
) -> None:
    department_rule(org, course, org.school_dept)
    import_file(
        [["3001", "Ny Lärare", "ny@example.org", "Utbildningsförvaltningen", "Grundskolor",
          "Lärare"]],
        org,
    )  # fmt: skip
    person = db.session.scalar(select(Person).where(Person.email == "ny@example.org"))
    assert person is not None
    assert assignment_of(person, course) is not None
    row = factories.status_row(person, course)
    assert row is not None and row.assigned and row.status == Status.NOT_STARTED
    assert row.department_id == org.school_dept.id


def test_hr_import_assigns_a_person_moved_into_the_rules_department(org: Any, course: Any) -> None:
    department_rule(org, course, org.school_dept)
    assert assignment_of(org.social_staff, course) is None
    import_file(
        [["3002", "Socialsekreterare", "social@example.org", "Utbildningsförvaltningen",
          "Grundskolor", "Kurator"]],
        org,
    )  # fmt: skip
    assert assignment_of(org.social_staff, course) is not None
    row = factories.status_row(org.social_staff, course)
    assert row is not None and row.assigned and row.department_id == org.school_dept.id


def test_admin_create_assigns_the_rules_courses(org: Any, course: Any) -> None:
    department_rule(org, course, org.school_dept)
    data = services.PersonData(
        name="Ny Rektor", email="rektor@example.org", employee_number=None, unit=org.norr,
        job_title="Rektor", is_key_person=False, key_function="", language="sv", roles=set(),
        managed=[],
    )  # fmt: skip
    person = services.add_person(data, org.admin)
    db.session.commit()
    assert assignment_of(person, course) is not None
    row = factories.status_row(person, course)
    assert row is not None and row.status == Status.NOT_STARTED


def test_admin_giving_a_role_assigns_the_courses_of_a_rule_for_that_role(
    org: Any, course: Any
) -> None:
    manager_rule(org, course)
    person = org.other_staff
    data = services.PersonData(
        name=person.name, email=person.email, employee_number=None, unit=person.unit,
        job_title="", is_key_person=False, key_function="", language=person.language,
        roles={Role.MANAGER}, managed=[org.norr],
    )  # fmt: skip
    services.update_person(person, data, org.admin)
    db.session.commit()
    assert assignment_of(person, course) is not None
    row = factories.status_row(person, course)
    assert row is not None and row.assigned


def test_a_deactivated_person_drops_out_of_the_overview_and_the_status_report(
    org: Any, course: Any
) -> None:
    department_rule(org, course, org.school_dept)
    before = figures.department_cells()[(org.school_dept.id, course.id)].assigned
    services.set_active(org.other_staff, False, org.admin)
    db.session.commit()
    after = figures.department_cells()[(org.school_dept.id, course.id)].assigned
    assert after == before - 1
    data = reports.build(date(2026, 1, 1), date(2026, 12, 31), reports.choose_inventory(None),
                         utcnow())  # fmt: skip
    school = next(d for d in data["departments"] if d["id"] == org.school_dept.id)
    assert school["courses"][str(course.id)]["assigned"] == after


def test_hr_import_naming_a_new_manager_assigns_the_courses_of_a_manager_rule(
    org: Any, course: Any
) -> None:
    manager_rule(org, course)
    report = run_import(
        hr_import.parse(
            csv_bytes([
                [*HEADER, "Chefens e-post"],
                ["3003", "Ny Lärare", "ny@example.org", "Utbildningsförvaltningen", "Grundskolor",
                 "Lärare", "norr@example.org"],
            ])
        ),
        actor=org.admin,
        apply=True,
    )  # fmt: skip
    assert report.ok, report.errors
    db.session.commit()
    assert assignment_of(org.other_staff, course) is not None


def test_merging_a_unit_moves_its_rule_and_its_people_statuses_to_the_target(
    org: Any, course: Any
) -> None:
    data = assign.RuleInput(
        course=course, scope=RuleScope.UNIT, due_days=30, mandatory=True, unit=org.norr
    )
    rule, _ = assign.create_rule(data, org.coordinator)
    db.session.commit()
    services.merge_units(org.norr, org.soder, org.admin)
    db.session.commit()
    db.session.expire_all()
    assert rule.unit_id == org.soder.id
    row = factories.status_row(org.other_staff, course)
    assert row is not None and (row.unit_id, row.assigned) == (org.soder.id, True)
    below = subtrees.units_below(org.schools)  # Norrskolan is gone; Söderskolan holds all three
    assert [u.name for u in below.units] == ["Söderskolan"]
    assert below.cells[(org.soder.id, course.id)].assigned == 3


def test_a_reactivated_person_comes_back_into_the_overview(org: Any, course: Any) -> None:
    department_rule(org, course, org.school_dept)
    before = figures.department_cells()[(org.school_dept.id, course.id)].assigned
    services.set_active(org.other_staff, False, org.admin)
    db.session.commit()
    services.set_active(org.other_staff, True, org.admin)
    db.session.commit()
    assert figures.department_cells()[(org.school_dept.id, course.id)].assigned == before
