"""An HR import sends as many SQL statements for 200 rows as for 20 (issue 15, point 2).

The rules, scopes and stored copies of the people a file creates, moves, reactivates or
deactivates are written for the whole file at once, in a fixed number of set-based statements per
active rule. Before, each person cost about 30 statements per file. The file of 20 rows and the
file of 200 rows name the same units and the same kinds of change; only the number of rows
differs. Not timed: the counts are the measure (the times are in `bench/`).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from learnapp.admin import hr_import
from learnapp.admin.people_import import run_import
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from learnapp.training import assign, rollups
from learnapp.training.models import Assignment, CourseStatus, RuleScope
from tests import factories
from tests.admin import hrdata
from tests.conftest import Org
from tests.querycount import Statements, count_statements

UNITS = ["Grundskolor > Söderskolan", "Grundskolor > Norrskolan", "Grundskolor"]


@pytest.fixture
def rules(org: Org) -> None:
    """Rules of every scope, so that each kind of rule is applied to the imported people."""
    courses = [factories.course(f"kurs-{i}") for i in range(5)]
    scopes: list[tuple[RuleScope, dict[str, Any]]] = [
        (RuleScope.EVERYONE, {}),
        (RuleScope.DEPARTMENT, {"department": org.school_dept}),
        (RuleScope.UNIT, {"unit": org.soder}),
        (RuleScope.KEY_PERSONS, {"department": org.school_dept}),
        (RuleScope.ROLE, {"role": Role.MANAGER.value}),
    ]
    for course, (scope, extra) in zip(courses, scopes, strict=True):
        data = assign.RuleInput(course=course, scope=scope, due_days=30, mandatory=True, **extra)
        assign.create_rule(data, org.admin)
    db.session.commit()


def row(n: int, unit: int = 0, key: bool = False, manager: str = "") -> dict[str, str]:
    return {
        "Anställningsnummer": str(50000 + n),
        "Förnamn": "Åsa",
        "Efternamn": f"Öberg {n}",
        "E-post": f"p{n}@kommun.example",
        "Förvaltning": "Utbildningsförvaltningen",
        "Enhet": UNITS[unit % len(UNITS)],
        "Befattning": "Lärare",
        "Nyckelperson": "ja" if key else "nej",
        "Funktion": "",
        "Chefens e-post": manager,
    }


def new_people(first: int, count: int) -> list[dict[str, str]]:
    """`count` new people; the first of them manages the units of the others."""
    boss = f"p{first}@kommun.example"
    return [row(first, 2)] + [
        row(n, n, key=n % 4 == 0, manager=boss) for n in range(first + 1, first + count)
    ]


def imported(rows: list[dict[str, str]], **options: Any) -> Statements:
    """Apply a file of `rows` as the command does; the statements it sent."""
    data = hrdata.to_csv(rows)
    db.session.remove()  # each import starts with an empty session, as a command does
    with count_statements() as seen:
        report = run_import(hr_import.parse(data), actor=None, apply=True, **options)
        db.session.commit()
    assert report.applied, report.errors
    return seen


def active_assignments() -> int:
    stmt = select(func.count()).select_from(Assignment).where(Assignment.withdrawn_at.is_(None))
    return db.session.scalar(stmt) or 0


def test_importing_new_people_costs_the_same_statements_for_200_rows_as_for_20(
    org: Org, rules: None
) -> None:
    soder_id = org.soder.id
    small = imported(new_people(0, 20))
    assert active_assignments() > 20 * 2  # the rules reached them
    large = imported(new_people(1000, 200))
    assert len(large) == len(small), f"20 rows:\n{small}\n\n200 rows:\n{large}"
    assert rollups.differences() == []
    # Each new person holds exactly the courses their rules give.
    everyone = db.session.scalar(select(func.count()).select_from(Person)) or 0
    per_rule = db.session.execute(
        select(Assignment.rule_id, func.count())
        .where(Assignment.withdrawn_at.is_(None))
        .group_by(Assignment.rule_id)
        .order_by(Assignment.rule_id)
    ).all()
    counts = [n for _, n in per_rule]
    soder = db.session.scalar(
        select(func.count()).select_from(Person).where(Person.unit_id == soder_id)
    )
    assert counts[0] == everyone
    assert counts[2] == soder
    assert counts[4] == 3  # the two managers from the files and the org's manager


def changed(rows: list[dict[str, str]], picked: range) -> list[dict[str, str]]:
    """Move, rename, flip the key-person flag of, and drop (a leaver) a quarter each of `picked`."""
    out = {r["E-post"]: dict(r) for r in rows}
    emails = [rows[i]["E-post"] for i in picked]
    quarter = len(emails) // 4
    for k, email in enumerate(emails):
        r = out[email]
        if k < quarter:
            r["Enhet"] = UNITS[(UNITS.index(r["Enhet"]) + 1) % len(UNITS)]
        elif k < 2 * quarter:
            r["Efternamn"] += "-Ek"
        elif k < 3 * quarter:
            r["Nyckelperson"] = "nej" if r["Nyckelperson"] == "ja" else "ja"
        else:
            del out[email]
    return list(out.values())


def test_a_reimport_costs_the_same_statements_for_200_changes_as_for_20(
    org: Org, rules: None
) -> None:
    base = new_people(0, 500)
    imported(base)
    first = changed(base, range(1, 21))
    small = imported(first, deactivate_missing=True)
    withdrawn_before = db.session.scalar(
        select(func.count()).select_from(Assignment).where(Assignment.withdrawn_at.is_not(None))
    )
    assert withdrawn_before  # the moved out of Söderskolan lost its rule's course
    large = imported(changed(first, range(30, 230)), deactivate_missing=True)
    assert len(large) == len(small), f"20 changes:\n{small}\n\n200 changes:\n{large}"
    assert rollups.differences() == []
    # The leavers' rows left the reports; the movers' rows carry their new unit.
    stale = db.session.scalar(
        select(func.count())
        .select_from(CourseStatus)
        .join(Person, Person.id == CourseStatus.person_id)
        .where(
            (CourseStatus.unit_id != Person.unit_id) & Person.active
            | CourseStatus.unit_id.is_not(None) & ~Person.active
        )
    )
    assert stale == 0


def in_new_units(first: int, areas: int, below: int) -> list[dict[str, str]]:
    """One person per unit of a new department: `areas` top units named alone, each with
    `below` units under it named by path."""
    rows = []
    for a in range(areas):
        for b in range(below + 1):
            unit = f"Område {a}" + (f" > Enhet {a}.{b}" if b else "")
            rows.append(
                row(first + len(rows), 0) | {"Förvaltning": "Kulturförvaltningen"} | {"Enhet": unit}
            )
    return rows


def test_creating_the_units_a_file_names_costs_the_same_statements_for_50_as_for_4(
    org: Org,
) -> None:
    from learnapp.org.models import Department, Unit
    from learnapp.training import tree_counts

    small = imported(in_new_units(0, 2, 1), create_units=True)
    db.session.execute(Person.__table__.delete().where(Person.email.like("p%@kommun.example")))
    for table in (Unit, Department):
        db.session.execute(
            table.__table__.delete().where(
                table.id.in_(
                    select(Department.id).where(Department.name == "Kulturförvaltningen")
                    if table is Department
                    else select(Unit.id)
                    .join(Department)
                    .where(Department.name == "Kulturförvaltningen")
                )
            )
        )
    db.session.commit()
    large = imported(in_new_units(100, 10, 4), create_units=True)
    assert len(large) == len(small), f"4 units:\n{small}\n\n50 units:\n{large}"
    culture = db.session.scalar(select(Department).where(Department.name == "Kulturförvaltningen"))
    assert culture is not None
    units = {
        u.name: u for u in db.session.scalars(select(Unit).where(Unit.department_id == culture.id))
    }
    assert len(units) == 50
    assert units["Enhet 3.2"].parent_id == units["Område 3"].id
    assert units["Enhet 3.2"].path == f"/{units['Område 3'].id}/{units['Enhet 3.2'].id}/"
    assert units["Område 3"].parent_id is None
    placed = db.session.scalar(
        select(Unit.name)
        .join(Person, Person.unit_id == Unit.id)
        .where(Person.email == "p103@kommun.example")
    )
    assert placed == "Enhet 0.3"
    assert tree_counts.differences() == []
