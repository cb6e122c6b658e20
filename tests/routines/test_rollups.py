"""The trigger-kept rollup equals a GROUP BY over the status rows after every kind of write."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from learnapp import signals
from learnapp.admin import services as admin_services
from learnapp.extensions import db
from learnapp.routines import rollups, services
from learnapp.routines.models import RoutineStatus
from learnapp.routines.rollups import RoutineStatusCount
from tests import factories
from tests.routines.conftest import edit, publish


def _agree() -> None:
    db.session.expire_all()
    assert rollups.differences() == []


def test_the_rollup_follows_publish_acknowledge_people_and_scope(
    org: Any, make_routine: Any
) -> None:
    school = make_routine(org.school_dept)
    _agree()
    everyone = make_routine(None, title="Hela kommunen")
    _agree()
    services.acknowledge(school, services.current_version(school).id, org.staff)
    services.acknowledge(everyone, services.current_version(everyone).id, org.social_staff)
    db.session.commit()
    _agree()
    edit(school, org.coordinator, school.draft_body + "\nStavfel.\n")
    publish(school, org.coordinator, major=False)
    _agree()
    edit(school, org.coordinator, school.draft_body + "\nNytt steg.\n")
    publish(school, org.coordinator, major=True)  # everyone pending again
    _agree()
    newcomer = factories.person(org.norr)
    signals.person_changed.send(person=newcomer, created=True, moved=False, deactivated=False)
    db.session.commit()
    _agree()
    org.other_staff.unit = org.social
    signals.person_changed.send(
        person=org.other_staff, created=False, moved=True, deactivated=False
    )
    db.session.commit()
    _agree()
    admin_services.set_active(org.manager, False, org.admin)
    db.session.commit()
    _agree()
    services.set_scope(school, org.school_dept, [org.norr], org.coordinator)
    db.session.commit()
    _agree()
    services.set_scope(school, org.social_dept, [], org.coordinator)
    db.session.commit()
    _agree()


def test_the_rollup_follows_a_unit_moved_to_another_department(org: Any, make_routine: Any) -> None:
    routine = make_routine(org.school_dept)
    target = factories.unit(org.social_dept, "Ny enhet")
    admin_services.relocate_unit(org.norr, target, org.admin)
    db.session.commit()
    _agree()
    assert org.other_staff.id not in set(
        db.session.scalars(
            select(RoutineStatus.person_id).where(RoutineStatus.routine_id == routine.id)
        )
    )


def test_the_department_counts_come_from_the_rollup(org: Any, make_routine: Any) -> None:
    routine = make_routine(org.school_dept)
    services.acknowledge(routine, services.current_version(routine).id, org.staff)
    db.session.commit()
    counts = {
        (r.department_id, r.status): r.n
        for r in db.session.scalars(
            select(RoutineStatusCount).where(RoutineStatusCount.routine_id == routine.id)
        )
    }
    assert counts == {(org.school_dept.id, "acknowledged"): 1, (org.school_dept.id, "pending"): 2}


def test_rebuild_recounts_from_the_status_rows(org: Any, make_routine: Any) -> None:
    make_routine(org.school_dept)
    db.session.execute(RoutineStatusCount.__table__.delete())
    assert rollups.differences() != []
    rollups.rebuild()
    _agree()
