"""How the app factory mounts SCIM provisioning: the API (outside CSRF: it is token-authenticated),
the admin pages and `flask scim token …`."""

from __future__ import annotations

from flask import Flask

from learnapp import personal_data

# Imported for their effect: their routes on the blueprints, their commands.
from learnapp.scim import api, views  # noqa: F401
from learnapp.scim import personal_data as scim_personal_data
from learnapp.scim.blueprint import admin_bp, api_bp
from learnapp.scim.cli import scim_cli


def init_app(app: Flask) -> None:
    personal_data.register(*scim_personal_data.SECTIONS)
    from learnapp.extensions import csrf

    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(admin_bp)
    app.cli.add_command(scim_cli)
