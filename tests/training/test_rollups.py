"""The trigger-kept rollups agree with the status rows and completions after every kind of write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from learnapp.admin import services as admin_services
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.training import assign, figures, rollups, status
from learnapp.training.models import RuleScope
from learnapp.training.rollups import StatusCount
from tests.training.conftest import complete, read_lesson


def _agree() -> None:
    db.session.expire_all()
    assert rollups.differences() == []


def test_rollups_follow_rules_lessons_completions_and_people(
    org: Any, course: Any, make_rule: Any
) -> None:
    rule = make_rule(RuleScope.EVERYONE)
    key_rule = make_rule(RuleScope.KEY_PERSONS, mandatory=False)
    _agree()
    read_lesson(org.staff, course.lessons[0])
    _agree()
    complete(org.other_staff, course)
    _agree()
    admin_services.set_active(org.social_staff, False, org.admin)  # leaves every report
    db.session.commit()
    _agree()
    assign.remove_rule(key_rule)
    assign.remove_rule(rule)
    db.session.commit()
    _agree()
    status.refresh(utcnow() + timedelta(days=400))  # overdue and expired by the date
    db.session.commit()
    _agree()


def test_the_overview_cell_counts_from_the_rollup(org: Any, course: Any, make_rule: Any) -> None:
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course)
    cell = figures.department_cells()[(org.school_dept.id, course.id)]
    assert (cell.assigned, cell.completed) == (3, 1)  # manager, staff, other staff
    assert db.session.query(StatusCount).count() > 0


def test_a_deactivated_person_leaves_the_department_counts(
    org: Any, course: Any, make_rule: Any
) -> None:
    make_rule(RuleScope.EVERYONE)
    before = figures.department_cells()[(org.social_dept.id, course.id)].assigned
    admin_services.set_active(org.social_staff, False, org.admin)
    db.session.commit()
    after = figures.department_cells().get((org.social_dept.id, course.id))
    assert before == 1  # the social department's one person
    assert after is None  # no one left there to count


def test_completions_per_month_count_each_completion_in_its_month(org: Any, course: Any) -> None:
    march = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)
    complete(org.staff, course, at=march)
    complete(org.other_staff, course, at=march + timedelta(days=1))
    months = dict(figures.completions_per_month(datetime(2026, 1, 1, tzinfo=UTC)))
    assert months == {"2026-03": 2}
    _agree()


def test_rebuild_recounts_from_the_source_rows(org: Any, course: Any, make_rule: Any) -> None:
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course)
    db.session.execute(StatusCount.__table__.delete())
    assert rollups.differences() != []
    rollups.rebuild()
    _agree()
