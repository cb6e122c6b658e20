"""Sign-in: local accounts, throttling, password change and reset."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from learnapp.auth import views  # noqa: E402,F401
