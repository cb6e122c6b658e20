"""The coordinator's start page: active people and key persons per department, and the totals."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.home.services import organisation
from learnapp.org.models import Person, Unit
from tests import factories


def test_the_counts_leave_out_the_inactive_and_count_those_without_a_unit(org: Any) -> None:
    factories.person(org.soder, is_key_person=True, key_function="Skyddsombud")
    factories.person(org.norr).active = False
    factories.person(None)  # no unit: in the total, in no department
    db.session.commit()
    counted = organisation()
    school = next(d for d in counted.departments if d.id == org.school_dept.id)
    in_school = (
        select(func.count(Person.id))
        .join(Unit, Unit.id == Person.unit_id)
        .where(Unit.department_id == org.school_dept.id, Person.active)
    )
    assert school.people == db.session.scalar(in_school)
    assert school.key_persons == db.session.scalar(in_school.where(Person.is_key_person))
    assert counted.totals["people"] == db.session.scalar(
        select(func.count(Person.id)).where(Person.active)
    )
    assert counted.totals["inactive"] == 1
    assert counted.totals["units"] == db.session.scalar(select(func.count(Unit.id)))
    assert [d.name for d in counted.departments] == sorted(d.name for d in counted.departments)


def test_the_coordinator_sees_them_on_the_start_page(client: Any, login: Any, org: Any) -> None:
    login(org.coordinator)
    text = re.sub(r"<[^>]+>|\s+", " ", client.get("/").get_data(as_text=True))
    school = next(d for d in organisation().departments if d.id == org.school_dept.id)
    assert re.search(rf"{org.school_dept.name}\s+{school.people}\s+{school.key_persons}", text)
