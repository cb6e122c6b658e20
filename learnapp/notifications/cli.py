"""`flask mail deliver` (cron, or `--watch` as a small always-on worker) and `flask mail status`."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.notifications.models import OutboxMail

mail_cli = AppGroup("mail", help="The outbox: deliver waiting mail, show what is waiting.")


@mail_cli.command("deliver")
@click.option("--watch", is_flag=True, help="Keep running: deliver, wait, deliver again.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds.")
@click.option("--limit", type=int, help="Stop after this many mails.")
def deliver_command(watch: bool, interval: float, limit: int | None) -> None:
    """Send every mail that is due. Safe to run from cron while the web process also sends."""
    while True:
        started = time.perf_counter()
        result = deliver(limit=limit)
        seconds = time.perf_counter() - started
        if result.handled or not watch:
            rate = result.sent / seconds if seconds > 0 else 0.0
            click.echo(
                f"Sent {result.sent}, to try again later {result.retried}, failed "
                f"{result.failed}, cancelled {result.cancelled} in {seconds:.1f} s "
                f"({rate:.0f} mails/s)."
            )
        if not watch:
            return
        db.session.remove()  # a fresh session each round: see what others committed
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            return


@mail_cli.command("status")
def status_command() -> None:
    """How many mails are in each state."""
    rows = db.session.execute(
        select(OutboxMail.state, func.count()).group_by(OutboxMail.state).order_by(OutboxMail.state)
    ).all()
    if not rows:
        click.echo("The outbox is empty.")
    for state, count in rows:
        click.echo(f"{state}: {count}")
