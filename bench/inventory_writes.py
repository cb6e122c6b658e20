"""`python -m bench.inventory_writes`: answers saved to an open inventory, and the reader after each.

An open inventory's results are read from stored figures (`learnapp/needs/tallies.py`). This saves
`--answers` answers (a submitted answer for a random person the newest inventory asks, random
knowledge and need in each of its areas, committed one by one through `save_answers`) and after
each opens the results page as the bench coordinator, in one process (as `bench.pages`). It
prints the median and the slowest of the save (with the app's CPU time, which hardly depends on
the machine's load, and its statements) and of that first reader.

It writes: a closed inventory is reopened for the run (`change_closing_date`) and closed again
after, and the answers stay. Use a copy of the seed:

    python -m bench.inventory_writes --database-url postgresql://…/bench100k_copy --answers 20
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from datetime import timedelta
from typing import Any

from bench import database


def run(
    answers: int, email: str, password: str, check: bool, inventory_id: int | None = None
) -> dict[str, Any]:
    from flask import Flask
    from sqlalchemy import event, select

    from bench.client import parse_form
    from bench.wsgi import create_bench_app
    from learnapp.db import utcnow
    from learnapp.extensions import db
    from learnapp.needs import tallies
    from learnapp.needs.models import InventoryPerson, Need, NeedsInventory
    from learnapp.needs.services import (
        Answers,
        AreaAnswer,
        change_closing_date,
        inventory_areas,
        save_answers,
    )
    from learnapp.org.models import Person

    app: Flask = create_bench_app()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        newest = select(NeedsInventory).order_by(NeedsInventory.id.desc())
        if inventory_id is not None:
            newest = newest.where(NeedsInventory.id == inventory_id)
        inventory = db.session.scalars(newest).first()
        if inventory is None:
            raise SystemExit("no inventory in this database")
        inventory_id = inventory.id
        coordinator = db.session.scalars(select(Person).where(Person.email == email)).one()
        was_closed = inventory.is_closed
        if was_closed:
            change_closing_date(inventory, coordinator, (utcnow() + timedelta(days=30)).date())
            db.session.commit()
        asked = list(
            db.session.scalars(
                select(InventoryPerson.person_id)
                .where(InventoryPerson.inventory_id == inventory_id)
                .order_by(InventoryPerson.person_id)
            )
        )
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = parse_form(page, "/login").value("csrf_token")
    reply = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    if reply.status_code != 302:
        raise SystemExit(f"signing in as {email} failed: HTTP {reply.status_code}")
    path = f"/needs/{inventory_id}/results"

    def read() -> float:
        started = time.perf_counter()
        response = client.get(path)
        response.get_data()
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        return time.perf_counter() - started

    first_count = read()  # counts the figures unless they are current
    current = statistics.median(read() for _ in range(3))
    rng = random.Random(22)
    saves, save_cpu, readers, save_statements = [], [], [], []
    for _ in range(answers):
        with app.app_context():
            inventory = db.session.get_one(NeedsInventory, inventory_id)
            person = db.session.get_one(Person, rng.choice(asked))
            given = Answers()
            for area in inventory_areas(inventory):
                given.areas[area.id] = AreaAnswer(rng.randint(1, 4), rng.choice(list(Need)), "")
            statements.clear()
            started, cpu = time.perf_counter(), time.process_time()
            save_answers(inventory, person, given, entered_by=person, submit=True)
            db.session.commit()
            saves.append(time.perf_counter() - started)
            save_cpu.append(time.process_time() - cpu)
            save_statements.append(len(statements))
        readers.append(read())
    with app.app_context():
        inventory = db.session.get_one(NeedsInventory, inventory_id)
        fresh = tallies.is_fresh(inventory_id)
        problems = tallies.differences(inventory) if check else None
        if was_closed:
            inventory.close(utcnow())  # as it was (not audited: the bench's own change)
            db.session.commit()
    return {
        "inventory": inventory_id,
        "first_count_ms": round(1000 * first_count, 1),
        "current_ms": round(1000 * current, 1),
        "save_ms": [round(1000 * statistics.median(saves), 1), round(1000 * max(saves), 1)],
        "save_cpu_ms": round(1000 * statistics.median(save_cpu), 1),
        "save_statements": max(save_statements),
        "reader_ms": [round(1000 * statistics.median(readers), 1), round(1000 * max(readers), 1)],
        "fresh_after": fresh,
        "differences": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inventory_writes", description=__doc__)
    parser.add_argument("--database-url", default=database.default_url())
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--inventory", type=int, help="its id (default: the newest)")
    parser.add_argument(
        "--check", action="store_true", help="compare the stored figures with a recount after"
    )
    args = parser.parse_args(argv)
    from bench.seed import ACCOUNTS, BENCH_PASSWORD

    os.environ["LEARNAPP_BASE_URL"] = "http://localhost"  # the test client's host, trusted
    os.environ.update(
        database.app_env(args.database_url, development=True, secret=secrets.token_hex(32))
    )
    result = run(args.answers, ACCOUNTS["coordinator"], BENCH_PASSWORD, args.check, args.inventory)
    print(
        f"inventory {result['inventory']}: results page {result['first_count_ms']} ms at the"
        f" first request, {result['current_ms']} ms when current"
    )
    print(
        f"save an answer: median {result['save_ms'][0]} ms (the app's CPU {result['save_cpu_ms']}"
        f" ms), slowest {result['save_ms'][1]} ms, {result['save_statements']} statements at most"
    )
    print(
        f"results page right after: median {result['reader_ms'][0]} ms,"
        f" slowest {result['reader_ms'][1]} ms"
    )
    print(f"figures current after the run: {result['fresh_after']}")
    if result["differences"] is not None:
        print(f"differences from a recount: {result['differences'] or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
