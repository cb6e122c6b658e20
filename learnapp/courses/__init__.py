"""Courses as content: loaded from courses/, delivered lesson by lesson."""

from flask import Blueprint

bp = Blueprint("courses", __name__)

from learnapp.courses import cli, views  # noqa: E402,F401
