"""`python -m bench.everyone_inventory`: add a closed inventory that asked everyone to a bench seed.

The seed's own inventory asks the key persons (some 8,000 of 100,000 people, 67,580 answer rows).
An inventory that asks everyone is ten times that: about 700,000 answer rows at 100,000 people,
the largest workbook and CSV the app writes. This adds one, set-based (a few INSERT … SELECT
statements, about a minute at 100,000 people): everyone active with a unit is asked, 70 % have
answered every area (knowledge and need follow from the person's and the area's ids, so a run is
repeatable), one in fifty wrote something under "Andra utbildningsbehov".

The runner reads the newest inventory, so after this its `needs_*` scenarios and exports read this
one:

    python -m bench.everyone_inventory --database-url postgresql://…/bench100k_copy
    python -m bench --database-url postgresql://…/bench100k_copy --only needs_xlsx,needs_csv

Use a copy of the seed: the runner's figures for the key-person inventory are then no longer what
it measures.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from datetime import timedelta

from bench import database

TITLE = "Inventering för alla (bench)"


def add(log: object = print) -> int:
    """Add the inventory; return its id."""
    from sqlalchemy import text

    from learnapp.db import utcnow
    from learnapp.extensions import db
    from learnapp.needs.models import InventoryScope, InventoryState, NeedsInventory
    from learnapp.org.models import Person

    now = utcnow()
    opened, closed = now - timedelta(days=20), now - timedelta(days=1)
    from bench.seed import ACCOUNTS

    coordinator = db.session.scalar(
        db.select(Person.id).where(Person.email == ACCOUNTS["coordinator"])
    )
    inventory = NeedsInventory(
        title=TITLE,
        description="Alla medarbetares kunskap och utbildningsbehov (bench).",
        scope=InventoryScope.EVERYONE.value,
        opens_on=opened.date(),
        closes_on=closed.date(),
        state=InventoryState.CLOSED.value,
        opened_at=opened,
        closed_at=closed,
        created_by_id=coordinator,
    )
    db.session.add(inventory)
    db.session.flush()
    params = {"inv": inventory.id, "opened": opened, "at": opened + timedelta(days=5)}
    statements = [
        (
            "needs_inventory_person",
            "INSERT INTO needs_inventory_person (inventory_id, person_id, added_at)"
            " SELECT :inv, id, :opened FROM person WHERE active AND unit_id IS NOT NULL",
        ),
        (
            "needs_submission",
            "INSERT INTO needs_submission (inventory_id, person_id, other_needs, entered_by_id,"
            " entered_by_manager, updated_at, submitted_at, version)"
            " SELECT :inv, person_id,"
            " CASE WHEN person_id % 50 = 0 THEN 'Mer om samverkan med polisen.' ELSE '' END,"
            " person_id, false, :at, :at, 1 FROM needs_inventory_person"
            " WHERE inventory_id = :inv AND person_id % 10 < 7",
        ),
        (
            "needs_response",
            "INSERT INTO needs_response (inventory_id, person_id, area_id, knowledge, need,"
            " comment, entered_by_id, entered_by_manager, updated_at, submitted_at)"
            " SELECT :inv, s.person_id, a.id, 1 + (s.person_id * 7 + a.id * 3) % 4,"
            " CASE WHEN (s.person_id + a.id * 5) % 10 < 3 THEN 'great'"
            " WHEN (s.person_id + a.id * 5) % 10 < 7 THEN 'some' ELSE 'none' END,"
            " CASE WHEN (s.person_id + a.id) % 20 = 0 THEN 'Ett fall att diskutera.' ELSE '' END,"
            " s.person_id, false, :at, :at"
            " FROM needs_submission s CROSS JOIN competence_area a"
            " WHERE s.inventory_id = :inv AND a.active",
        ),
    ]
    for table, sql in statements:
        started = time.perf_counter()
        rows = getattr(db.session.execute(text(sql), params), "rowcount", -1)
        log(f"  {table}: {rows} rows in {time.perf_counter() - started:.1f} s")  # type: ignore[operator]
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE needs_inventory_person, needs_submission, needs_response")
            )
    return int(inventory.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.everyone_inventory", description=__doc__)
    parser.add_argument("--database-url", default=database.default_url())
    args = parser.parse_args(argv)
    os.environ.update(
        database.app_env(args.database_url, development=True, secret=secrets.token_hex(32))
    )
    from learnapp import create_app

    with create_app().app_context():
        started = time.perf_counter()
        inventory_id = add()
        print(
            f"Inventory {inventory_id} asks everyone: added in {time.perf_counter() - started:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
