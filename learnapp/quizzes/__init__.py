"""Quizzes: the GIFT format, question banks, scored attempts, completions and certificates."""

from flask import Blueprint

# `flask gift ...` commands live on the blueprint (cli.py).
bp = Blueprint("quizzes", __name__, cli_group="gift")

from learnapp.quizzes import cli, panels, views, views_bank, views_certificates  # noqa: E402,F401
