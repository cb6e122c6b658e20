"""How the app factory mounts the routines feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, personal_data, slots
from learnapp.demo import parts as demo_parts

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.routines import (  # noqa: F401
    cli,
    mails,
    receivers,
    services,
    views,
    views_edit,
    views_editors,
    views_followup,
)
from learnapp.routines import personal_data as routines_personal_data
from learnapp.routines.blueprint import bp
from learnapp.routines.views_followup import FOLLOWERS


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    demo_parts.register("routines", 40, cli.demo_part)
    personal_data.register(*routines_personal_data.SECTIONS)
    navigation.register("routines.mine", _l("My routines"), 12)
    navigation.register("routines.contacts", _l("Who do I contact?"), 14)
    navigation.register(
        "routines.manage",
        _l("Edit routines"),
        27,
        visible=services.editor_condition,
    )
    navigation.register("routines.follow_up", _l("Routine follow-up"), 28, roles=set(FOLLOWERS))
    slots.register("home", "routines", order=5)(views.home_panel)
    app.register_blueprint(bp, url_prefix="/routines")
