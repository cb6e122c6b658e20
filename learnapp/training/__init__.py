"""Assignments and reporting: rules, stored statuses, manager and coordinator views, exports."""

from flask import Blueprint

bp = Blueprint("training", __name__)

from learnapp.training import cli, receivers, views, views_reports  # noqa: E402,F401
