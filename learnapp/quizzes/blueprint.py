"""The quizzes feature's blueprint. The views modules add their routes to it; `feature.py` mounts it."""

from flask import Blueprint

# `flask gift ...` commands live on the blueprint (cli.py).
bp = Blueprint("quizzes", __name__, cli_group="gift")
