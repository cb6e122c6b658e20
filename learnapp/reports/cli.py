"""`flask reports snapshot`: the month's completion snapshot. Safe for cron; run it monthly."""

from __future__ import annotations

import click

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.formats import counted
from learnapp.reports import services
from learnapp.reports.blueprint import bp
from learnapp.reports.dates import local_today

bp.cli.help = "The status report: monthly completion snapshots for its trend."


@bp.cli.command("snapshot")
def snapshot() -> None:
    """Store this month's completion of the mandatory courses (replaces this month's earlier
    snapshot). Run it monthly from cron, e.g. `0 6 1 * * flask --app learnapp reports snapshot`."""
    now = utcnow()
    rows = services.take_snapshot(local_today(now), now)
    db.session.commit()
    click.echo(f"Snapshot stored: {counted(rows, 'row')}.")
