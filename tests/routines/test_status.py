"""The stored acknowledgement status: who a routine applies to, and what each event changes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from learnapp.admin import services as admin_services
from learnapp.extensions import db
from learnapp.routines import services, status
from learnapp.routines.models import AckStatus, RoutineAcknowledgement, RoutineStatus
from learnapp.routines.services import RoutineError
from tests import factories
from tests.routines.conftest import edit, publish


def _rows(routine: Any) -> dict[int, str]:
    db.session.expire_all()
    return dict(
        db.session.execute(
            select(RoutineStatus.person_id, RoutineStatus.status).where(
                RoutineStatus.routine_id == routine.id
            )
        ).all()
    )


def test_a_draft_applies_to_nobody(org: Any, make_routine: Any) -> None:
    routine = make_routine(org.school_dept, published=False)
    assert _rows(routine) == {}
    assert not status.applies_to(routine, org.staff)


def test_a_department_routine_applies_to_the_active_people_of_its_units(
    org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    assert set(_rows(routine)) == {org.manager.id, org.staff.id, org.other_staff.id}
    assert set(_rows(routine).values()) == {AckStatus.PENDING.value}


def test_the_organisations_routine_applies_to_every_active_person(
    org: Any, make_routine: Any
) -> None:
    routine = make_routine(None)
    everyone = {
        org.manager.id,
        org.staff.id,
        org.other_staff.id,
        org.social_staff.id,
        org.coordinator.id,
        org.admin.id,
    }
    assert set(_rows(routine)) == everyone


def test_a_routine_narrowed_to_units_applies_to_their_subtrees_only(
    org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, units=[org.soder])
    assert set(_rows(routine)) == {org.manager.id, org.staff.id}


def test_units_of_another_department_cannot_narrow_a_routine(org: Any, make_routine: Any) -> None:
    with pytest.raises(RoutineError) as error:
        make_routine(org.school_dept, units=[org.social])
    assert error.value.code == "unit_outside_department"


def test_acknowledging_the_current_version_is_stored_with_version_and_time(
    org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    version = services.current_version(routine)
    services.acknowledge(routine, version.id, org.staff)
    db.session.commit()
    ack = db.session.scalar(select(RoutineAcknowledgement))
    assert (ack.person_id, ack.version_number, ack.version_id) == (org.staff.id, 1, version.id)
    assert ack.acknowledged_at is not None
    assert _rows(routine)[org.staff.id] == AckStatus.ACKNOWLEDGED.value


def test_a_minor_version_keeps_acknowledgements_and_a_major_one_asks_again(
    org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    services.acknowledge(routine, services.current_version(routine).id, org.staff)
    db.session.commit()
    edit(routine, org.coordinator, routine.draft_body + "\nStavfel rättat.\n")
    publish(routine, org.coordinator, major=False, note="Stavfel")
    assert routine.published_version == 2
    assert _rows(routine)[org.staff.id] == AckStatus.ACKNOWLEDGED.value
    edit(routine, org.coordinator, routine.draft_body + "\nNy kontaktväg.\n")
    publish(routine, org.coordinator, major=True, note="Ny kontaktväg")
    assert _rows(routine)[org.staff.id] == AckStatus.PENDING.value
    row = db.session.get(RoutineStatus, (org.staff.id, routine.id))
    assert row.acknowledged_version == 1


def test_acknowledging_an_old_version_is_refused_and_writes_nothing(
    org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    old = services.current_version(routine)
    edit(routine, org.coordinator, routine.draft_body + "\nÄndrat.\n")
    publish(routine, org.coordinator, major=True)
    with pytest.raises(RoutineError) as error:
        services.acknowledge(routine, old.id, org.staff)
    assert error.value.code == "old_version"
    db.session.rollback()
    assert db.session.scalar(select(RoutineAcknowledgement)) is None


def test_acknowledging_a_routine_that_does_not_apply_is_refused(
    org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept)
    with pytest.raises(RoutineError) as error:
        services.acknowledge(routine, services.current_version(routine).id, org.social_staff)
    assert error.value.code == "not_applicable"


def test_a_person_who_moves_department_moves_between_routines(org: Any, make_routine: Any) -> None:
    school = make_routine(org.school_dept)
    social = make_routine(org.social_dept)
    org.staff.unit = org.social
    db.session.flush()
    from learnapp import signals

    signals.person_changed.send(person=org.staff, created=False, moved=True, deactivated=False)
    db.session.commit()
    assert org.staff.id not in _rows(school)
    assert _rows(social)[org.staff.id] == AckStatus.PENDING.value


def test_a_person_who_joins_gets_the_routines_and_one_who_leaves_loses_them(
    org: Any, make_routine: Any
) -> None:
    from learnapp import signals

    routine = make_routine(org.school_dept)
    newcomer = factories.person(org.norr, name="Ny Lärare")
    signals.person_changed.send(person=newcomer, created=True, moved=False, deactivated=False)
    db.session.commit()
    assert _rows(routine)[newcomer.id] == AckStatus.PENDING.value
    admin_services.set_active(org.other_staff, False, org.admin)
    db.session.commit()
    assert org.other_staff.id not in _rows(routine)


def test_someone_who_moves_back_keeps_their_earlier_acknowledgement(
    org: Any, make_routine: Any
) -> None:
    from learnapp import signals

    routine = make_routine(org.school_dept)
    services.acknowledge(routine, services.current_version(routine).id, org.staff)
    for unit in (org.social, org.soder):
        org.staff.unit = unit
        db.session.flush()
        signals.person_changed.send(person=org.staff, created=False, moved=True, deactivated=False)
    db.session.commit()
    assert _rows(routine)[org.staff.id] == AckStatus.ACKNOWLEDGED.value
