"""Routines per department (rutiner): versions, acknowledgement, live contacts, follow-up."""

from flask import Blueprint

bp = Blueprint("routines", __name__)

from learnapp.routines import cli, receivers, views, views_edit, views_editors  # noqa: E402,F401
