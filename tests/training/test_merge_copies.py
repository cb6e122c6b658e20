"""The status rows' department copies follow the people when units change department: by a merge
(the merged unit's sub-units and the people below them move too) or by a move."""

from sqlalchemy import select

from learnapp.admin import services as admin_services
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from learnapp.training import figures, rollups
from learnapp.training.models import CourseStatus, RuleScope


def _stale() -> list[tuple[int, int | None, int]]:
    """Status rows whose department copy differs from the person's unit's department."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(CourseStatus.person_id, CourseStatus.department_id, Unit.department_id)
            .join(Person, Person.id == CourseStatus.person_id)
            .join(Unit, Unit.id == Person.unit_id)
            .where(CourseStatus.department_id != Unit.department_id)
        )
    ]


def test_merge_across_departments_moves_the_copies_of_the_people_below(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    assert _stale() == []
    # Grundskolor (school department; Söderskolan and Norrskolan below it, three people there)
    # into Barn och unga (social department).
    admin_services.merge_units(org.schools, org.social, org.admin)
    db.session.commit()
    db.session.expire_all()
    assert _stale() == []
    cells = figures.department_cells()
    assert cells.get((org.school_dept.id, course.id)) is None
    assert rollups.differences() == []


def test_relocate_across_departments_moves_the_copies(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    admin_services.relocate_unit(org.schools, org.social, org.admin)
    db.session.commit()
    db.session.expire_all()
    assert _stale() == []
