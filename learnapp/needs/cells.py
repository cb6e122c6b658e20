"""Cells of the needs results' big tables, written in Python: a large unit's heat map has some
1,000 of them, a unit's table of its people's answers one per person and area."""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from learnapp.formats import number, percent, style_locale
from learnapp.needs.reports import Cell
from learnapp.templating import catalogue_of


@pass_context
def heat_cell(context: Context, cell: Cell | None, minimum: int) -> Markup:
    """One row × area of the heat map: the share with a great need, how many of how many, the
    average knowledge and n; fewer than `minimum` answers show no share or average.

    A function, not Jinja in the macro's loop: the translated strings there cost most of a large
    unit's page. The same HTML as that Jinja wrote.
    """
    # The catalogue's strings are markup, as Jinja's own gettext takes them; the values are escaped.
    catalogue = catalogue_of(context)
    locale = context.get("figures_locale") or style_locale(context.get("current_locale"))
    shown = cell is not None and cell.answers >= minimum
    html = _OPEN % (cell.level if cell is not None and shown else "none")
    if cell is not None and shown:
        great = Markup(catalogue.ugettext("%(great)d of %(n)d great need"))  # noqa: S704
        knowledge = Markup(catalogue.ugettext("knowledge %(avg)s"))  # noqa: S704
        average = (
            number(cell.avg_knowledge, "average", locale) if cell.avg_knowledge is not None else "–"
        )
        html += _SHOWN % (
            percent(cell.share_great, locale=locale),
            great % {"great": cell.great, "n": cell.answers},
            knowledge % {"avg": average},
        )
    elif cell is not None and cell.answers:
        fewer = Markup(catalogue.ugettext("fewer than %(n)d answers"))  # noqa: S704
        html += _SUPPRESSED % (fewer % {"n": minimum})
    else:
        html += _NONE % (Markup(catalogue.ugettext("no answers")) % {})  # noqa: S704
    n = Markup(catalogue.ugettext("n = %(n)s"))  # noqa: S704
    return html + _CLOSE % (
        n % {"n": number(cell.answers if cell is not None else 0, locale=locale)}
    )


_OPEN = Markup('<td class="heat heat-%s">\n')
_SHOWN = Markup(
    '        <span class="heat-share">%s</span>\n'
    '        <span class="heat-detail">%s</span>\n'
    '        <span class="heat-detail">%s</span>\n'
)
_SUPPRESSED = Markup('<span class="heat-detail heat-suppressed">%s</span>\n')
_NONE = Markup('<span class="heat-detail">%s</span>')
_CLOSE = Markup('        <span class="heat-detail heat-n">%s</span>\n      </td>')


@pass_context
def answer_cell(
    context: Context, answer: tuple[int | None, str | None] | None, need_labels: dict[str, str]
) -> Markup:
    """One person × area of a unit's answers: the need given and the knowledge (1–4), or "–" for
    an area not answered. A function for the same reason as `heat_cell`; the same HTML as the
    Jinja it replaces."""
    if answer is None:
        return _NOT_ANSWERED
    knowledge, need = answer
    if knowledge:
        locale = context.get("figures_locale") or style_locale(context.get("current_locale"))
        level = number(knowledge, "average", locale)
    else:
        level = "–"
    text = Markup(catalogue_of(context).ugettext("knowledge %(avg)s"))  # noqa: S704
    return _ANSWER % (need_labels.get(need or "", "–"), text % {"avg": level})


_ANSWER = Markup('<td>%s<br><span class="small">%s</span></td>')
_NOT_ANSWERED = Markup("<td>–</td>")
