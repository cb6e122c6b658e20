"""`python -m bench.seed --people N [--reset]`: a realistic organisation of N people, built with
bulk inserts, in the database the app's settings name (not a command of the production CLI).

What it builds (for 100,000 people): 7 departments (six förvaltningar and the police's external
unit), about 3,000 units in a three-level tree, the people (about 8 % key persons, one manager
per unit), the six real courses from `courses/` and 14 more made from them (20 in all), assignment
rules applied through the real rule service, lesson progress for about 60 % of the people,
quiz attempts and completions spread over two years, and a closed training-needs inventory
answered by most key persons. The stored statuses are then derived by the status engine's own
SQL, so the figures are what the application itself would hold.

Rows are inserted with explicit ids, by COPY on PostgreSQL and in batches (executemany)
elsewhere; only the rule service and the status engine run set-based statements. Nothing here
loops over people issuing queries.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from typing import Any

from flask import current_app
from sqlalchemy import Table, and_, func, insert, select, text, update
from werkzeug.security import generate_password_hash

from bench import names
from learnapp.areas.models import CompetenceArea
from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.courses.services import courses_dir, sync_courses, url_prefix
from learnapp.db import empty_all_tables, utcnow
from learnapp.extensions import db
from learnapp.needs.models import (
    InventoryPerson,
    InventoryScope,
    InventoryState,
    NeedsInventory,
    NeedsResponse,
    NeedsSubmission,
)
from learnapp.notifications.assignments import discard_pending
from learnapp.org.models import Department, Person, PersonRole, Role, Unit, UnitManager
from learnapp.quizzes.models import Completion, QuizAttempt, QuizQuestion
from learnapp.quizzes.services import add_months, new_code
from learnapp.training import assign, status
from learnapp.training.models import CourseStatus, RuleScope

BENCH_PASSWORD = "bench-learnapp-2026"  # noqa: S105 - the benchmark's fixed demo password
ACCOUNTS = {
    "coordinator": "bench-samordnare@example.org",
    "manager": "bench-chef@example.org",
    "staff": "bench-medarbetare@example.org",
}
# Staff accounts (ACCOUNTS["staff"] the first), so that each client of a scenario that needs its
# own account (an account holds one open quiz attempt at a time) has one, up to this many clients.
STAFF_ACCOUNTS = 8
EMAIL_DOMAIN = "bench.example.org"
PEOPLE_PER_UNIT = 33
KEY_PERSON_SHARE = 0.08
WITH_PROGRESS_SHARE = 0.6
EXTRA_COURSES = 14
BATCH = 5000


class SeedError(RuntimeError):
    """The database cannot be seeded as asked (e.g. it already holds people)."""


@dataclass
class SeedReport:
    people: int = 0
    units: int = 0
    courses: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# --- the organisation's shape ---------------------------------------------------------------

DEPARTMENTS: list[tuple[str, str, float, str, list[str], list[str]]] = [
    # name, code, share of the people, level-1 word, level-2 words, job titles
    (
        "Utbildningsförvaltningen",
        "UTB",
        0.30,
        "Rektorsområde",
        ["skola", "förskola", "fritidshem", "elevhälsa", "gymnasium"],
        ["lärare", "förskollärare", "fritidspedagog", "kurator", "skolsköterska", "rektor"],
    ),
    (
        "Omsorgs- och socialförvaltningen",
        "OSF",
        0.32,
        "Verksamhetsområde",
        ["hemtjänstgrupp", "boende", "mottagning", "barn- och ungdomsgrupp", "LSS-verksamhet"],
        ["undersköterska", "socialsekreterare", "biståndshandläggare", "sjuksköterska"],
    ),
    (
        "Kultur- och fritidsförvaltningen",
        "KFF",
        0.10,
        "Område",
        ["bibliotek", "fritidsgård", "idrottsanläggning", "kulturskola"],
        ["bibliotekarie", "fritidsledare", "fältsekreterare", "lokalbokare"],
    ),
    (
        "Miljöförvaltningen",
        "MIL",
        0.08,
        "Avdelning",
        ["tillsynsgrupp", "fastighetsgrupp", "parkgrupp"],
        ["inspektör", "fastighetsskötare", "handläggare"],
    ),
    (
        "Samhällsbyggnadsförvaltningen",
        "SBF",
        0.10,
        "Avdelning",
        ["planenhet", "gatuenhet", "bygglovsenhet"],
        ["planarkitekt", "ingenjör", "bygglovshandläggare"],
    ),
    (
        "Kommunstyrelsens förvaltning",
        "KSF",
        0.09,
        "Kansli",
        ["stab", "HR-enhet", "kommunikationsenhet", "ekonomienhet"],
        ["utredare", "HR-konsult", "kommunikatör", "ekonom"],
    ),
    ("Polisen (extern samverkan)", "POL", 0.01, "Lokalpolisområde", ["grupp"], ["polis"]),
]
KEY_FUNCTIONS = ["rektor", "fältsekreterare", "fritidsledare", "kurator", "enhetschef",
                 "socialsekreterare", "bibliotekschef", "lokalbokare"]  # fmt: skip
SAFETY_UNIT = "Trygg- och säkerhetsenheten"


@dataclass
class Org:
    """What the later steps need to know of the organisation built."""

    departments: dict[str, int]  # code -> id
    root_units: dict[str, int]  # code -> id of the department's top unit
    unit_rows: list[dict[str, Any]]
    leaf_units: list[tuple[int, int]]  # (unit id, department index)
    person_ids: list[int]
    key_person_ids: set[int]
    active_ids: set[int]
    manager_unit: int
    staff_ids: set[int]  # the staff accounts
    coordinator_id: int


# --- entry point --------------------------------------------------------------------------


def run(people: int, *, reset: bool = False, log: Callable[[str], None] = print) -> SeedReport:
    """Build the organisation into the configured database and commit. Refuses a used database."""
    if people < 50:
        raise SeedError("at least 50 people")
    if reset:
        empty_database()
    if db.session.scalar(select(func.count(Person.id))):
        raise SeedError("the database already holds people: use --reset to empty it first")
    rng = random.Random(2026)  # test data, not security
    report = SeedReport()
    now = utcnow()

    def step(name: str, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = fn()
        db.session.flush()
        report.seconds[name] = round(time.perf_counter() - started, 2)
        log(f"  {name}: {report.seconds[name]:.1f} s")
        return result

    if db.engine.dialect.name == "postgresql":
        # JIT compiling the big set-based statements costs more than it saves (up to 0.5 s a
        # statement at 100,000 people). SET LOCAL: until the seed commits.
        db.session.execute(text("SET LOCAL jit = off"))
    with _collector_paused():
        courses = step("courses", lambda: _courses())
        org = step("organisation", lambda: _organisation(people, rng, now))
        step("rules", lambda: _rules(org, courses, now))
        step("progress", lambda: _progress(org, courses, rng, now, report))
        step("statuses", lambda: _statuses(now))
        step("inventory", lambda: _inventory(org, rng, now, report))
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        step("vacuum", _vacuum)
    report.people = len(org.person_ids)
    report.units = len(org.unit_rows)
    report.courses = len(courses)
    return report


def command(people: int, *, reset: bool, log: Callable[[str], None] = print) -> int:
    """Seed inside the app's context, saying what happens; the exit status (1: refused)."""
    log(f"Seeding {people} people into {db.engine.url.render_as_string()} …")
    started = time.perf_counter()
    try:
        report = run(people, reset=reset, log=log)
    except SeedError as error:
        log(f"Error: {error}")
        return 1
    seconds = time.perf_counter() - started
    log(
        f"Seeded {report.people} people, {report.units} units, {report.courses} courses "
        f"({', '.join(f'{k} {v}' for k, v in report.counts.items())}) in {seconds:.1f} s."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.seed",
        description="Build a realistic organisation of N people for the benchmark, with bulk "
        "inserts, into the database the app's settings name (LEARNAPP_DATABASE_URL).",
    )
    parser.add_argument("--people", type=int, default=100_000, help="how many people to create")
    parser.add_argument(
        "--reset", action="store_true", help="empty every table first (the schema stays)"
    )
    options = parser.parse_args(argv)
    from learnapp import create_app

    with create_app().app_context():
        return command(options.people, reset=options.reset)


