"""A heat map's cell, written by learnapp.needs.cells.heat_cell: each of its kinds as the Jinja
macro wrote it (the same HTML, whitespace included), in Swedish and English, its text escaped."""

from __future__ import annotations

import pytest
from flask import render_template_string, session
from flask_babel import refresh

from learnapp.needs.reports import Cell

CELL = "{{ heat_cell(cell, 3) }}"
N = '        <span class="heat-detail heat-n">n = {}</span>\n      </td>'


def render(app, cell, lang="sv"):
    with app.test_request_context("/"):
        session["lang"] = lang
        refresh()  # the app context of the test may have found a locale already
        return render_template_string(CELL, cell=cell)


@pytest.mark.parametrize("cell", [None, Cell(0, 0, None)])
def test_no_answers(app, cell):
    none = '<td class="heat heat-none">\n<span class="heat-detail">{}</span>' + N.format(0)
    assert render(app, cell) == none.format("inga svar")
    assert render(app, cell, "en") == none.format("no answers")


def test_too_few_answers_show_only_their_number(app):
    page = render(app, Cell(2, 2, 4.0))
    assert page == (
        '<td class="heat heat-none">\n'
        '<span class="heat-detail heat-suppressed">färre än 3 svar</span>\n' + N.format(2)
    )


def test_shown_cell_in_the_pages_language(app):
    shown = (
        '<td class="heat heat-{}">\n'
        '        <span class="heat-share">{}</span>\n'
        '        <span class="heat-detail">{}</span>\n'
        '        <span class="heat-detail">{}</span>\n'
    )
    assert render(app, Cell(12345, 6000, 1.0)) == shown.format(
        "medium", "49 %", "6000 av 12345 stort behov", "kunskap 1,0"
    ) + N.format("12\xa0345")
    assert render(app, Cell(3, 3, None), "en") == shown.format(
        "high", "100%", "3 of 3 great need", "knowledge –"
    ) + N.format("3")
