"""Views of the training feature."""

from learnapp.training import bp  # noqa: F401
