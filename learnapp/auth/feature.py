"""How the app factory mounts the auth feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask

from learnapp import personal_data
from learnapp.auth import personal_data as auth_personal_data

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.auth import views, views_invitation, views_mfa, views_oidc  # noqa: F401
from learnapp.auth.blueprint import bp


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    personal_data.register(*auth_personal_data.SECTIONS)
    app.register_blueprint(bp)
