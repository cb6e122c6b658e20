"""`flask training refresh` and `flask training demo`. Safe for cron. (`flask reminders send` is
the notifications feature's.)"""

from __future__ import annotations

import click

from learnapp.extensions import db
from learnapp.training.blueprint import bp

bp.cli.help = "Assignments and statuses: the daily status refresh and demo data."


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


@bp.cli.command("demo")
def demo() -> None:
    """Assign the basics course to the school's key persons, with some progress (the training
    part of `flask demo load`). Idempotent."""
    from learnapp.training.demo import load_training_demo

    message = load_training_demo()
    db.session.commit()
    click.echo(message)
