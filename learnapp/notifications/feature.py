"""How the app factory mounts the notifications feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask

from learnapp import mail, personal_data
from learnapp.needs.blueprint import bp as needs_bp

# Imported for their effect: their routes on the blueprint and their signal receivers.
from learnapp.notifications import (  # noqa: F401
    assignments,
    hooks,
    inventories,
    invitations,
    outbox,
    receipts,
    views,
    views_account,
    views_remind,
)
from learnapp.notifications import personal_data as notifications_personal_data
from learnapp.notifications.blueprint import bp
from learnapp.notifications.cli import mail_cli, needs_remind, reminders_cli


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    personal_data.register(*notifications_personal_data.SECTIONS)
    mail.set_outbox(app, outbox.queue)
    hooks.init_app(app)
    app.cli.add_command(mail_cli)
    app.cli.add_command(reminders_cli)
    # `flask needs remind`: mail about inventories, under the needs feature's command group.
    needs_bp.cli.add_command(needs_remind)
    app.register_blueprint(bp, url_prefix="/notifications")
