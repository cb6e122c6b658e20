"""The counters per unit subtree agree with the status rows and the unit tree after every write."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from learnapp.admin import services as admin_services
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.training import assign, status, subtrees, tree_counts
from learnapp.training.models import RuleScope
from learnapp.training.tree_counts import TreeStatusCount, UnitAncestor
from tests import factories
from tests.training.conftest import complete, read_lesson


def _agree() -> None:
    db.session.flush()
    db.session.expire_all()
    assert tree_counts.differences() == []


def test_a_new_unit_has_itself_and_every_unit_above_it_as_ancestors(org: Any) -> None:
    klass = factories.unit(org.school_dept, "Klass 7A", parent=org.soder)
    db.session.flush()
    ancestors = set(
        db.session.scalars(select(UnitAncestor.ancestor_id).where(UnitAncestor.unit_id == klass.id))
    )
    assert ancestors == {klass.id, org.soder.id, org.schools.id}
    _agree()


def test_counters_follow_rules_lessons_completions_people_and_units(
    org: Any, course: Any, make_rule: Any
) -> None:
    rule = make_rule(RuleScope.EVERYONE)
    key_rule = make_rule(RuleScope.KEY_PERSONS, mandatory=False)
    _agree()
    cells = subtrees.subtree_cells([org.schools.id])
    assert (
        cells[(org.schools.id, course.id)].assigned,
        cells[(org.schools.id, course.id)].completed,
    ) == (3, 0)
    read_lesson(org.staff, course.lessons[0])
    complete(org.other_staff, course)
    _agree()
    cells = subtrees.subtree_cells([org.schools.id, org.norr.id, org.soder.id])
    assert cells[(org.schools.id, course.id)].completed == 1
    assert cells[(org.norr.id, course.id)].completed == 1
    assert cells[(org.soder.id, course.id)].completed == 0
    # A unit made below another, a person moved into it, then the unit moved with its people.
    klass = factories.unit(org.school_dept, "Klass 7A", parent=org.soder)
    newcomer = factories.person(klass, name="Ny lärare")
    db.session.commit()
    assign.people_changed([newcomer.id])
    db.session.commit()
    _agree()
    admin_services.relocate_unit(klass, org.norr, org.admin)
    db.session.commit()
    _agree()
    assert subtrees.subtree_cells([org.soder.id])[(org.soder.id, course.id)].assigned == 2
    assert subtrees.subtree_cells([org.norr.id])[(org.norr.id, course.id)].assigned == 2
    admin_services.relocate_unit(org.norr, None, org.admin)  # to the top of the department
    db.session.commit()
    _agree()
    admin_services.merge_units(org.norr, org.soder, org.admin)
    db.session.commit()
    _agree()
    admin_services.set_active(org.social_staff, False, org.admin)
    db.session.commit()
    _agree()
    status.refresh(utcnow() + timedelta(days=400))  # overdue and expired by the date
    db.session.commit()
    _agree()
    assign.remove_rule(key_rule)
    assign.remove_rule(rule)
    db.session.commit()
    _agree()


def test_rebuild_recounts_the_same_counters(org: Any, course: Any, make_rule: Any) -> None:
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course)
    db.session.flush()
    before = {
        (r.unit_id, r.course_id, r.is_key_person, r.status): r.n
        for r in db.session.scalars(select(TreeStatusCount).where(TreeStatusCount.n != 0))
    }
    tree_counts.rebuild()
    _agree()
    after = {
        (r.unit_id, r.course_id, r.is_key_person, r.status): r.n
        for r in db.session.scalars(select(TreeStatusCount))
    }
    assert before == after and before
