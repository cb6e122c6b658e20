"""The start page, language choice and the site's information pages."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from learnapp.home import views  # noqa: E402,F401
