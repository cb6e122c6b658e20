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
    # The catalogue's strings are markup, as Jinja's own gettext takes them. Every value put in
    # is a figure written here (digits, separators, %, –): nothing to escape, so the cell is
    # joined as plain text and marked safe once (Markup's % escaped each value: a third of a
    # large unit's page).
    catalogue = catalogue_of(context)
    locale = context.get("figures_locale") or style_locale(context.get("current_locale"))
    if cell is not None and cell.answers >= minimum:
        average = (
            number(cell.avg_knowledge, "average", locale) if cell.avg_knowledge is not None else "–"
        )
        html = _SHOWN % (
            cell.level,
            percent(cell.share_great, locale=locale),
            catalogue.ugettext("%(great)d of %(n)d great need")
            % {"great": cell.great, "n": cell.answers},
            catalogue.ugettext("knowledge %(avg)s") % {"avg": average},
        )
    elif cell is not None and cell.answers:
        html = _SUPPRESSED % (catalogue.ugettext("fewer than %(n)d answers") % {"n": minimum})
    else:
        html = _NONE % (catalogue.ugettext("no answers") % {})
    n = number(cell.answers if cell is not None else 0, locale=locale)
    return Markup(html + _CLOSE % (catalogue.ugettext("n = %(n)s") % {"n": n}))  # noqa: S704


_SHOWN = (
    '<td class="heat heat-%s">\n'
    '        <span class="heat-share">%s</span>\n'
    '        <span class="heat-detail">%s</span>\n'
    '        <span class="heat-detail">%s</span>\n'
)
_SUPPRESSED = '<td class="heat heat-none">\n<span class="heat-detail heat-suppressed">%s</span>\n'
_NONE = '<td class="heat heat-none">\n<span class="heat-detail">%s</span>'
_CLOSE = '        <span class="heat-detail heat-n">%s</span>\n      </td>'


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
