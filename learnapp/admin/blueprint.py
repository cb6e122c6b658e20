"""The admin feature's blueprint. The views modules add their routes to it; `feature.py` mounts it."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

#: The privacy page and "my data" downloads, for everyone: /privacy.
privacy_bp = Blueprint("privacy", __name__)