def empty_database() -> None:
    """Delete every row of every table (the schema stays)."""
    empty_all_tables(db.session, db.metadata)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. The seed holds a few hundred thousand row dicts
    and frees none early, and every collection walked them all again: a third of the progress
    step at 20,000 people, more the more people."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _vacuum() -> None:
    """VACUUM ANALYZE, as autovacuum would after bulk loading: fresh planner statistics and a
    visibility map, so that the benchmark measures a settled database, not autovacuum at work."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE)"))


def staff_email(n: int) -> str:
    """The n-th staff account (1: ACCOUNTS["staff"])."""
    return ACCOUNTS["staff"] if n == 1 else ACCOUNTS["staff"].replace("@", f"-{n}@")


def _quiz_ready_staff(course: Course) -> list[str]:
    """The staff accounts that have read every active lesson of the course, in account order."""
    lessons = select(Lesson.id).where(Lesson.course_id == course.id, Lesson.active)
    read = (
        select(Person.email)
        .join(LessonProgress, LessonProgress.person_id == Person.id)
        .where(
            Person.email.in_([staff_email(n) for n in range(1, STAFF_ACCOUNTS + 1)]),
            LessonProgress.lesson_id.in_(lessons),
        )
        .group_by(Person.id, Person.email)
        .having(
            func.count() == select(func.count()).select_from(lessons.subquery()).scalar_subquery()
        )
        .order_by(Person.id)
    )
    return list(db.session.scalars(read))


def targets() -> dict[str, Any] | None:
    """What the benchmark runner requests, read from a seeded database; None when not seeded."""
    staff = db.session.scalar(select(Person).where(Person.email == ACCOUNTS["staff"]))
    manager = db.session.scalar(select(Person).where(Person.email == ACCOUNTS["manager"]))
    if staff is None or manager is None:
        return None
    quiz_course = db.session.scalar(
        select(Course).where(Course.slug.like("%-fordjupning-1")).order_by(Course.id)
    )
    lesson_course = db.session.scalar(select(Course).where(Course.slug == "vbe-grunder"))
    lesson_course = lesson_course or quiz_course
    lesson = db.session.scalar(
        select(Lesson)
        .where(Lesson.course_id == lesson_course.id, Lesson.active)  # type: ignore[union-attr]
        .order_by(Lesson.position)
        .offset(1)
        .limit(1)
    )
    inventory_id = db.session.scalar(
        select(NeedsInventory.id).order_by(NeedsInventory.id.desc()).limit(1)
    )
    manager_unit = db.session.scalar(
        select(UnitManager.unit_id).where(UnitManager.person_id == manager.id)
    )
    area_unit = db.session.scalar(select(Unit.parent_id).where(Unit.id == manager_unit))
    export_unit = db.session.scalar(
        select(Unit.id)
        .join(Department, Department.id == Unit.department_id)
        .where(Department.code == "UTB", Unit.parent_id.is_(None))
    )
    department = db.session.scalar(select(Department.id).where(Department.code == "UTB"))
    return {
        # Only the accounts that can start the quiz: those that have read all its lessons.
        "staff_accounts": _quiz_ready_staff(quiz_course) if quiz_course else [],
        "people": db.session.scalar(select(func.count(Person.id))) or 0,
        "lesson_path": f"/courses/{lesson_course.slug}/{lesson.slug}",  # type: ignore[union-attr]
        "quiz_course_slug": quiz_course.slug if quiz_course else None,
        "manager_unit_id": manager_unit,
        "area_unit_id": area_unit,  # the level above: about ten units, some 330 people
        "inventory_id": inventory_id,
        "export_unit_id": export_unit,
        "department_id": department,  # the largest department (its drill-down pages)
    }


# --- helpers ------------------------------------------------------------------------------


def _insert(table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows that all have the same keys: COPY on PostgreSQL, executemany elsewhere.

    A row must hold every column that has a Python-side default, since COPY applies only the
    database's defaults. COPY fires the insert triggers as INSERT does: the rollups stay right.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    missing = [c.name for c in table.columns if c.default is not None and c.name not in first]
    if missing:
        raise ValueError(f"{table.name}: the rows lack {missing}, which have Python defaults")
    rows = chain((first,), rows)
    if db.session.get_bind().dialect.name == "postgresql":
        return _copy(table, list(first), rows)
    total = 0
    for batch in _batches(rows, BATCH):
        db.session.execute(insert(table), batch)
        total += len(batch)
    return total


def _copy(table: Table, names: list[str], rows: Iterable[dict[str, Any]]) -> int:
    """COPY … FROM STDIN through the session's connection, so in the seed's transaction."""
    connection = db.session.connection()
    dialect = connection.dialect
    # Each value as SQLAlchemy would bind it: timestamps in UTC, JSON wrapped for psycopg.
    convert = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    columns = ", ".join(f'"{name}"' for name in names)  # from the models, never from input
    total = 0
    with (
        connection.connection.dbapi_connection.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [f(row[n]) if f else row[n] for n, f in zip(names, convert, strict=True)]
            )
            total += 1
    return total


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _advance_sequences(*tables: Any) -> None:
    """Rows were inserted with explicit ids: move PostgreSQL's sequences past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        # Table names come from the models, never from input.
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f'(SELECT coalesce(max(id), 0) + 1 FROM "{table.name}"), false)'
            )
        )


