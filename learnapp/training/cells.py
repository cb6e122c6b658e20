"""What the course tables share: a cell (completion among those assigned) and the course titles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select

from learnapp.courses.models import Course
from learnapp.swedish import in_swedish_order


@dataclass
class Cell:
    """Completion among those assigned, for everyone and for key persons."""

    assigned: int = 0
    completed: int = 0
    overdue: int = 0
    key_assigned: int = 0
    key_completed: int = 0

    @property
    def share(self) -> float | None:
        return self.completed / self.assigned if self.assigned else None

    @property
    def key_share(self) -> float | None:
        return self.key_completed / self.key_assigned if self.key_assigned else None


# The titles of the courses with a cell in a table (`:ids`), in column order.
COURSE_TITLES = (
    select(Course.id, Course.title)
    .where(Course.id.in_(bindparam("ids", expanding=True)))
    .order_by(in_swedish_order(Course.title), Course.id)
)
