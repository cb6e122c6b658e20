from __future__ import annotations

from sqlalchemy import func, select

from learnapp.courses.models import Lesson
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.training.models import Assignment, AssignmentRule, CourseStatus, RuleScope
from tests import factories
from tests.factories import status_of


def test_refresh_command_prints_what_changed(runner, org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=1)
    db.session.execute(
        Assignment.__table__.update().values(due_on=utcnow().date().replace(year=2000))
    )
    db.session.execute(
        CourseStatus.__table__.update().values(due_on=utcnow().date().replace(year=2000))
    )
    db.session.commit()
    result = runner.invoke(args=["training", "refresh"])
    assert result.exit_code == 0 and "overdue: 6" in result.output
    assert status_of(org.staff, course) == "overdue"


def test_refresh_command_twice_changes_nothing_the_second_time(runner, org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    runner.invoke(args=["training", "refresh"])
    assert "No status changed." in runner.invoke(args=["training", "refresh"]).output


def test_demo_without_courses_adds_nothing(runner, org):
    result = runner.invoke(args=["training", "demo"])
    assert result.exit_code == 0 and "nothing was added" in result.output


def demo_org(org):
    """The demo's names: a coordinator, medarbetare@ and a colleague in the same unit."""
    org.coordinator.email = "samordnare@example.org"
    factories.person(org.soder, email="medarbetare@example.org", is_key_person=True)
    factories.person(org.soder, name="Kollega", email="kollega@example.org")
    course = factories.course("vbe-grunder", lessons=2, validity_months=24)
    db.session.commit()
    return course


def test_demo_assigns_the_basics_course_to_the_schools_key_persons(runner, org):
    course = demo_org(org)
    result = runner.invoke(args=["training", "demo"])
    assert result.exit_code == 0, result.output
    rule = db.session.scalars(select(AssignmentRule)).one()
    assert (rule.course_id, rule.scope, rule.department_id) == (
        course.id,
        RuleScope.KEY_PERSONS.value,
        org.school_dept.id,
    )


def test_demo_gives_the_staff_member_an_overdue_colleague(runner, org):
    course = demo_org(org)
    runner.invoke(args=["training", "demo"])
    colleague = db.session.scalars(
        select(CourseStatus).where(
            CourseStatus.course_id == course.id, CourseStatus.status == "overdue"
        )
    ).all()
    assert [c.unit_id for c in colleague] == [org.soder.id]


def test_demo_twice_adds_nothing(runner, org):
    demo_org(org)
    runner.invoke(args=["training", "demo"])
    before = db.session.scalar(select(func.count(Assignment.id)))
    runner.invoke(args=["training", "demo"])
    assert db.session.scalar(select(func.count(Assignment.id))) == before
    assert db.session.scalar(select(func.count(Lesson.id))) == 2


def test_demo_completions_get_certificate_codes_from_the_quizzes_feature(runner, org):
    from learnapp.quizzes.models import Completion
    from learnapp.quizzes.services import CODE_ALPHABET, CODE_LENGTH, add_months

    demo_org(org)
    runner.invoke(args=["training", "demo"])
    completion = db.session.scalars(select(Completion)).one()
    assert len(completion.code) == CODE_LENGTH and set(completion.code) <= set(CODE_ALPHABET)
    assert completion.expires_at == add_months(completion.completed_at, 24)
