"""The organisation: departments, units, people, and who manages whom."""

from flask import Blueprint

bp = Blueprint("org", __name__)

from learnapp.org import views  # noqa: E402,F401
