"""The notifications feature's blueprint. The views modules add their routes to it; `feature.py` mounts it."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
