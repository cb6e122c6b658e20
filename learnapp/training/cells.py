"""What the course tables share: a cell (completion among those assigned) and the course titles."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from sqlalchemy import bindparam, select

from learnapp.courses.models import Course
from learnapp.formats import number, percent, style_locale
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
    # The catalogue's strings are markup, as Jinja's own gettext takes them; the values are escaped.
    catalogue = catalogue_of(context)
    locale = style_locale(context.get("current_locale"))
    if not cell or not cell.assigned:
        return _MUTED % catalogue.ugettext("not assigned")
    of = Markup(catalogue.ugettext("%(done)d of %(total)d"))  # noqa: S704 - the catalogue's
    html = _SHARE % (
        percent(cell.share, locale=locale),
        of % {"done": cell.completed, "total": cell.assigned},
    )
    if cell.key_assigned:
        key = Markup(  # noqa: S704 - the catalogue's
            catalogue.ugettext("Key persons: %(share)s (%(done)d of %(total)d)")
        )
        html += _SMALL % (
            key
            % {
                "share": percent(cell.key_share, locale=locale),
                "done": cell.key_completed,
                "total": cell.key_assigned,
            }
        )
    if cell.overdue:
        overdue = catalogue.ungettext("%(n)s overdue", "%(n)s overdue", cell.overdue)
        html += _OVERDUE % (Markup(overdue) % {"n": number(cell.overdue, locale=locale)})  # noqa: S704
    return html


_MUTED = Markup('<span class="muted">%s</span>')
_SHARE = Markup('<span class="share">%s</span> <span class="small">(%s)</span>\n')
_SMALL = Markup('<br><span class="small">%s</span>')
_OVERDUE = Markup('<br><span class="status status-overdue">%s</span>')
