"""The org feature's blueprint. The views modules add their routes to it; `feature.py` mounts it."""

from flask import Blueprint

bp = Blueprint("org", __name__)
