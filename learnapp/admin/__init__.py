"""Administration: people and organisation, HR import, personal data, the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from learnapp.admin import views  # noqa: E402,F401
