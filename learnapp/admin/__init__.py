"""Administration: people and organisation, HR import, personal data, the audit log."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("admin", __name__)
#: The privacy page and "my data" downloads, for everyone: /privacy.
privacy_bp = Blueprint("privacy", __name__)


@bp.record_once
def _register_extras(state: BlueprintSetupState) -> None:
    """Mount the privacy pages and the commands with the admin feature (no edit to the factory)."""
    from learnapp.admin.cli import people_cli, privacy_cli

    state.app.register_blueprint(privacy_bp, url_prefix="/privacy")
    state.app.cli.add_command(people_cli)
    state.app.cli.add_command(privacy_cli)


from learnapp.admin import (  # noqa: E402,F401
    views,
    views_audit,
    views_import,
    views_org,
    views_people,
    views_privacy,
)
