"""How the app factory mounts the quizzes feature: its views, commands, menu entries
and panels."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learnapp import navigation, personal_data, signals, slots

# Imported for their effect: their routes on the blueprint, their commands and receivers.
from learnapp.quizzes import bank, cli, panels, views, views_bank, views_certificates  # noqa: F401
from learnapp.quizzes import personal_data as quizzes_personal_data
from learnapp.quizzes.access import COORDINATION
from learnapp.quizzes.blueprint import bp


def init_app(app: Flask) -> None:
    """Mount the blueprint with its routes; register the menu entries and panels."""
    personal_data.register(*quizzes_personal_data.SECTIONS)
    signals.course_quiz_loaded.connect(bank.on_course_quiz_loaded)
    navigation.register("quizzes.banks", _l("Question banks"), 70, roles=set(COORDINATION))
    slots.register("course", "quiz", order=50)(panels.course_panel)
    slots.register("person", "completions", order=60)(panels.person_panel)
    slots.register("home", "certificates", order=60)(panels.home_panel)
    slots.register("mine", "certificates", order=10)(panels.mine_panel)
    app.register_blueprint(bp, url_prefix="/quiz")
