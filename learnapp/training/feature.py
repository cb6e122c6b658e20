"""How the app factory mounts the training feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, personal_data, slots
from learnapp.courses.queries import STORED_STATUSES
from learnapp.demo import parts as demo_parts
from learnapp.org.models import Role

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.training import cli, receivers, status, views, views_reports  # noqa: F401
from learnapp.training import personal_data as training_personal_data
from learnapp.training.blueprint import bp
from learnapp.training.demo import load_training_demo
from learnapp.training.views import COORDINATION


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    demo_parts.register("training", 30, load_training_demo)
    personal_data.register(*training_personal_data.SECTIONS)
    navigation.register("training.mine", _l("My training"), 10)
    navigation.register("training.team", _l("My unit"), 20, roles={Role.MANAGER})
    navigation.register("training.overview", _l("Training overview"), 25, roles=set(COORDINATION))
    navigation.register("training.rules", _l("Assignment rules"), 26, roles=set(COORDINATION))
    slots.register("home", "training", order=10)(views.home_panel)
    slots.register("person", "training", order=20)(views.person_section)
    app.extensions[STORED_STATUSES] = status.stored_statuses  # the catalogue's status column
    app.register_blueprint(bp, url_prefix="/training")
