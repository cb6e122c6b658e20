"""Quizzes: the GIFT format, question banks, scored attempts, completions and certificates."""

from flask import Blueprint

bp = Blueprint("quizzes", __name__)

from learnapp.quizzes import views  # noqa: E402,F401
