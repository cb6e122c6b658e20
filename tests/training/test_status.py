from __future__ import annotations

from learnapp import signals
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.quizzes.models import QuizAttempt
from learnapp.training import status
from learnapp.training.models import Assignment, CourseStatus, RuleScope
from tests import factories
from tests.factories import status_of
from tests.training.conftest import complete, days, read_lesson


def test_an_assigned_course_starts_not_started(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    assert status_of(org.staff, course) == "not_started"


def test_reading_a_lesson_makes_the_course_in_progress(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    read_lesson(org.staff, course.lessons[0])
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert (row.status, row.lessons_read, row.lessons_total) == ("in_progress", 1, 2)


def test_reading_a_lesson_of_an_unassigned_course_makes_it_in_progress(org, course):
    read_lesson(org.other_staff, course.lessons[0])
    row = db.session.get(CourseStatus, (org.other_staff.id, course.id))
    assert (row.status, row.assigned, row.department_id) == (
        "in_progress",
        False,
        org.school_dept.id,
    )


def test_a_submitted_quiz_makes_the_course_in_progress(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    attempt = QuizAttempt(
        person_id=org.staff.id, course_id=course.id, course_version=1, score=0.4, passed=False
    )
    db.session.add(attempt)
    db.session.flush()
    signals.quiz_submitted.send(person=org.staff, course=course, attempt=attempt)
    db.session.commit()
    assert status_of(org.staff, course) == "in_progress"


def test_a_completion_makes_the_course_completed(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course, expires=utcnow() + days(365), score=0.75)
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert (row.status, row.score) == ("completed", 0.75)


def test_refresh_makes_a_passed_due_date_overdue(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=10)
    result = status.refresh(now=utcnow() + days(11))
    db.session.commit()
    assert status_of(org.staff, course) == "overdue"
    assert result.changed == {"overdue": 6}  # everyone in the organisation


def test_refresh_before_the_due_date_changes_nothing(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=10)
    result = status.refresh(now=utcnow() + days(5))
    assert result.total == 0
    assert status_of(org.staff, course) == "not_started"


def test_refresh_is_idempotent(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=10)
    status.refresh(now=utcnow() + days(11))
    again = status.refresh(now=utcnow() + days(11))
    assert again.total == 0 and again.due_again == 0


def test_a_completed_course_is_never_overdue(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=10)
    complete(org.staff, course)
    status.refresh(now=utcnow() + days(11))
    db.session.commit()
    assert status_of(org.staff, course) == "completed"


def test_refresh_expires_an_unassigned_completion(org, course):
    complete(org.other_staff, course, expires=utcnow() + days(30))
    status.refresh(now=utcnow() + days(31))
    db.session.commit()
    assert status_of(org.other_staff, course) == "expired"


def test_expiry_makes_an_assigned_course_due_again(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=10)
    complete(org.staff, course, expires=utcnow() + days(100))
    later = utcnow() + days(101)
    result = status.refresh(now=later)
    db.session.commit()
    assert status_of(org.staff, course) == "expired"
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert row.due_on == later.date() + days(status.RECERTIFY_DAYS)
    assert result.due_again == 1


def test_an_expired_course_becomes_overdue_after_its_new_due_date(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=10)
    complete(org.staff, course, expires=utcnow() + days(100))
    status.refresh(now=utcnow() + days(101))
    status.refresh(now=utcnow() + days(101 + status.RECERTIFY_DAYS + 1))
    db.session.commit()
    assert status_of(org.staff, course) == "overdue"


def test_a_new_completion_after_expiry_completes_again(org, course):
    complete(org.staff, course, at=utcnow() - days(400), expires=utcnow() - days(35))
    status.refresh()
    complete(org.staff, course, expires=utcnow() + days(300))
    assert status_of(org.staff, course) == "completed"


def test_an_older_completion_does_not_replace_a_newer_one(org, course):
    complete(org.staff, course, score=0.9)
    complete(org.staff, course, at=utcnow() - days(300), score=0.5)
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert row.score == 0.9


def test_course_sync_updates_the_lesson_total(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    db.session.add(
        course.lessons[0].__class__(course_id=course.id, slug="x", position=3, title="X")
    )
    db.session.flush()
    signals.course_synced.send(course=course, previous_version=1)
    db.session.commit()
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert row.lessons_total == 3


def test_person_move_updates_the_copies(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    org.staff.unit_id = org.social.id
    signals.person_changed.send(person=org.staff, created=False, moved=True, deactivated=False)
    db.session.commit()
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert (row.unit_id, row.department_id) == (org.social.id, org.social_dept.id)


def test_a_deactivated_person_drops_out_of_reports(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    org.staff.active = False
    signals.person_changed.send(person=org.staff, created=False, moved=False, deactivated=True)
    db.session.commit()
    row = db.session.get(CourseStatus, (org.staff.id, course.id))
    assert (row.unit_id, row.department_id, row.is_key_person) == (None, None, False)


def test_status_rows_keep_assignments_history_of_a_deactivated_person(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    org.staff.active = False
    signals.person_changed.send(person=org.staff, created=False, moved=False, deactivated=True)
    db.session.commit()
    assert db.session.query(Assignment).filter_by(person_id=org.staff.id).count() == 1


def test_new_person_in_a_unit_gets_the_unit_rule(org, course, make_rule):
    make_rule(RuleScope.UNIT, unit=org.schools)
    newcomer = factories.person(org.soder)
    signals.person_changed.send(person=newcomer, created=True, moved=False, deactivated=False)
    db.session.commit()
    assert status_of(newcomer, course) == "not_started"


def test_an_overdue_course_becomes_completed_on_completion(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=1)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    complete(org.staff, course)
    assert status_of(org.staff, course) == "completed"


def test_a_course_in_progress_becomes_overdue_after_the_due_date(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, due_days=1)
    read_lesson(org.staff, course.lessons[0])
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    assert status_of(org.staff, course) == "overdue"
