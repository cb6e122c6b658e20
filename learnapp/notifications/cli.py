"""`flask mail deliver` (cron, or `--watch` as a small always-on worker), `flask mail status`,
`flask reminders send` and `flask needs remind` (this feature's, mounted on the needs group)."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.formats import counted
from learnapp.notifications.delivery import deliver
from learnapp.notifications.models import OutboxMail

mail_cli = AppGroup("mail", help="The outbox: deliver waiting mail, show what is waiting.")
reminders_cli = AppGroup("reminders", help="Reminder e-mails about assigned courses.")


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


@reminders_cli.command("send")
def reminders_send() -> None:
    """E-mail due and overdue mandatory courses (once a week each), managers' summaries and
    notices of completions that expire within 30 days."""
    from learnapp.notifications.receipts import queue_recertification
    from learnapp.notifications.summaries import send_manager_summaries
    from learnapp.training.reminders import send_reminders

    result = send_reminders()
    managers = send_manager_summaries(utcnow())
    renewals = queue_recertification()
    db.session.commit()  # the reminders are in the outbox and recorded: a failure below loses none
    click.echo(
        f"Reminders queued for {result.people} people about {result.assignments} assignments; "
        f"{managers} manager summaries; {renewals} re-certification notices."
    )
    delivered = deliver()
    click.echo(f"Mail sent: {delivered.sent}; waiting for another attempt: {delivered.retried}.")


@click.command("remind")
def needs_remind() -> None:
    """Remind those who have not answered an open inventory that closes soon. Run daily."""
    from learnapp.notifications.inventories import send_due_reminders

    sent = send_due_reminders()
    db.session.commit()
    if not sent:
        click.echo("No open inventory closes soon.")
    for inventory_id, count in sorted(sent.items()):
        click.echo(f"Inventory {inventory_id}: {counted(count, 'reminder')} queued.")
    delivered = deliver()
    click.echo(f"Mail sent: {delivered.sent}; waiting for another attempt: {delivered.retried}.")
