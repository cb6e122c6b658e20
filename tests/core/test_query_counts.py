"""Report and list pages send as many SQL statements for 1,000 people as for 10 (issue 9).

Each test builds an organisation of 10 people (two departments, a unit tree, key persons, four
courses with lessons assigned by four kinds of rule, lesson progress, completions, overdue
courses, an open needs inventory with answers), requests a page once to warm up and once counting statements, grows the
organisation to 1,000 people and counts again. A page whose count grows with the number of people
runs a query per person (N+1). Not timed: the counts are the measure.

The named people (org fixture and a manager of Grundskolor) go through the real services. The mass
goes in with bulk INSERTs; the rules reach it through `assign.apply_rule`, and its lesson progress
and completions are written as rows and then folded into the stored statuses set-based, as the
status engine's own bulk functions do.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from babel.numbers import format_decimal
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, insert, select, update

from learnapp.areas.models import CompetenceArea
from learnapp.areas.services import active_areas, seed_default_areas
from learnapp.courses.models import Course, LessonProgress
from learnapp.courses.services import record_view
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import (
    InventoryScope,
    Need,
    NeedsInventory,
    NeedsResponse,
    NeedsSubmission,
)
from learnapp.needs.services import (
    Answers,
    AreaAnswer,
    add_latecomers,
    create_inventory,
    open_inventory,
    save_answers,
)
from learnapp.org.models import Person, Unit
from learnapp.quizzes.models import Completion
from learnapp.quizzes.services import add_months, record_completion
from learnapp.training import assign, status
from learnapp.training.models import AssignmentRule, CourseStatus, RuleScope
from tests import factories
from tests.conftest import Login, Org
from tests.querycount import Statements, count_statements

SMALL = 10
LARGE = 1_000


@dataclass
class World:
    """The organisation the pages are measured on, and what it was built with."""

    org: Org
    vaster: Unit  # under Grundskolor
    family: Unit  # a second unit in the social department
    team_manager: Person  # manages Grundskolor: most of the people are below it
    courses: dict[str, Course]
    inventory: NeedsInventory
    areas: list[CompetenceArea]
    rules: list[tuple[AssignmentRule, datetime]] = field(default_factory=list)
    added: int = 0  # bulk people so far

    @property
    def mass_units(self) -> list[Unit]:
        """Where the bulk people go, in turn: six of eight below Grundskolor."""
        o = self.org
        return [o.soder, o.norr, self.vaster, o.soder, o.norr, self.vaster, o.social, self.family]


def _rule(world: World, course: str, scope: RuleScope, *, days_ago: int, **fields: Any) -> None:
    """A rule made through the real service, as if `days_ago` days ago (so some are overdue)."""
    now = utcnow() - timedelta(days=days_ago)
    data = assign.RuleInput(course=world.courses[course], scope=scope, **fields)
    rule, _added = assign.create_rule(data, world.org.coordinator, now=now)
    world.rules.append((rule, now))


def _answers(areas: list[CompetenceArea], need: Need) -> Answers:
    return Answers(areas={a.id: AreaAnswer(1 + a.id % 4, need, "") for a in areas})


@pytest.fixture
def world(org: Org) -> World:
    """The organisation with its named people only (see `grow` for the rest)."""
    f = factories
    seed_default_areas()
    areas = active_areas()
    by_code = {a.code: a for a in areas}
    courses = {
        "grunder": f.course("grunder", lessons=3, title="Grunder om extremism", validity_months=12),
        "signaler": f.course("signaler", lessons=2, title="Signaler på radikalisering"),
        "rutin": f.course("rutin", lessons=2, title="Rutinen vid signaler"),
        "barn": f.course("barn", lessons=2, title="Barnets bästa"),
    }
    for code, course in courses.items():
        course.areas = [by_code["barnets-basta" if code == "barn" else code]]
    vaster = f.unit(org.school_dept, "Västerskolan", parent=org.schools)
    family = f.unit(org.social_dept, "Familjestöd")
    team_manager = f.person(
        org.schools,
        name="Chef Grundskolor",
        email="grundskolor@example.org",
        password=f.PASSWORD,
        manages=[org.schools],
    )
    inventory = create_inventory(
        title="Behovsinventering 2026",
        description="",
        scope=InventoryScope.EVERYONE,
        opens_on=None,
        closes_on=None,
        departments=[],
        created_by=org.coordinator,
    )
    open_inventory(inventory, org.coordinator)
    w = World(org, vaster, family, team_manager, courses, inventory, areas)
    _rule(w, "grunder", RuleScope.EVERYONE, days_ago=60, due_days=30, mandatory=True)
    _rule(w, "signaler", RuleScope.KEY_PERSONS, days_ago=0, due_days=90, mandatory=True)
    _rule(w, "rutin", RuleScope.UNIT, unit=org.schools, days_ago=10, due_days=30, mandatory=False)
    social = org.social_dept
    _rule(
        w, "barn", RuleScope.DEPARTMENT, department=social, days_ago=0, due_days=60, mandatory=False
    )
    # The named people's progress, completions and answers through the real services.
    grunder = courses["grunder"]
    lessons = grunder.lessons
    record_view(org.staff, lessons[0])
    for lesson in lessons:
        record_view(org.other_staff, lesson)
    record_completion(org.other_staff, grunder, now=utcnow() - timedelta(days=5), score=0.9)
    save_answers(
        inventory, org.staff, _answers(areas, Need.GREAT), entered_by=org.staff, submit=True
    )
    save_answers(
        inventory,
        org.social_staff,
        _answers(areas, Need.SOME),
        entered_by=org.social_staff,
        submit=True,
    )
    db.session.commit()
    return w


def grow(world: World, total: int) -> None:
    """Add bulk people until `total` people are active; rules, progress and answers for them.

    Bulk person number i: unit `mass_units[i % 8]`, a key person when i % 10 == 0; when i % 4 == 0
    they have read every lesson of Grunder and completed it, when i % 4 == 1 read its first
    lesson; when i is even they have submitted the needs inventory.
    """
    have = db.session.scalar(select(func.count()).where(Person.active)) or 0
    numbers = range(world.added, world.added + total - have)
    world.added = numbers.stop
    now = utcnow()
    units = world.mass_units
    ids = db.session.scalars(
        insert(Person).returning(Person.id, sort_by_parameter_order=True),
        [
            {
                "name": f"Medarbetare {i:04d}",
                "email": f"medarbetare{i:04d}@example.org",
                "unit_id": units[i % len(units)].id,
                "is_key_person": i % 10 == 0,
                "key_function": "Rektor" if i % 10 == 0 else "",
                "job_title": "Lärare",
            }
            for i in numbers
        ],
    )
    people = list(zip(numbers, ids, strict=True))
    # The inventory asks whom it asked when it opened: the bulk people are added as latecomers.
    add_latecomers(world.inventory, world.org.coordinator)
    for rule, made_at in world.rules:
        assign.apply_rule(rule, now=made_at)

    grunder = world.courses["grunder"]
    lessons = grunder.lessons
    finished = [pid for i, pid in people if i % 4 == 0]
    started = [pid for i, pid in people if i % 4 == 1]
    read = [(pid, lesson) for pid in finished for lesson in lessons]
    read += [(pid, lessons[0]) for pid in started]
    db.session.execute(
        insert(LessonProgress),
        [
            {
                "person_id": pid,
                "lesson_id": lesson.id,
                "first_viewed_at": now,
                "last_viewed_at": now,
            }
            for pid, lesson in read
        ],
    )
    done_at = now - timedelta(days=3)
    expires = add_months(done_at, grunder.validity_months)
    db.session.execute(
        insert(Completion),
        [
            {
                "person_id": pid,
                "course_id": grunder.id,
                "course_version": grunder.version,
                "completed_at": done_at,
                "expires_at": expires,
                "score": 0.85,
                "code": f"BULK{pid:08d}",
            }
            for pid in finished
        ],
    )
    # What the lesson and completion events do to a status row, done for all the rows at once.
    status.update_lesson_counts(grunder.id)
    db.session.execute(
        update(CourseStatus)
        .where(CourseStatus.lessons_read > 0, CourseStatus.started_at.is_(None))
        .values(started_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(CourseStatus)
        .where(CourseStatus.course_id == grunder.id, CourseStatus.person_id.in_(finished))
        .values(completed_at=done_at, expires_at=expires, score=0.85)
        .execution_options(synchronize_session=False)
    )
    status.recompute(now=now)

    answering = [pid for i, pid in people if i % 2 == 0]
    inventory_id = world.inventory.id
    answered = {"entered_by_manager": False, "updated_at": now, "submitted_at": now}
    db.session.execute(
        insert(NeedsSubmission),
        [
            {"inventory_id": inventory_id, "person_id": pid, "entered_by_id": pid, **answered}
            for pid in answering
        ],
    )
    needs = [Need.GREAT.value, Need.SOME.value, Need.NONE.value]
    db.session.execute(
        insert(NeedsResponse),
        [
            {
                "inventory_id": inventory_id,
                "person_id": pid,
                "area_id": area.id,
                "knowledge": 1 + (pid + k) % 4,
                "need": needs[(pid + k) % 3],
                "entered_by_id": pid,
                **answered,
            }
            for pid in answering
            for k, area in enumerate(world.areas)
        ],
    )
    db.session.commit()


# --- what the pages show, to prove they show the large organisation -------------------------


def people(*where: Any) -> int:
    """Active people in units matching `where`."""
    stmt = select(func.count()).select_from(Person).join(Unit, Unit.id == Person.unit_id)
    return db.session.scalar(stmt.where(Person.active, *where)) or 0


def great_need(inventory: NeedsInventory, area: CompetenceArea) -> int:
    """Active people who submitted a great need in the area."""
    stmt = (
        select(func.count())
        .select_from(NeedsResponse)
        .join(Person, Person.id == NeedsResponse.person_id)
        .where(
            NeedsResponse.inventory_id == inventory.id,
            NeedsResponse.area_id == area.id,
            NeedsResponse.submitted_at.is_not(None),
            NeedsResponse.need == Need.GREAT.value,
            Person.active,
        )
    )
    return db.session.scalar(stmt) or 0


def units(*where: Any) -> int:
    """Units matching `where`."""
    return db.session.scalar(select(func.count(Unit.id)).where(*where)) or 0


def fmt(n: int) -> str:
    """A number as the Swedish pages write it ("1 000")."""
    return format_decimal(n, locale="sv")


def text_of(body: bytes) -> str:
    """The words of a page, CSV or workbook (each row's cells joined by " | "), spaces collapsed."""
    if body.startswith(b"PK"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        lines = [
            " | ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
        text = "\n".join(lines)
    else:
        text = html.unescape(re.sub(r"<[^>]+>", " ", body.decode("utf-8")))
    return re.sub(r"\s+", " ", text)


def submitted(inventory: NeedsInventory) -> int:
    stmt = select(func.count()).where(
        NeedsSubmission.inventory_id == inventory.id, NeedsSubmission.submitted_at.is_not(None)
    )
    return db.session.scalar(stmt) or 0


def last_bulk(w: World) -> str:
    """The last bulk person: in Söderskolan, answered the inventory (see `grow`)."""
    return f"Medarbetare {w.added - 1:04d}"


def _school(w: World) -> Any:
    return Unit.department_id == w.org.school_dept.id


# --- the pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page to measure: who asks for it, its address, and text it shows for the large org."""

    who: Callable[[World], Person]
    url: Callable[[World], str]
    shows: Callable[[World], str]
    slack: int = 0  # statements the large page may add; explained where a page sets it
    # The page reads an inventory's stored results (learnapp/needs/tallies.py): the first request
    # after a write recounts them in a fixed number of statements, whatever the size.
    recounts: bool = False


def _coordinator(w: World) -> Person:
    return w.org.coordinator


def _admin(w: World) -> Person:
    return w.org.admin


def _manager(w: World) -> Person:
    return w.team_manager


def _staff(w: World) -> Person:
    return w.org.staff


RECOUNT = 16  # statements of a recount (tallies.ensure and tallies.recount, with the commit)

PAGES: dict[str, Page] = {
    # Coordinator: "x % (n av m)" cells, m people assigned (everyone has Grunder; key persons
    # have Signaler, the mandatory course the report shows).
    "coordinator-overview": Page(
        _coordinator, lambda w: "/training/overview", lambda w: f"av {fmt(people(_school(w)))})"
    ),
    "coordinator-overview-department": Page(
        _coordinator,
        lambda w: f"/training/overview/departments/{w.org.school_dept.id}",
        # Its top unit, Grundskolor, counted with the schools below it.
        lambda w: f"av {fmt(people(Unit.path.startswith(w.org.schools.path)))})",
    ),
    # A unit's page: the units below it, each with its subtree, above its people (a full page).
    "coordinator-unit": Page(
        _coordinator,
        lambda w: f"/training/overview/units/{w.org.schools.id}",
        lambda w: f"av {fmt(people(Unit.path.startswith(w.org.soder.path)))})",
        slack=1,
    ),
    "coordinator-report": Page(
        _coordinator,
        lambda w: "/reports/",
        lambda w: f"av {fmt(people(_school(w), Person.is_key_person))})",
        recounts=True,
    ),
    "coordinator-report-xlsx": Page(
        _coordinator,
        lambda w: "/reports/report.xlsx",
        # Shares are numbers in the workbook; the response rate's denominator is a count.
        lambda w: "Utbildningsförvaltningen |",
        recounts=True,
    ),
    "coordinator-overview-xlsx": Page(
        _coordinator,
        lambda w: "/training/overview.xlsx",
        lambda w: f"Utbildningsförvaltningen | Grunder om extremism | {people(_school(w))} |",
    ),
    # The inventory asks everyone with a unit; every other bulk person has answered.
    "coordinator-needs-results": Page(
        _coordinator,
        lambda w: f"/needs/{w.inventory.id}/results",
        lambda w: f"Totalt {fmt(people())} {fmt(submitted(w.inventory))}",
        recounts=True,
    ),
    # The drill-down: each unit counted with the units below it (everyone with a unit is asked).
    "coordinator-needs-department": Page(
        _coordinator,
        lambda w: f"/needs/{w.inventory.id}/results/departments/{w.org.school_dept.id}",
        lambda w: f"Grundskolor {fmt(people(Unit.path.startswith(w.org.schools.path)))}",
        recounts=True,
    ),
    "coordinator-needs-unit": Page(
        _coordinator,
        lambda w: f"/needs/{w.inventory.id}/results/units/{w.org.schools.id}",
        lambda w: f"Söderskolan {fmt(people(Unit.path.startswith(w.org.soder.path)))}",
        recounts=True,
    ),
    # Who has not answered, by unit and name: the first is in Familjestöd (every bulk person
    # there has an odd number; those have not answered).
    "coordinator-needs-team": Page(
        _coordinator,
        lambda w: f"/needs/{w.inventory.id}/team",
        lambda w: "Medarbetare 0007 Familjestöd",
        recounts=True,
    ),
    # The key persons' great needs, by department and unit: the first is in Barn och unga.
    "coordinator-needs-key-persons": Page(
        _coordinator,
        lambda w: f"/needs/{w.inventory.id}/results/key-persons",
        lambda w: "Medarbetare 0030 Rektor Barn och unga Omsorgs- och socialförvaltningen",
    ),
    # Who would be assigned the area's courses: the active people with a great need in it.
    "coordinator-needs-assign": Page(
        _coordinator,
        lambda w: f"/needs/{w.inventory.id}/areas/{w.areas[0].id}/assign",
        lambda w: f"{fmt(great_need(w.inventory, w.areas[0]))} personer angav stort",
    ),
    "coordinator-needs-export-csv": Page(
        _coordinator, lambda w: f"/needs/{w.inventory.id}/export.csv", lambda w: last_bulk(w)
    ),
    # The everyone rule's active assignments: one per person.
    "coordinator-rules": Page(
        _coordinator, lambda w: "/training/rules", lambda w: f"Obligatorisk {fmt(LARGE)}"
    ),
    # Admin: 50 people a page.
    "admin-people": Page(
        _admin, lambda w: "/admin/people", lambda w: f"{fmt(LARGE)} personer hittades"
    ),
    # With 10 people there is no second page: the empty page loads no roles (selectin) and no
    # unit names, so the small count is 2 lower. The large page must not add more than that.
    "admin-people-search-page-2": Page(
        _admin,
        lambda w: "/admin/people?q=medarbetare&page=2",
        lambda w: "Medarbetare 0099",
        slack=2,
    ),
    # The unit filter and the person form offer the top units, the chosen ones, or those a
    # search finds: not every unit.
    "admin-people-unit-filter": Page(
        _admin,
        lambda w: f"/admin/people?unit={w.org.soder.id}",
        lambda w: "Utbildningsförvaltningen › Grundskolor › Söderskolan",
    ),
    "admin-people-unit-find": Page(
        _admin,
        lambda w: "/admin/people?unit_find=skolan&find_units=1",
        lambda w: "Utbildningsförvaltningen › Grundskolor › Norrskolan",
    ),
    "admin-person-edit": Page(
        _admin,
        lambda w: f"/admin/people/{w.team_manager.id}",
        lambda w: "Utbildningsförvaltningen › Grundskolor",
    ),
    "admin-person-new": Page(
        _admin,
        lambda w: "/admin/people/new",
        lambda w: "Omsorgs- och socialförvaltningen › Barn och unga",
    ),
    "coordinator-person-view": Page(
        _coordinator,
        lambda w: f"/admin/people/{w.team_manager.id}",
        lambda w: "Utbildningsförvaltningen › Grundskolor",
    ),
    # Reminding a unit's overdue people: how many, and the first of them by name.
    "coordinator-remind-unit": Page(
        _coordinator,
        lambda w: f"/notifications/units/{w.org.schools.id}/remind",
        lambda w: "personer får var sitt e-postmeddelande med sina försenade kurser",
    ),
    # The same for the manager of Grundskolor: the statements are also limited to their scope.
    "manager-remind-unit": Page(
        _manager,
        lambda w: f"/notifications/units/{w.org.schools.id}/remind",
        lambda w: "personer får var sitt e-postmeddelande med sina försenade kurser",
    ),
    # Manager of Grundskolor: the units below it hold 6 of 8 bulk people.
    "manager-team": Page(
        _manager,
        lambda w: "/training/team",
        lambda w: f"Söderskolan {fmt(people(Unit.id == w.org.soder.id))}",
    ),
    # The inventory's team page for the manager of Grundskolor: the units below it by name, the
    # first who has not answered in Norrskolan (the bulk people with odd numbers have not).
    "manager-needs-team": Page(
        _manager,
        lambda w: f"/needs/{w.inventory.id}/team",
        lambda w: "Medarbetare 0001 Norrskolan",
        recounts=True,
    ),
    # A unit's results for its manager: the unit's own people, then the units below it; the
    # answers of the people directly in it (the bulk people with even numbers have answered).
    "manager-needs-unit": Page(
        _manager,
        lambda w: f"/needs/{w.inventory.id}/results/units/{w.org.soder.id}",
        lambda w: f"Söderskolan (själva enheten) {fmt(people(Unit.id == w.org.soder.id))}",
        recounts=True,
    ),
    # The table counts everyone only when its page of 50 is full, as it is with 1,000 people.
    "manager-team-unit": Page(
        _manager,
        lambda w: f"/training/team/units/{w.org.schools.id}",
        lambda w: f"{fmt(people(_school(w)))} personer i tabellen",
        slack=1,
    ),
    # With 10 people the second page is empty: no cells, course titles or reminders to read,
    # so the small count is 3 lower. The large page must not add more than that.
    "manager-team-unit-page-2": Page(
        _manager,
        lambda w: f"/training/team/units/{w.org.schools.id}?page=2",
        lambda w: "Sida 2 av",
        slack=3,
    ),
    "manager-team-unit-export-csv": Page(
        _manager,
        lambda w: f"/training/team/units/{w.org.schools.id}/export.csv",
        lambda w: last_bulk(w),
    ),
    # Organisation pages: one level of the tree at a time, each row counted with what is below.
    "coordinator-org": Page(
        _coordinator,
        lambda w: "/org/",
        lambda w: f"Utbildningsförvaltningen {units(_school(w))} {fmt(people(_school(w)))}",
    ),
    "coordinator-org-department": Page(
        _coordinator,
        lambda w: f"/org/departments/{w.org.school_dept.id}",
        lambda w: (
            f"Grundskolor {units(_school(w)) - 1} "
            f"{fmt(people(Unit.path.startswith(w.org.schools.path)))}"
        ),
    ),
    # Söderskolan's own people, 50 a page: the pager is there with 1,000 people.
    "coordinator-org-unit": Page(
        _coordinator,
        lambda w: f"/org/units/{w.org.soder.id}",
        lambda w: f"({fmt(people(Unit.id == w.org.soder.id))});",
    ),
    "coordinator-org-search": Page(
        _coordinator,
        lambda w: "/org/?q=skolan",
        lambda w: (
            f"Söderskolan Utbildningsförvaltningen 0 {fmt(people(Unit.id == w.org.soder.id))}"
        ),
    ),
    "manager-org": Page(
        _manager,
        lambda w: "/org/",
        lambda w: (
            f"Grundskolor {units(_school(w)) - 1} "
            f"{fmt(people(Unit.path.startswith(w.org.schools.path)))}"
        ),
    ),
    "manager-org-unit-page-2": Page(
        _manager,
        lambda w: f"/org/units/{w.org.soder.id}?page=2",
        lambda w: "Sida 2 av",
    ),
    # The admin's unit pages: one level of the tree at a time, as the organisation pages.
    "admin-units": Page(
        _admin,
        lambda w: "/admin/units",
        lambda w: f"Utbildningsförvaltningen {units(_school(w))} {fmt(people(_school(w)))}",
    ),
    "admin-units-search": Page(
        _admin,
        lambda w: "/admin/units?q=skolan",
        lambda w: (
            f"Söderskolan Utbildningsförvaltningen 0 {fmt(people(Unit.id == w.org.soder.id))}"
        ),
    ),
    "admin-department-units": Page(
        _admin,
        lambda w: f"/admin/departments/{w.org.school_dept.id}/units",
        lambda w: (
            f"Grundskolor {units(_school(w)) - 1} "
            f"{fmt(people(Unit.path.startswith(w.org.schools.path)))}"
        ),
    ),
    # The move and merge lists offer the units near it, or those a search finds.
    "admin-unit": Page(
        _admin,
        lambda w: f"/admin/units/{w.org.schools.id}",
        lambda w: f"Söderskolan 0 {fmt(people(Unit.id == w.org.soder.id))}",
    ),
    "admin-unit-find": Page(
        _admin,
        lambda w: f"/admin/units/{w.org.soder.id}?find=skolan",
        lambda w: "Utbildningsförvaltningen › Grundskolor › Norrskolan",
    ),
    # Forms that pick units offer the top units, or those a search finds, not every unit.
    "coordinator-rule-new": Page(
        _coordinator,
        lambda w: "/training/rules/new",
        lambda w: "Utbildningsförvaltningen › Grundskolor",
    ),
    "admin-routine-new": Page(
        _admin,
        lambda w: "/routines/new",
        lambda w: "Utbildningsförvaltningen › Grundskolor",
    ),
    # Staff pages show only the person's own courses: what they show is the person's data.
    "staff-mine": Page(_staff, lambda w: "/training/mine", lambda w: "Grunder om extremism"),
    "staff-catalogue": Page(_staff, lambda w: "/courses/", lambda w: "Antal kurser som visas: 4"),
    "staff-catalogue-area": Page(
        _staff, lambda w: "/courses/?area=grunder", lambda w: "Antal kurser som visas: 1"
    ),
    "staff-course": Page(
        _staff, lambda w: "/courses/grunder/", lambda w: "Lektioner lästa: 1 av 3"
    ),
    "staff-lesson": Page(
        _staff, lambda w: "/courses/grunder/lektion-2", lambda w: "Lektion 2 av 3"
    ),
    # The contacts page: the first 25 of the department's key persons and a count of the rest.
    "staff-contacts": Page(
        _staff, lambda w: "/routines/contacts", lambda w: "nyckelpersoner till i förvaltningen"
    ),
    "manager-contacts": Page(
        _manager, lambda w: "/routines/contacts", lambda w: "nyckelpersoner till i förvaltningen"
    ),
    # The coordinator's start page counts the active people of each department.
    "coordinator-start": Page(
        _coordinator,
        lambda w: "/",
        lambda w: f"Utbildningsförvaltningen {fmt(people(_school(w)))}",
        recounts=True,
    ),
    "staff-start": Page(_staff, lambda w: "/", lambda w: "Dina nästa kurser Grunder om extremism"),
}


def fetch(client: FlaskClient, url: str) -> tuple[str, Statements]:
    """Request the page (reading a streamed body to its end); its text and the statements sent."""
    with count_statements() as seen:
        response = client.get(url)
        body = response.get_data()
        response.close()
    assert response.status_code == 200, (url, response.status_code)
    return text_of(body), seen


@pytest.mark.parametrize("name", PAGES)
def test_page_sends_as_many_statements_for_1000_people_as_for_10(
    name: str, world: World, client: FlaskClient, login: Login
) -> None:
    page = PAGES[name]
    grow(world, SMALL)
    url = page.url(world)
    assert login(page.who(world)).status_code == 302
    client.get(url)  # warm-up: first-time work (a lesson's first view) is not what is measured
    _text, small = fetch(client, url)
    grow(world, LARGE)
    if page.recounts:
        _text, first = fetch(client, url)
        assert len(first) <= len(small) + RECOUNT, f"{name}: {len(first)}, {len(small)}:\n{first}"
    text, large = fetch(client, url)
    assert re.sub(r"\s+", " ", page.shows(world)) in text
    assert len(small) <= len(large) <= len(small) + page.slack, (
        f"{name}: {len(small)} statements for {SMALL} people, {len(large)} for {LARGE}:\n{large}"
    )
