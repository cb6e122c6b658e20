"""How the app factory mounts the course editor: its views and its menu entry."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation

# Imported for their effect: their routes on the blueprint.
from learnapp.authoring import (  # noqa: F401
    services,
    views,
    views_editors,
    views_packages,
    views_publish,
    views_questions,
)
from learnapp.authoring.blueprint import bp
from learnapp.authoring.cli import import_command
from learnapp.courses.blueprint import bp as courses_bp


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entry."""
    navigation.register(
        "authoring.index",
        _l("Edit courses"),
        26,
        visible=services.editor_condition,
    )
    if "import" not in courses_bp.cli.commands:
        courses_bp.cli.add_command(import_command)
    app.register_blueprint(bp, url_prefix="/authoring")