# --- courses ------------------------------------------------------------------------------


def _courses() -> list[Course]:
    """The real courses from courses/, and EXTRA_COURSES more made from them (same lessons)."""
    app = current_app
    report = sync_courses(courses_dir(app), url_prefix(app))
    if report.errors:
        raise SeedError("courses/ has errors: run `flask courses sync --check`")
    real = list(db.session.scalars(select(Course).order_by(Course.id)))
    for n in range(1, EXTRA_COURSES + 1):
        source = real[(n - 1) % len(real)]
        course = Course(
            slug=f"{source.slug}-fordjupning-{n}",
            title=f"{source.title} – fördjupning {n}",
            summary=source.summary,
            version=1,
            language=source.language,
            minutes=source.minutes,
            pass_mark=source.pass_mark,
            validity_months=source.validity_months,
            audience=source.audience,
            intro_html=source.intro_html,
            areas=list(source.areas),
        )
        db.session.add(course)
        db.session.flush()
        lessons = db.session.scalars(
            select(Lesson).where(Lesson.course_id == source.id, Lesson.active)
        )
        db.session.add_all(
            Lesson(
                course_id=course.id,
                slug=lesson.slug,
                position=lesson.position,
                title=lesson.title,
                body_html=lesson.body_html,
            )
            for lesson in lessons
        )
        questions = db.session.scalars(
            select(QuizQuestion).where(QuizQuestion.course_id == source.id, QuizQuestion.active)
        )
        db.session.add_all(
            QuizQuestion(
                course_id=course.id, position=q.position, type=q.type, title=q.title, gift=q.gift
            )
            for q in questions
        )
    db.session.flush()
    return list(db.session.scalars(select(Course).order_by(Course.id)))


