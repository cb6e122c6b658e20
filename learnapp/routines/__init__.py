"""Routines per department (rutiner): versions, acknowledgement, live contacts, follow-up."""

from flask import Blueprint

bp = Blueprint("routines", __name__)

from learnapp.routines import (  # noqa: E402,F401
    cli,
    mails,
    receivers,
    views,
    views_edit,
    views_editors,
    views_followup,
)
