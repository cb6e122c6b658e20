"""Notifications: the outbox every mail goes through, what is sent when, the calendar feed."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("notifications", __name__)


@bp.record_once
def _register_extras(state: BlueprintSetupState) -> None:
    from learnapp.notifications import hooks
    from learnapp.notifications.cli import mail_cli

    hooks.init_app(state.app)  # type: ignore[arg-type]
    state.app.cli.add_command(mail_cli)


from learnapp.notifications import (  # noqa: E402,F401
    assignments,
    inventories,
    receipts,
    views,
    views_account,
    views_remind,
)
