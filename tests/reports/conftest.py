"""Fixtures for the status report tests: the training and needs fixtures, reused."""

from __future__ import annotations

from tests.needs.conftest import answer, areas, make_inventory  # noqa: F401
from tests.training.conftest import course, make_rule  # noqa: F401
