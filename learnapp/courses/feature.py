"""How the app factory mounts the courses feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, personal_data

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.courses import cli, views  # noqa: F401
from learnapp.courses import personal_data as courses_personal_data
from learnapp.courses.blueprint import bp


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    personal_data.register(*courses_personal_data.SECTIONS)
    navigation.register("courses.catalogue", _l("Courses"), 10)
    app.register_blueprint(bp, url_prefix="/courses")
