"""How the app factory mounts the needs feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, personal_data, slots
from learnapp.demo import parts as demo_parts

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.needs import (  # noqa: F401
    cli,
    views,
    views_answer,
    views_compare,
    views_lifecycle,
    views_results,
)
from learnapp.needs import personal_data as needs_personal_data
from learnapp.needs.blueprint import bp
from learnapp.org.models import Role


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    demo_parts.register("needs", 20, cli.demo_part)
    personal_data.register(*needs_personal_data.SECTIONS)
    navigation.register(
        "needs.index",
        _l("Training needs"),
        40,
        visible=lambda person: person.has_role(Role.MANAGER, Role.COORDINATOR, Role.ADMIN),
    )
    slots.register("home", "needs", order=20)(views_answer.home_panel)
    app.register_blueprint(bp, url_prefix="/needs")
