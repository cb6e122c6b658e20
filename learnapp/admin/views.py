"""Views of the admin feature."""

from learnapp.admin import bp  # noqa: F401
