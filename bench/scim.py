"""`python -m bench.scim`: N SCIM user creates in a row, as Microsoft Entra ID sends them.

One POST /scim/v2/Users per person (with a bearer token, the enterprise extension's department,
the unit attribute and a manager for every fifth person) through the app's WSGI stack in this
process, on a fresh database with 200 units and the HR import bench's six assignment rules (every
scope; the rules are applied in the app's batches, see learnapp.scim.pending). Prints p50/p95/p99
per request, the statements per request and this process's CPU time
(what a loaded machine inflates least), checks that every person got their rule assignments and
that the rollups agree, and drops the database. PostgreSQL by default (target: p50 ≤ 30 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from bench.hr_import import DEFAULT_URL, DEPARTMENTS, fresh_database, setup, unit_of

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
UNIT = "urn:ietf:params:scim:schemas:extension:learnapp:2.0:User"
TARGET_P50_MS = 30.0


def make_units(db: Any) -> None:
    """The departments and units the users name (as an HR import would have made them)."""
    from learnapp.org.models import Department, Unit
    from learnapp.org.services import create_department, create_unit

    made: dict[tuple[str, str], Any] = {
        (dept.name, unit.name): unit
        for unit, dept in db.session.execute(
            select(Unit, Department).join(Department).where(Unit.parent_id.is_(None))
        )
    }  # the setup's own top units
    for n in range(len(DEPARTMENTS) * 50):
        dept_name, path = unit_of(n)
        dept = db.session.scalar(select(Department).where(Department.name == dept_name))
        if dept is None:
            dept = create_department(dept_name, f"D{len(made)}")
        parent = None
        parts = [p.strip() for p in path.split(">")]
        for depth in range(len(parts)):
            key = (dept_name, " > ".join(parts[: depth + 1]))
            if key not in made:
                made[key] = create_unit(parts[depth], dept, parent)
            parent = made[key]
    db.session.commit()


def user(n: int, manager_id: str | None) -> dict[str, Any]:
    dept, unit = unit_of(n)
    body: dict[str, Any] = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE, UNIT],
        "externalId": f"entra-{n}",
        "userName": f"person{n}@kommun.example",
        "active": True,
        "displayName": f"Person {n} Andersson",
        "name": {"givenName": "Person", "familyName": f"{n} Andersson"},
        "emails": [{"primary": True, "type": "work", "value": f"person{n}@kommun.example"}],
        "title": "Lärare",
        ENTERPRISE: {"employeeNumber": str(100000 + n), "department": dept},
        UNIT: {"unit": unit},
    }
    if manager_id:
        body[ENTERPRISE]["manager"] = {"value": manager_id}
    return body


def run(url: str, people: int) -> dict[str, Any]:
    from learnapp import create_app
    from learnapp.extensions import db
    from learnapp.org.models import Person
    from learnapp.scim import tokens
    from learnapp.training import rollups
    from learnapp.training.models import Assignment

    with fresh_database(url) as database_url:
        app = create_app(
            {
                "TESTING": False,
                "ENV": "testing",
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "MAIL_BACKEND": "memory",
                "BASE_URL": "http://localhost",
            }
        )
        with app.app_context():
            db.create_all()
            setup(db)
            make_units(db)
            _token, secret = tokens.create("bench", None)
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/scim+json"}
        timings: list[float] = []
        statements = [0]

        def count(*_args: Any) -> None:
            statements[0] += 1

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", count)
        cpu0 = time.process_time()
        manager: str | None = None
        for n in range(people):
            body = json.dumps(user(n, manager if n % 5 else None))
            t0 = time.perf_counter()
            response = client.post("/scim/v2/Users", data=body, headers=headers)
            timings.append(time.perf_counter() - t0)
            if response.status_code != 201:
                raise SystemExit(f"user {n}: {response.status_code} {response.get_data(True)}")
            if n % 50 == 0:
                manager = response.get_json()["id"]
        cpu = time.process_time() - cpu0
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", count)
            from learnapp.scim import pending

            t0 = time.perf_counter()
            tail = pending.apply_all()  # what `flask scim apply` does with the last batch
            db.session.commit()
            tail_seconds = time.perf_counter() - t0
            created = db.session.scalar(select(func.count()).select_from(Person)) or 0
            assignments = db.session.scalar(
                select(func.count())
                .select_from(Assignment)
                .where(Assignment.withdrawn_at.is_(None))
            )
            differences = len(rollups.differences())
            db.session.remove()
            db.engine.dispose()
    ms = sorted(t * 1000 for t in timings)
    return {
        "database": "postgresql" if "postgresql" in url else "sqlite",
        "creates": people,
        "people_after": created,
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 2),
        "p99_ms": round(ms[int(len(ms) * 0.99) - 1], 2),
        "max_ms": round(ms[-1], 2),
        "statements_per_create": round(statements[0] / people, 1),
        "cpu_ms_per_create": round(cpu * 1000 / people, 2),  # this process: app and driver
        "wall_seconds": round(sum(timings), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "tail_applied": tail,
        "tail_seconds": round(tail_seconds, 2),
        "active_assignments": assignments,
        "rollup_differences": differences,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scim", description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        help="a server to make a throwaway database on, or sqlite:///… (default: %(default)s)",
    )
    parser.add_argument("--people", type=int, default=10_000, help="default: %(default)s")
    parser.add_argument("--json", type=Path, dest="json_path", help="write the figures here")
    args = parser.parse_args(argv)
    result = run(args.database_url, args.people)
    verdict = "meets" if result["p50_ms"] <= TARGET_P50_MS else "misses"
    print(
        f"{result['creates']} SCIM creates on {result['database']}: p50 {result['p50_ms']} ms "
        f"({verdict} the {TARGET_P50_MS:.0f} ms target), p95 {result['p95_ms']} ms, "
        f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms; "
        f"{result['statements_per_create']} statements and {result['cpu_ms_per_create']} ms CPU "
        f"here per create; load average {result['load_average']}"
    )
    print(f"active assignments: {result['active_assignments']}; "
          f"rollup differences: {result['rollup_differences']}")  # fmt: skip
    if args.json_path:
        args.json_path.write_text(json.dumps(result, indent=2) + "\n")
    if result["rollup_differences"] or result["people_after"] < result["creates"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
