"""`python -m bench.mail`: the outbox at scale, against the targets of the notifications issue.

1. Opening an inventory for N people (default 100,000) queues N invitations: the time of the
   coordinator's request (open + commit), target ≤ 30 s.
2. `flask mail deliver` to a local SMTP server (aiosmtpd, started here): mails a second over the
   first `--deliver` invitations, written in the reader's language at delivery, target ≥ 100.

It uses its own database (default instance/bench-mail.sqlite3, or --database-url), emptied first.
"""

from __future__ import annotations

import argparse
import socket
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent
QUEUE_TARGET_S = 30.0
DELIVER_TARGET_PER_S = 100.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Sink:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 OK"


def _people(n: int) -> None:
    from learnapp.extensions import db
    from learnapp.org.models import Department, Person, Unit

    dept = Department(name="Bänkförvaltningen", code="BNK")
    db.session.add(dept)
    db.session.flush()
    units = []
    for i in range(max(n // 40, 1)):
        units.append({"name": f"Enhet {i}", "department_id": dept.id, "path": f"/{i + 1}/"})
    db.session.execute(insert(Unit), units)
    unit_ids = list(db.session.scalars(select(Unit.id).order_by(Unit.id)))
    rows = [
        {
            "name": f"Person {i}",
            "email": f"person{i}@example.org",
            "unit_id": unit_ids[i % len(unit_ids)],
            "language": "en" if i % 10 == 0 else "sv",
            "active": True,
            "is_key_person": False,
            "job_title": "",
            "key_function": "",
            "session_version": 1,
        }
        for i in range(n)
    ]
    for start in range(0, n, 10_000):
        db.session.execute(insert(Person), rows[start : start + 10_000])
    db.session.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mail", description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--deliver", type=int, default=3_000, help="mails to send (rate)")
    parser.add_argument(
        "--database-url", default="sqlite:///" + str(ROOT / "instance" / "bench-mail.sqlite3")
    )
    args = parser.parse_args(argv)

    from aiosmtpd.controller import Controller

    from learnapp import create_app
    from learnapp.extensions import db
    from learnapp.needs.models import InventoryScope, NeedsInventory
    from learnapp.needs.services import open_inventory
    from learnapp.notifications.delivery import deliver
    from learnapp.notifications.models import OutboxMail

    port = _free_port()
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": args.database_url,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "BASE_URL": "https://utbildning.example.org",
        }
    )
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with app.app_context():
            db.drop_all()  # a database of its own: built afresh each run
            db.create_all()
            print(f"Database: {db.engine.url.render_as_string()}; {args.people} people …")
            _people(args.people)
            inventory = NeedsInventory(
                title="Inventering av utbildningsbehov (bänk)",
                scope=InventoryScope.EVERYONE.value,
                state="draft",
            )
            db.session.add(inventory)
            db.session.commit()
            started = time.perf_counter()
            open_inventory(inventory, actor=None)  # type: ignore[arg-type]
            db.session.commit()
            queued_s = time.perf_counter() - started
            queued = db.session.scalar(select(func.count()).select_from(OutboxMail)) or 0
            started = time.perf_counter()
            result = deliver(limit=args.deliver)
            deliver_s = time.perf_counter() - started
            received = sink.received
            rate = result.sent / deliver_s if deliver_s else 0.0
    finally:
        controller.stop()
    ok_queue = queued == args.people and queued_s <= QUEUE_TARGET_S
    ok_rate = rate >= DELIVER_TARGET_PER_S and received == result.sent
    print(
        f"Open an inventory for {args.people} people: {queued} invitations queued in "
        f"{queued_s:.2f} s (target ≤ {QUEUE_TARGET_S:.0f} s) {'OK' if ok_queue else 'MISSED'}"
    )
    print(
        f"Deliver: {result.sent} mails in {deliver_s:.2f} s = {rate:.0f} mails/s to a local SMTP "
        f"server, {received} received (target ≥ {DELIVER_TARGET_PER_S:.0f}/s) "
        f"{'OK' if ok_rate else 'MISSED'}"
    )
    return 0 if ok_queue and ok_rate else 1


if __name__ == "__main__":
    raise SystemExit(main())
