"""How the app factory mounts the notifications feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask

from learnapp import personal_data

# Imported for their effect: their routes on the blueprint and their signal receivers.
from learnapp.notifications import (  # noqa: F401
    assignments,
    hooks,
    inventories,
    invitations,
    receipts,
    views,
    views_account,
    views_remind,
)
from learnapp.notifications import personal_data as notifications_personal_data
from learnapp.notifications.blueprint import bp
from learnapp.notifications.cli import mail_cli


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    personal_data.register(*notifications_personal_data.SECTIONS)
    hooks.init_app(app)
    app.cli.add_command(mail_cli)
    app.register_blueprint(bp, url_prefix="/notifications")
