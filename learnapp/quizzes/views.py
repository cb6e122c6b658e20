"""Views of the quizzes feature."""

from learnapp.quizzes import bp  # noqa: F401
