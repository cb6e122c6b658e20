"""Numbers, shares and messages in templates follow the request's language, memoised or not."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale


def render(source: str, **context: object) -> str:
    return render_template_string(source, **context)


def test_shares_and_numbers_are_written_the_way_each_language_writes_them(app) -> None:
    source = "{{ share | percent }}|{{ share | percent(1) }}|{{ n | number }}|{{ none | number }}"
    with app.test_request_context("/"):
        with force_locale("sv"):
            swedish = render(source, share=0.4567, n=12345)
        with force_locale("en"):
            english = render(source, share=0.4567, n=12345)
        with force_locale("sv"):
            again = render(source, share=0.4567, n=12345)
    assert swedish == "46 %|45,7 %|12\xa0345|–"
    assert english == "46%|45.7%|12,345|–"
    assert again == swedish


def test_template_messages_switch_catalogue_with_the_language(app) -> None:
    source = '{{ _("Courses") }}|{{ ngettext("%(n)s overdue", "%(n)s overdue", 3, n=3) }}'
    with app.test_request_context("/"):
        with force_locale("sv"):
            swedish = render(source)
        with force_locale("en"):
            english = render(source)
        with force_locale("sv"):
            again = render(source)
    assert swedish == "Kurser|3 försenade"
    assert english == "Courses|3 overdue"
    assert again == swedish


def test_macros_outside_a_page_context_translate_in_the_current_language(app) -> None:
    from flask import get_template_attribute

    with app.test_request_context("/"):
        label = get_template_attribute("training/_status.html", "status_label")
        with force_locale("sv"):
            swedish = str(label("completed"))
        with force_locale("en"):
            english = str(label("completed"))
    assert (swedish, english) == ("Klar", "Completed")
