"""How the app factory mounts the reports feature: its views, commands, menu entry and the
start page's dashboard."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, personal_data, slots

# Imported for their effect: their routes on the blueprint, their commands.
from learnapp.reports import cli, dashboard, views, views_downloads  # noqa: F401
from learnapp.reports import personal_data as reports_personal_data
from learnapp.reports.blueprint import bp
from learnapp.reports.views import COORDINATION


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entry."""
    personal_data.register(*reports_personal_data.SECTIONS)
    navigation.register("reports.report", _l("Status report"), 27, roles=set(COORDINATION))
    slots.register("home", "dashboard", order=1)(dashboard.home_panel)
    app.register_blueprint(bp, url_prefix="/reports")