# --- organisation -------------------------------------------------------------------------


def _organisation(people: int, rng: random.Random, now: datetime) -> Org:
    departments = {code: i for i, (_n, code, *_rest) in enumerate(DEPARTMENTS, start=1)}
    _insert(
        Department.__table__,
        (
            {"id": i, "name": name, "code": code, "is_external": code == "POL", "created_at": now}
            for (name, code, *_rest), i in zip(DEPARTMENTS, departments.values(), strict=True)
        ),
    )
    units, roots, leaves = _unit_tree(people, now)
    _insert(
        Unit.__table__,
        ({k: v for k, v in u.items() if k != "depth"} for u in units),
    )

    # People: spread over the leaf units by department share; a few in each department's top unit.
    password_hash = generate_password_hash(
        BENCH_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    leaves_by_dept: dict[int, list[int]] = {}
    for unit_id, dept_index in leaves:
        leaves_by_dept.setdefault(dept_index, []).append(unit_id)
    rows: list[dict[str, Any]] = []
    key_ids: set[int] = set()
    active_ids: set[int] = set()
    person_id = 0
    for dept_index, (_name, code, share, _w, _u, titles) in enumerate(DEPARTMENTS):
        count = max(5, round(people * share)) if dept_index else 0
        if dept_index == 0:  # the largest department takes the rounding
            count = people - sum(max(5, round(people * d[2])) for d in DEPARTMENTS[1:])
        units_here = [roots[code]] + leaves_by_dept[dept_index]
        for n in range(count):
            person_id += 1
            unit_id = units_here[n % len(units_here)] if n >= 3 else roots[code]
            is_key = rng.random() < KEY_PERSON_SHARE
            active = rng.random() > 0.02
            first, last = rng.choice(names.FIRST), rng.choice(names.LAST)
            rows.append(
                {
                    "id": person_id,
                    "name": f"{first} {last}",
                    "email": f"{first}.{last}.{person_id}@{EMAIL_DOMAIN}".lower(),
                    "employee_number": f"B{person_id:07d}",
                    "unit_id": unit_id,
                    "job_title": rng.choice(titles),
                    "is_key_person": is_key,
                    "key_function": rng.choice(KEY_FUNCTIONS) if is_key else "",
                    "active": active,
                    "password_hash": password_hash,
                    "language": "en" if rng.random() < 0.04 else "sv",
                    "session_version": 1,
                    "created_at": now - timedelta(days=rng.randint(30, 2000)),
                    "deactivated_at": None if active else now - timedelta(days=rng.randint(1, 400)),
                }
            )
            if is_key:
                key_ids.add(person_id)
            if active:
                active_ids.add(person_id)

    # The fixed accounts: a first-line manager of one school unit (about PEOPLE_PER_UNIT
    # people), STAFF_ACCOUNTS key persons in that unit, and a coordinator in the safety unit.
    area_unit = next(u for u in units if u["depth"] == 1 and u["department_id"] == 1)["id"]
    manager_unit = staff_unit = next(u["id"] for u in units if u["parent_id"] == area_unit)
    safety_unit = next(u["id"] for u in units if u["name"] == SAFETY_UNIT)
    fixed = {
        "manager": (ACCOUNTS["manager"], manager_unit, "rektor", True),
        "staff": (ACCOUNTS["staff"], staff_unit, "lärare", True),
        "coordinator": (ACCOUNTS["coordinator"], safety_unit, "säkerhetssamordnare", False),
    }
    for n in range(2, STAFF_ACCOUNTS + 1):
        fixed[f"staff-{n}"] = (staff_email(n), staff_unit, "lärare", True)
    ids = {}
    for offset, (role, (email, unit_id, title, key)) in enumerate(fixed.items(), start=1):
        row = rows[offset * 3]  # some early person becomes the account (50 people at least)
        row.update(
            email=email, unit_id=unit_id, job_title=title, active=True,
            deactivated_at=None, is_key_person=key, key_function=title if key else "",
            language="sv",
        )  # fmt: skip
        ids[role] = row["id"]
        active_ids.add(row["id"])
        (key_ids.add if key else key_ids.discard)(row["id"])
    _insert(Person.__table__, rows)

    # One manager per unit (the first active person placed there), plus the fixed manager.
    managers: dict[int, int] = {manager_unit: ids["manager"]}
    for r in rows:
        if r["active"] and r["unit_id"] not in managers and r["id"] not in ids.values():
            managers[r["unit_id"]] = r["id"]
    _insert(
        UnitManager.__table__,
        ({"person_id": p, "unit_id": u} for u, p in managers.items()),
    )
    # The managers are managers by managing a unit (no role row is stored for it).
    role_rows = {
        (ids["coordinator"], Role.COORDINATOR.value),
        (ids["coordinator"], Role.ADMIN.value),
    }
    _insert(
        PersonRole.__table__,
        ({"person_id": p, "role": r} for p, r in sorted(role_rows)),
    )
    _advance_sequences(Department.__table__, Unit.__table__, Person.__table__)
    return Org(
        departments={code: i for code, i in departments.items()},
        root_units=roots,
        unit_rows=units,
        leaf_units=leaves,
        person_ids=[r["id"] for r in rows],
        key_person_ids=key_ids,
        active_ids=active_ids,
        manager_unit=manager_unit,
        staff_ids={ids[role] for role in fixed if role.startswith("staff")},
        coordinator_id=ids["coordinator"],
    )


def _unit_tree(
    people: int, now: datetime
) -> tuple[list[dict[str, Any]], dict[str, int], list[tuple[int, int]]]:
    """Top unit per department, level-1 areas of about nine units each, and the leaf units.

    Returns the rows (with a `depth` key the insert ignores), the top unit per department code,
    and (unit id, department index) for every unit people are placed in.
    """
    total_units = max(len(DEPARTMENTS) * 3, people // PEOPLE_PER_UNIT)
    rows: list[dict[str, Any]] = []
    roots: dict[str, int] = {}
    leaves: list[tuple[int, int]] = []
    unit_id = 0

    def add(name: str, dept_id: int, parent: dict[str, Any] | None, depth: int) -> dict[str, Any]:
        nonlocal unit_id
        unit_id += 1
        path = (parent["path"] if parent else "/") + f"{unit_id}/"
        row = {
            "id": unit_id,
            "name": name,
            "department_id": dept_id,
            "parent_id": parent["id"] if parent else None,
            "path": path,
            "created_at": now,
            "depth": depth,
        }
        rows.append(row)
        return row

    for dept_index, (name, code, share, area_word, unit_words, _t) in enumerate(DEPARTMENTS):
        root = add(name, dept_index + 1, None, 0)
        roots[code] = root["id"]
        if code == "KSF":
            leaves.append((add(SAFETY_UNIT, dept_index + 1, root, 1)["id"], dept_index))
        wanted = max(2, round(total_units * share))
        areas = max(1, wanted // 10)
        per_area = max(1, (wanted - areas) // areas)
        for a in range(1, areas + 1):
            area = add(f"{area_word} {a}", dept_index + 1, root, 1)
            for u in range(1, per_area + 1):
                word = unit_words[(u - 1) % len(unit_words)]
                place = names.PLACES[(a * 7 + u) % len(names.PLACES)]
                leaf = add(f"{place}s {word} {a}.{u}", dept_index + 1, area, 2)
                leaves.append((leaf["id"], dept_index))
    return rows, roots, leaves


# --- rules --------------------------------------------------------------------------------


def _rules(org: Org, courses: list[Course], now: datetime) -> None:
    """The coordinator's rules, applied by the real rule service at dates in the past."""
    by_slug = {c.slug: c for c in courses}
    extra = [c.slug for c in courses if "-fordjupning-" in c.slug]
    coordinator = db.session.get(Person, org.coordinator_id)
    assert coordinator is not None
    departments = {d.code: d for d in db.session.scalars(select(Department))}
    plan: list[tuple[str, RuleScope, str | None, int, bool, int]] = [
        # course, scope, department code, due days, mandatory, applied how many days ago
        ("vbe-grunder", RuleScope.EVERYONE, None, 90, True, 400),
        ("signaler", RuleScope.KEY_PERSONS, None, 60, True, 300),
        ("rutin-signaler", RuleScope.KEY_PERSONS, None, 60, True, 200),
        ("informationsdelning", RuleScope.DEPARTMENT, "OSF", 120, True, 150),
        ("barnets-basta", RuleScope.DEPARTMENT, "UTB", 120, False, 100),
        ("lokaler-affischering-kommunikation", RuleScope.DEPARTMENT, "KFF", 90, True, 60),
        (extra[1], RuleScope.ROLE, None, 60, False, 30),
        (extra[0], RuleScope.KEY_PERSONS, "UTB", 45, True, 20),
    ]
    for slug, scope, dept, due_days, mandatory, days_ago in plan:
        data = assign.RuleInput(
            course=by_slug[slug],
            scope=scope,
            department=departments[dept] if dept else None,
            unit=None,
            role=Role.MANAGER.value if scope == RuleScope.ROLE else None,
            due_days=due_days,
            mandatory=mandatory,
        )
        rule, _added = assign.create_rule(data, coordinator, now=now - timedelta(days=days_ago))
        rule.created_at = now - timedelta(days=days_ago)
    db.session.flush()
    discard_pending()  # past assignments: nobody is mailed about them now


# --- progress, attempts, completions ------------------------------------------------------


def _progress(
    org: Org, courses: list[Course], rng: random.Random, now: datetime, report: SeedReport
) -> None:
    """Lessons read, attempts and completions for about 60 % of the people, over two years."""
    lessons: dict[int, list[int]] = {}
    for course_id, lesson_id in db.session.execute(
        select(Lesson.course_id, Lesson.id).where(Lesson.active).order_by(Lesson.position)
    ):
        lessons.setdefault(course_id, []).append(lesson_id)
    questions: dict[int, list[int]] = {}
    for course_id, question_id in db.session.execute(
        select(QuizQuestion.course_id, QuizQuestion.id)
        .where(QuizQuestion.active)
        .order_by(QuizQuestion.position)
    ):
        questions.setdefault(course_id, []).append(question_id)
    course_by_id = {c.id: c for c in courses}
    assigned: dict[int, list[int]] = {}
    for person_id, course_id in db.session.execute(
        select(CourseStatus.person_id, CourseStatus.course_id).where(CourseStatus.assigned)
    ):
        assigned.setdefault(person_id, []).append(course_id)
    all_course_ids = list(course_by_id)

    progress: list[dict[str, Any]] = []
    attempts: list[dict[str, Any]] = []
    completions: list[dict[str, Any]] = []
    attempt_id = 0
    completion_id = 0
    for person_id in org.person_ids:
        mine = list(assigned.get(person_id, []))
        fixed = person_id in org.staff_ids
        if not fixed and rng.random() > WITH_PROGRESS_SHARE:
            continue
        if fixed:  # the staff accounts have read every lesson of the quiz course
            mine += [c.id for c in courses if c.slug.endswith("-fordjupning-1")]
        elif rng.random() < 0.15:
            mine.append(rng.choice(all_course_ids))  # a course taken without being assigned
        for course_id in dict.fromkeys(mine):
            course = course_by_id[course_id]
            roll = rng.random()
            course_lessons = lessons.get(course_id, [])
            if fixed:
                read, completes = len(course_lessons), False
            elif roll < 0.7:
                read, completes = len(course_lessons), True
            elif roll < 0.9:
                read, completes = rng.randint(1, max(1, len(course_lessons) - 1)), False
            else:
                continue
            started = now - timedelta(days=rng.uniform(1, 730), minutes=rng.randint(0, 600))
            for i, lesson_id in enumerate(course_lessons[:read]):
                seen = started + timedelta(minutes=6 * i)
                progress.append(
                    {"person_id": person_id, "lesson_id": lesson_id,
                     "first_viewed_at": seen, "last_viewed_at": seen}
                )  # fmt: skip
            if not completes:
                continue
            qids = questions.get(course_id, [])
            tries = 2 if rng.random() < 0.2 else 1
            for t in range(tries):
                attempt_id += 1
                passed = t == tries - 1
                at = started + timedelta(minutes=6 * read + 10 * t + 5)
                score = rng.uniform(course.pass_mark, 1.0) if passed else rng.uniform(0.3, 0.6)
                attempts.append(_attempt(attempt_id, person_id, course, qids, at, score, passed))
            completion_id += 1
            done_at = at + timedelta(minutes=1)
            expires = (
                add_months(done_at, course.validity_months) if course.validity_months else None
            )
            completions.append(
                {"id": completion_id, "person_id": person_id, "course_id": course_id,
                 "course_version": course.version, "completed_at": done_at,
                 "expires_at": expires, "score": attempts[-1]["score"],
                 "attempt_id": attempt_id, "code": new_code()}
            )  # fmt: skip
    report.counts["lesson_progress"] = _insert(LessonProgress.__table__, progress)
    report.counts["quiz_attempt"] = _insert(QuizAttempt.__table__, attempts)
    report.counts["completion"] = _insert(Completion.__table__, completions)
    _advance_sequences(QuizAttempt.__table__, Completion.__table__)


def _attempt(
    attempt_id: int,
    person_id: int,
    course: Course,
    question_ids: list[int],
    at: datetime,
    score: float,
    passed: bool,
) -> dict[str, Any]:
    right = round(score * len(question_ids))
    results = {
        str(q): {"score": 1.0 if i < right else 0.0, "feedback": []}
        for i, q in enumerate(question_ids)
    }
    return {
        "id": attempt_id,
        "person_id": person_id,
        "course_id": course.id,
        "course_version": course.version,
        "started_at": at - timedelta(minutes=8),
        "submitted_at": at,
        "layout": [{"question": q, "order": [0, 1, 2]} for q in question_ids],
        "answers": {},
        "results": results,
        "points": float(right),
        "max_points": float(len(question_ids)),
        "score": right / len(question_ids) if question_ids else score,
        "passed": passed,
    }


# --- statuses -----------------------------------------------------------------------------


def _statuses(now: datetime) -> None:
    """Derive every stored status from the facts, with the status engine's own SQL."""
    cs = CourseStatus
    # Rows for courses taken without an assignment.
    taken = (
        select(LessonProgress.person_id, Lesson.course_id)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .distinct()
        .subquery()
    )
    missing = (
        select(
            taken.c.person_id,
            taken.c.course_id,
            Person.unit_id,
            Unit.department_id,
            Person.is_key_person,
        )
        .join(Person, Person.id == taken.c.person_id)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(
            ~select(cs.person_id)
            .where(cs.person_id == taken.c.person_id, cs.course_id == taken.c.course_id)
            .exists()
        )
    )
    db.session.execute(
        insert(cs).from_select(
            ["person_id", "course_id", "unit_id", "department_id", "is_key_person"], missing
        )
    )
    for course_id in db.session.scalars(select(Course.id)):
        status.update_lesson_counts(course_id)
    # Started, and the newest completion's figures, for every row with lessons read: one UPDATE
    # joined to both aggregated once (not subqueries per row).
    first_seen = (
        select(
            LessonProgress.person_id,
            Lesson.course_id,
            func.min(LessonProgress.first_viewed_at).label("started_at"),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .group_by(LessonProgress.person_id, Lesson.course_id)
        .subquery()
    )
    newest = (
        select(
            Completion.person_id,
            Completion.course_id,
            Completion.completed_at,
            Completion.expires_at,
            Completion.score,
            func.row_number()
            .over(
                partition_by=(Completion.person_id, Completion.course_id),
                order_by=Completion.completed_at.desc(),
            )
            .label("n"),
        )
    ).subquery()
    facts = (
        select(first_seen, newest.c.completed_at, newest.c.expires_at, newest.c.score)
        .outerjoin(
            newest,
            and_(
                newest.c.person_id == first_seen.c.person_id,
                newest.c.course_id == first_seen.c.course_id,
                newest.c.n == 1,
            ),
        )
        .subquery()
    )
    db.session.execute(
        update(cs)
        .where(
            cs.lessons_read > 0,
            cs.person_id == facts.c.person_id,
            cs.course_id == facts.c.course_id,
        )
        .values(
            started_at=facts.c.started_at,
            completed_at=facts.c.completed_at,
            expires_at=facts.c.expires_at,
            score=facts.c.score,
        )
        .execution_options(synchronize_session=False)
    )
    status.refresh(now)


# --- training-needs inventory -------------------------------------------------------------


def _inventory(org: Org, rng: random.Random, now: datetime, report: SeedReport) -> None:
    """A closed inventory for key persons, answered by about 85 % of them, a month ago."""
    opened = now - timedelta(days=60)
    closed = now - timedelta(days=30)
    inventory = NeedsInventory(
        title=f"Inventering av utbildningsbehov {opened.year}",
        description="Nyckelpersonernas kunskap och utbildningsbehov per kompetensområde.",
        scope=InventoryScope.KEY_PERSONS.value,
        opens_on=opened.date(),
        closes_on=closed.date(),
        state=InventoryState.CLOSED.value,
        opened_at=opened,
        closed_at=closed,
        created_by_id=org.coordinator_id,
        created_at=opened - timedelta(days=7),
    )
    db.session.add(inventory)
    db.session.flush()
    areas = list(db.session.scalars(select(CompetenceArea.id).where(CompetenceArea.active)))
    answering = sorted(
        p for p in org.key_person_ids & org.active_ids if p in org.staff_ids or rng.random() < 0.85
    )
    submissions = []
    responses = []
    comments = [
        "Vill gärna ha ett fall att diskutera i arbetslaget.",
        "Behöver veta vem jag ska kontakta.",
        "=Behöver mer om sekretessen mellan förvaltningarna",
        "Har gått en utbildning tidigare men det var länge sedan.",
    ]
    for person_id in answering:
        at = opened + timedelta(days=rng.uniform(0, 29))
        submissions.append(
            {"inventory_id": inventory.id, "person_id": person_id,
             "other_needs": "", "entered_by_id": person_id, "entered_by_manager": False,
             "updated_at": at, "submitted_at": at, "version": 1}
        )  # fmt: skip
        for area_id in areas:
            knowledge = rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 1])[0]
            need = rng.choices(["none", "some", "great"], weights=[3, 5, 2 + (4 - knowledge)])[0]
            responses.append(
                {"inventory_id": inventory.id, "person_id": person_id, "area_id": area_id,
                 "knowledge": knowledge, "need": need,
                 "comment": rng.choice(comments) if rng.random() < 0.1 else "",
                 "entered_by_id": person_id, "entered_by_manager": False,
                 "updated_at": at, "submitted_at": at}
            )  # fmt: skip
    # Whom it asked was fixed when it opened: the active key persons then.
    asked = [
        {"inventory_id": inventory.id, "person_id": person_id, "added_at": opened}
        for person_id in sorted(org.key_person_ids & org.active_ids)
    ]
    report.counts["needs_inventory_person"] = _insert(InventoryPerson.__table__, asked)
    report.counts["needs_submission"] = _insert(NeedsSubmission.__table__, submissions)
    report.counts["needs_response"] = _insert(NeedsResponse.__table__, responses)


if __name__ == "__main__":
    sys.exit(main())
