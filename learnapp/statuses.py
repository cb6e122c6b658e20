"""The statuses a person can have on a course: a shared vocabulary below the features.

The training feature stores and keeps them (`training/models.py` CourseStatus, `training/status.py`
for the precedence); the course catalogue shows them; reports count them.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A person's status on a course. Stored (CourseStatus) and kept up to date by events."""

    NOT_ASSIGNED = "not_assigned"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"
    OVERDUE = "overdue"
