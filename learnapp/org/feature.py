"""How the app factory mounts the org feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.org import views  # noqa: F401
from learnapp.org.blueprint import bp
from learnapp.org.models import Role


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    navigation.register(
        "org.units",
        _l("Organisation"),
        60,
        visible=lambda person: person.has_role(Role.MANAGER, Role.COORDINATOR, Role.ADMIN),
    )
    app.register_blueprint(bp, url_prefix="/org")
