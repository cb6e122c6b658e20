"""Views of the courses feature."""

from learnapp.courses import bp  # noqa: F401
