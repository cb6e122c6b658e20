"""What the course tables share: a cell (completion among those assigned) and the course titles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from sqlalchemy import bindparam, select

from learnapp.courses.models import Course
from learnapp.formats import day, number, percent, style_locale
from learnapp.statuses import Status
from learnapp.swedish import in_swedish_order
from learnapp.templating import catalogue_of


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


@pass_context
def cell_text(context: Context, cell: Cell | None) -> Markup:
    """A cell as the tables show it: "46 % (12 of 26)", key persons and overdue below.

    A function, not a Jinja macro: a department's top unit has some 90 units × 14 courses, and
    the macro's call and its translated strings cost most of the page's time. The same HTML.
    """
    # The catalogue's strings are markup, as Jinja's own gettext takes them (but "not assigned",
    # which is text); the values are escaped. Formatted as plain strings, not as Markup: Markup's
    # % wraps and escapes every value, a third of the page's time with 150 cells.
    catalogue = catalogue_of(context)
    locale = style_locale(context.get("current_locale"))
    if not cell or not cell.assigned:
        text = escape(catalogue.ugettext("not assigned"))
        return Markup(f'<span class="muted">{text}</span>')  # noqa: S704 - escaped
    of = catalogue.ugettext("%(done)d of %(total)d") % {
        "done": cell.completed,
        "total": cell.assigned,
    }
    html = (
        f'<span class="share">{escape(percent(cell.share, locale=locale))}</span>'
        f' <span class="small">({of})</span>\n'
    )
    if cell.key_assigned:
        key = catalogue.ugettext("Key persons: %(share)s (%(done)d of %(total)d)") % {
            "share": escape(percent(cell.key_share, locale=locale)),
            "done": cell.key_completed,
            "total": cell.key_assigned,
        }
        html += f'<br><span class="small">{key}</span>'
    if cell.overdue:
        overdue = catalogue.ungettext("%(n)s overdue", "%(n)s overdue", cell.overdue) % {
            "n": escape(number(cell.overdue, locale=locale))
        }
        html += f'<br><span class="status status-overdue">{overdue}</span>'
    return Markup(html)  # noqa: S704 - the catalogue's strings, the values escaped


@pass_context
def status_cells(context: Context, cells: list[Any], labels: dict[str, str]) -> tuple[Markup, bool]:
    """A person's row of the people table: a cell for each course (its status, the due date
    when overdue, the day when completed), one per line, and whether one is overdue.

    A function, not Jinja's loop: a page of 50 people × 14 courses is 700 cells, and the loop
    with its filters and translated strings cost most of the page's time. The same HTML.
    """
    catalogue = catalogue_of(context)
    due = catalogue.ugettext("due %(date)s")  # the catalogue's: markup, as Jinja's gettext takes it
    html = []
    overdue = False
    for cell in cells:
        if not cell:
            html.append(_NO_STATUS)
            continue
        status = cell.status
        text = f'<td><span class="status status-{escape(status)}">{escape(labels[status])}</span>'
        if status == OVERDUE:
            overdue = True
            text += f'<br><span class="small">{due % {"date": escape(day(cell.due_on))}}</span>'
        elif status == COMPLETED and cell.completed_at:
            text += f'<br><span class="small">{escape(day(cell.completed_at))}</span>'
        html.append(text + "</td>")
    return Markup("\n    ".join(html)), overdue  # noqa: S704 - escaped above


OVERDUE = Status.OVERDUE.value
COMPLETED = Status.COMPLETED.value
_NO_STATUS = '<td><span class="muted">–</span></td>'
