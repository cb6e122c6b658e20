"""`python -m bench.hr_import`: time the HR import end to end on a fresh database.

Two runs of `run_import` (the code behind `flask people import --apply` and the browser's
confirm), each from the file's bytes to the commit:

1. **first import**: N new people into an empty organisation (departments and units created
   from the file, a manager per unit), with six active assignment rules of every scope;
2. **re-import**: the same file with C changes (half of them move to another unit, a quarter
   change title and name, an eighth change key-person flag, an eighth are missing and are
   deactivated).

Prints the time and the number of SQL statements of each, checks that the rollups (the
department counters and the unit-subtree counters) agree with the rows afterwards, and drops the
database it made. PostgreSQL by default (the targets are for PostgreSQL: `bench/RESULTS.md`);
`--database-url sqlite:///...` for SQLite.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
HEADER = ["Anställningsnummer", "Namn", "E-post", "Förvaltning", "Enhet", "Befattning",
          "Nyckelperson", "Funktion", "Chefens e-post"]  # fmt: skip
DEPARTMENTS = ["Utbildningsförvaltningen", "Omsorgs- och socialförvaltningen",
               "Kultur- och fritidsförvaltningen", "Samhällsbyggnadsförvaltningen"]  # fmt: skip
UNITS_PER_DEPARTMENT = 50  # ten areas, five units below each: 200 units


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """A new, empty database next to `url` (PostgreSQL) or in a temporary folder (SQLite)."""
    if url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'import.sqlite3'}"
        return
    import psycopg

    name = f"learnapp_bench_import_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(url)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def unit_of(n: int) -> tuple[str, str]:
    """Person n's department and unit path; unit 0 of each area is the area's own staff."""
    dept = DEPARTMENTS[n % len(DEPARTMENTS)]
    u = (n // len(DEPARTMENTS)) % UNITS_PER_DEPARTMENT
    area, below = divmod(u, 5)
    return dept, f"Område {area + 1}" + (f" > Enhet {area + 1}.{below}" if below else "")


def people_rows(people: int) -> list[dict[str, str]]:
    managers: dict[tuple[str, str], str] = {}
    rows = []
    for n in range(people):
        dept, unit = unit_of(n)
        email = f"person{n}@kommun.example"
        manager = managers.setdefault((dept, unit), email)
        key = n % 12 == 0
        rows.append(
            {
                "Anställningsnummer": str(100000 + n),
                "Namn": f"Person {n} Andersson",
                "E-post": email,
                "Förvaltning": dept,
                "Enhet": unit,
                "Befattning": "Lärare" if n % 3 else "Handläggare",
                "Nyckelperson": "ja" if key else "nej",
                "Funktion": "Rektor" if key else "",
                "Chefens e-post": manager if manager != email else "",
            }
        )
    return rows


def changed_rows(rows: list[dict[str, str]], changes: int) -> list[dict[str, str]]:
    """`changes` changes spread over the file: moves, renames, key-person flips, leavers."""
    out = [dict(r) for r in rows]
    managers = {r["Chefens e-post"] for r in rows}
    step = max(1, len(out) // changes)
    picked = [i for i in range(1, len(out), step) if out[i]["E-post"] not in managers][:changes]
    moves, renames, flips = len(picked) // 2, len(picked) // 4, len(picked) // 8
    leavers = set()
    for k, i in enumerate(picked):
        row = out[i]
        if k < moves:
            dept, unit = unit_of(i + len(DEPARTMENTS) * 7)
            row["Förvaltning"], row["Enhet"], row["Chefens e-post"] = dept, unit, ""
        elif k < moves + renames:
            row["Namn"] += "-Berg"
            row["Befattning"] = "Biträdande rektor"
        elif k < moves + renames + flips:
            row["Nyckelperson"] = "nej" if row["Nyckelperson"] == "ja" else "ja"
            row["Funktion"] = "Skyddsombud" if row["Nyckelperson"] == "ja" else ""
        else:
            leavers.add(i)
    return [r for i, r in enumerate(out) if i not in leavers]


def to_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADER, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def setup(db: Any) -> Any:
    """Courses and six rules, one of each scope (two reaching everyone), and the admin."""
    from learnapp.courses.models import Course, Lesson
    from learnapp.org.models import Role
    from learnapp.org.services import create_department, create_person, create_unit
    from learnapp.training import assign
    from learnapp.training.models import RuleScope

    admin = create_person("Administratör", "admin@kommun.example", roles={Role.ADMIN})
    courses = []
    for i in range(6):
        course = Course(slug=f"kurs-{i}", title=f"Kurs {i}")
        db.session.add(course)
        db.session.flush()
        for j in range(3):
            db.session.add(
                Lesson(course_id=course.id, slug=f"l{j}", position=j, title=f"L {j}", body_html=".")
            )
        courses.append(course)
    dept = create_department(DEPARTMENTS[0], "UTB")
    area = create_unit("Område 1", dept)
    db.session.flush()
    rules: list[tuple[Any, RuleScope, dict[str, Any]]] = [
        (courses[0], RuleScope.EVERYONE, {}),
        (courses[1], RuleScope.EVERYONE, {}),
        (courses[2], RuleScope.DEPARTMENT, {"department": dept}),
        (courses[3], RuleScope.UNIT, {"unit": area}),
        (courses[4], RuleScope.KEY_PERSONS, {}),
        (courses[5], RuleScope.ROLE, {"role": Role.MANAGER.value}),
    ]
    for course, scope, extra in rules:
        assign.create_rule(
            assign.RuleInput(course=course, scope=scope, due_days=30, mandatory=True, **extra),
            admin,
        )
    db.session.commit()
    return admin


def timed_import(db: Any, data: bytes, actor: Any, **options: Any) -> dict[str, Any]:
    from learnapp.admin import hr_import
    from learnapp.admin.people_import import run_import

    count = [0]
    started: list[float] = []
    spent: dict[str, float] = {}  # statement (its first 100 characters) -> seconds in the database

    def before(*_args: Any) -> None:
        count[0] += 1
        started.append(time.perf_counter())

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        key = " ".join(statement.split())[:100]
        spent[key] = spent.get(key, 0.0) + time.perf_counter() - started.pop()

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    try:
        t0, cpu0 = time.perf_counter(), time.process_time()
        report = run_import(hr_import.parse(data), actor=actor, apply=True, **options)
        db.session.commit()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)
    if not report.applied:
        raise SystemExit(f"the import was not applied: {[str(e) for e in report.errors[:5]]}")
    slowest = sorted(spent.items(), key=lambda kv: -kv[1])[:8]
    return {
        "seconds": round(seconds, 2),
        "statements": count[0],
        "in_database": round(sum(spent.values()), 2),
        "python_cpu": round(cpu, 2),  # this process's CPU time: what a busy machine inflates least
        "slowest": [[round(t, 2), s] for s, t in slowest],
        **report.counts(),
    }


def run(url: str, people: int, changes: int) -> dict[str, Any]:
    from learnapp import create_app
    from learnapp.extensions import db
    from learnapp.training import rollups, tree_counts
    from learnapp.training.models import Assignment

    with fresh_database(url) as database_url:
        app = create_app(
            {
                "TESTING": False,
                "ENV": "testing",
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "MAIL_BACKEND": "memory",
            }
        )
        with app.app_context():
            db.create_all()
            admin = setup(db)
            rows = people_rows(people)
            result: dict[str, Any] = {"database": db.engine.dialect.name, "people": people}
            result["first"] = timed_import(db, to_csv(rows), admin, create_units=True)
            admin = db.session.merge(admin)
            data = to_csv(changed_rows(rows, changes))
            result["again"] = timed_import(
                db, data, admin, create_units=True, deactivate_missing=True
            )
            result["assignments"] = db.session.scalar(
                select(func.count())
                .select_from(Assignment)
                .where(Assignment.withdrawn_at.is_(None))
            )
            result["rollup_differences"] = len(rollups.differences()) + len(
                tree_counts.differences()
            )
            db.session.remove()
            db.engine.dispose()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hr_import", description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        help="a server to make a throwaway database on, or sqlite:///… (default: %(default)s)",
    )
    parser.add_argument("--people", type=int, default=20_000, help="default: %(default)s")
    parser.add_argument("--changes", type=int, default=1_000, help="default: %(default)s")
    parser.add_argument("--json", type=Path, dest="json_path", help="write the figures here")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="the statements that took longest"
    )
    args = parser.parse_args(argv)
    result = run(args.database_url, args.people, args.changes)
    for name, label in (("first", "first import"), ("again", "re-import")):
        r = result[name]
        print(
            f"{label}: {r['seconds']:.1f} s, {r['statements']} statements "
            f"({r['created']} created, {r['changed']} changed, {r['deactivated']} deactivated); "
            f"{r['in_database']:.1f} s of it in the database, {r['python_cpu']:.1f} s CPU here"
        )
        if args.verbose:
            for spent, statement in r["slowest"]:
                print(f"  {spent:6.2f} s  {statement}")
    print(f"active assignments: {result['assignments']}; "
          f"rollup differences: {result['rollup_differences']}")  # fmt: skip
    if args.json_path:
        args.json_path.write_text(json.dumps(result, indent=2) + "\n")
    if result["rollup_differences"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
