"""A cell of a unit's table of its people's answers, written by learnapp.needs.cells.answer_cell:
the same HTML as the Jinja it replaced wrote, for every kind of answer, in Swedish and English,
its text escaped."""

from __future__ import annotations

import pytest
from flask import render_template_string, session
from flask_babel import refresh

from learnapp.needs.export import need_labels

# The template's cell before answer_cell (needs/_results.html), kept here as the reference.
JINJA = (
    '{% if a %}{{ need_labels.get(a[1] or "", "–") }}<br><span class="small">'
    '{{ _("knowledge %(avg)s", avg=a[0] | number("average") if a[0] else "–") }}'
    "</span>{% else %}–{% endif %}"
)
ANSWERS = [None, (2, "great"), (4, "some"), (1, "none"), (None, "great"), (3, None), (2, "odd")]


def render(app, source, answer, lang, labels=None):
    with app.test_request_context("/"):
        session["lang"] = lang
        refresh()  # the app context of the test may have found a locale already
        return render_template_string(
            source, a=answer, need_labels=labels if labels is not None else need_labels()
        )


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("answer", ANSWERS)
def test_the_cell_is_what_the_template_wrote(app, answer, lang):
    new = render(app, "{{ answer_cell(a, need_labels) }}", answer, lang)
    assert new == f"<td>{render(app, JINJA, answer, lang)}</td>"


def test_the_cell_in_each_language_and_its_text_escaped(app):
    cell = "{{ answer_cell(a, need_labels) }}"
    assert render(app, cell, (2, "great"), "sv") == (
        '<td>Stort behov<br><span class="small">kunskap 2,0</span></td>'
    )
    assert render(app, cell, (None, "some"), "en") == (
        '<td>Some need<br><span class="small">knowledge –</span></td>'
    )
    assert render(app, cell, None, "sv") == "<td>–</td>"
    escaped = render(app, cell, (1, "x"), "sv", {"x": "<b>&"})
    assert escaped.startswith("<td>&lt;b&gt;&amp;<br>")
