"""Training-needs inventories (inventering av utbildningsbehov) and competence areas."""

from flask import Blueprint

bp = Blueprint("needs", __name__)

from learnapp.needs import cli, views, views_answer, views_results  # noqa: E402,F401
