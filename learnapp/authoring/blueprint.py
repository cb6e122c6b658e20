"""The authoring feature's blueprint. The views modules add their routes to it; `feature.py` mounts it."""

from flask import Blueprint

bp = Blueprint("authoring", __name__)
