"""The naming rules of the organisation: one service (org.services) and the database agree.

A department's name and code, and a unit's name among its siblings (top-level units included),
are unique regardless of case, Å/Ä/Ö too, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from learnapp.extensions import db
from learnapp.org import services
from learnapp.org.models import Department, Unit
from learnapp.org.services import NameTaken


def test_a_department_name_or_code_differing_only_in_case_is_taken(org: Any) -> None:
    with pytest.raises(NameTaken) as error:
        services.create_department("UTBILDNINGSFÖRVALTNINGEN", "new")
    assert error.value.fields == ["name"]
    with pytest.raises(NameTaken) as error:
        services.create_department("Ny förvaltning", "utb")
    assert error.value.fields == ["code"]
    services.create_department("Ny förvaltning", "NY")


def test_a_top_level_unit_name_is_unique_in_its_department(org: Any) -> None:
    with pytest.raises(NameTaken):
        services.create_unit("grundskolor", org.school_dept)
    other = services.create_department("Socialförvaltningen x", "SOCX")
    services.create_unit("Grundskolor", other)  # another department: allowed


def test_a_unit_name_is_unique_among_its_siblings_in_swedish_case(org: Any) -> None:
    schools = org.schools
    with pytest.raises(NameTaken):
        services.create_unit("SÖDERSKOLAN", org.school_dept, schools)
    services.create_unit("Söderskolan", org.school_dept, org.soder)  # a child: allowed


def test_renaming_and_moving_keep_the_rule(org: Any) -> None:
    norr = org.norr
    with pytest.raises(NameTaken):
        services.rename_unit(norr, "söderskolan")
    services.rename_unit(norr, "Norrskolan Ö")
    twin = services.create_unit("Söderskolan", org.school_dept)  # at the top: no clash
    with pytest.raises(NameTaken):
        services.move_unit(twin, org.schools)
    dept = org.school_dept
    services.create_department("Kulturförvaltningen", "KUL")
    with pytest.raises(NameTaken) as error:
        services.rename_department(dept, "kulturförvaltningen", "kul")
    assert error.value.fields == ["name", "code"]


@pytest.mark.parametrize(
    "values",
    [
        {"name": "grundskolor", "parent_id": None},  # at the top: NULL parents clash too
        {"name": "NORRSKOLAN", "parent_id": "schools"},
    ],
)
def test_the_database_refuses_what_the_service_would(org: Any, values: dict[str, Any]) -> None:
    parent_id = org.schools.id if values["parent_id"] == "schools" else None
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            insert(Unit).values(
                name=values["name"], department_id=org.school_dept.id, parent_id=parent_id, path=""
            )
        )


def test_the_database_refuses_a_department_name_in_other_case(org: Any) -> None:
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(insert(Department).values(name="utbildningsFÖRVALTNINGEN", code="Z"))
