"""How the app factory mounts the home feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, slots
from learnapp.home import views
from learnapp.home.blueprint import bp


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    navigation.register("home.index", _l("Start"), 0)
    slots.register("home", "profile", order=90)(views.profile_panel)
    slots.register("home", "manager-units", order=30)(views.manager_panel)
    slots.register("home", "organisation", order=40)(views.coordinator_panel)
    app.register_blueprint(bp)
