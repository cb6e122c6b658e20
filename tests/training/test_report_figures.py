"""Report figures computed in SQL, checked by hand on a small organisation."""

from __future__ import annotations

from datetime import timedelta

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.training import figures, status, subtrees
from learnapp.training.models import RuleScope
from tests import factories
from tests.training.conftest import complete, days


def small_org(org, course, make_rule):
    """School: staff (key, completed), other_staff (key, overdue), manager (not key, completed).
    Social: social_staff (not key, in progress... nothing) and a key person who completed."""
    org.other_staff.is_key_person = True
    key_social = factories.person(org.social, is_key_person=True)
    db.session.commit()
    make_rule(RuleScope.EVERYONE, due_days=5)
    complete(org.staff, course)
    complete(org.manager, course)
    complete(key_social, course)
    status.refresh(now=utcnow() + days(6))
    db.session.commit()
    return key_social


def test_department_cells_count_assigned_completed_and_key_persons(org, course, make_rule):
    small_org(org, course, make_rule)
    cell = figures.department_cells()[(org.school_dept.id, course.id)]
    assert (cell.assigned, cell.completed, cell.overdue) == (3, 2, 1)
    assert (cell.key_assigned, cell.key_completed) == (2, 1)
    assert cell.share == 2 / 3 and cell.key_share == 0.5


def test_recommended_courses_are_not_in_the_status_report(org, course, make_rule):
    make_rule(RuleScope.EVERYONE, mandatory=False)
    assert figures.mandatory_courses() == []


def test_deactivated_people_are_not_counted(org, course, make_rule):
    small_org(org, course, make_rule)
    org.other_staff.active = False
    from learnapp import signals

    signals.person_changed.send(
        person=org.other_staff, created=False, moved=False, deactivated=True
    )
    db.session.commit()
    cell = figures.department_cells()[(org.school_dept.id, course.id)]
    assert (cell.assigned, cell.overdue, cell.key_assigned) == (2, 0, 1)


def test_units_are_counted_with_the_units_below_them(org, course, make_rule):
    fritids = factories.unit(org.school_dept, "Söder fritids", parent=org.soder)
    factories.person(fritids, name="Fritidspedagog")  # assigned, never done: overdue
    small_org(org, course, make_rule)

    top = subtrees.top_units(org.school_dept)
    assert [u.name for u in top.units] == ["Grundskolor"]
    cell = top.cells[(org.schools.id, course.id)]
    assert (cell.assigned, cell.completed, cell.overdue) == (4, 2, 2)
    assert (cell.key_assigned, cell.key_completed) == (2, 1)

    below = subtrees.units_below(org.schools)
    assert [u.name for u in below.units] == ["Norrskolan", "Söderskolan"]
    assert [c.id for c in below.courses] == [course.id]
    soder, norr = below.cells[(org.soder.id, course.id)], below.cells[(org.norr.id, course.id)]
    assert (soder.assigned, soder.completed, soder.overdue) == (3, 2, 1)  # with Söder fritids
    assert (norr.assigned, norr.completed, norr.overdue) == (1, 0, 1)
    assert [(u.name, cells) for u, cells in subtrees.units_below(fritids).rows()] == []


def test_completions_per_month_fill_empty_months(org, course):
    now = utcnow()
    complete(org.staff, course, at=now)
    complete(org.other_staff, course, at=now - timedelta(days=40))
    series = figures.month_series(
        figures.completions_per_month(now - timedelta(days=370)), now.date()
    )
    assert len(series) == 12 and series[-1] == (now.strftime("%Y-%m"), 1)
    assert sum(n for _m, n in series) == 2
