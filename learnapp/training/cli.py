"""`flask training refresh` and `flask training demo`; `flask reminders send`. All safe for cron."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import AppGroup

from learnapp.extensions import db
from learnapp.training.blueprint import bp

reminders_cli = AppGroup("reminders", help="Reminder e-mails about assigned courses.")


bp.cli.help = "Assignments and statuses: the daily status refresh and demo data."


@bp.record_once
def _register_reminders(state: Any) -> None:
    state.app.cli.add_command(reminders_cli)


@bp.cli.command("refresh")
def refresh() -> None:
    """Apply the date-driven status changes (overdue, expired). Idempotent; run daily."""
    from learnapp.training.status import refresh as run_refresh

    result = run_refresh()
    db.session.commit()
    click.echo(f"New due dates after expiry: {result.due_again}.")
    if not result.changed:
        click.echo("No status changed.")
    for name, count in sorted(result.changed.items()):
        click.echo(f"Now {name}: {count}.")


@reminders_cli.command("send")
def send() -> None:
    """E-mail due and overdue mandatory courses (once a week each), managers' summaries and
    notices of completions that expire within 30 days."""
    from learnapp.notifications.delivery import deliver
    from learnapp.notifications.receipts import queue_recertification
    from learnapp.training.reminders import send_reminders

    result = send_reminders()
    renewals = queue_recertification()
    db.session.commit()  # the reminders are in the outbox and recorded: a failure below loses none
    click.echo(
        f"Reminders queued for {result.people} people about {result.assignments} assignments; "
        f"{result.managers} manager summaries; {renewals} re-certification notices."
    )
    delivered = deliver()
    click.echo(f"Mail sent: {delivered.sent}; waiting for another attempt: {delivered.retried}.")


@bp.cli.command("demo")
def demo() -> None:
    """Assign the basics course to the school's key persons, with some progress. Idempotent."""
    from learnapp.training.demo import load_training_demo

    message = load_training_demo()
    db.session.commit()
    click.echo(message)
