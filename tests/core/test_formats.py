"""The house styles: one way to write a date, a moment, a month, a figure and a share in each
language (Swedish as in Sweden, English as in Britain), the same in Python and in templates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale

from learnapp import formats


def both(app, produce) -> tuple[str, str]:
    with app.test_request_context("/"):
        with force_locale("sv"):
            swedish = produce()
        with force_locale("en"):
            english = produce()
    return swedish, english


def test_a_date_is_day_month_in_words_and_year_in_both_languages(app) -> None:
    assert both(app, lambda: formats.day(date(2027, 1, 2))) == ("2 januari 2027", "2 January 2027")


def test_a_moment_is_shown_as_its_date_in_stockholm(app) -> None:
    late_evening = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 00:30 on 1 July in Stockholm
    naive_utc = datetime(2026, 12, 31, 23, 30)  # stored as UTC: 00:30 on 1 January
    assert both(app, lambda: formats.day(late_evening)) == ("1 juli 2026", "1 July 2026")
    assert both(app, lambda: formats.day(naive_utc))[0] == "1 januari 2027"


def test_date_and_time_use_a_24_hour_clock_in_the_readers_zone(app) -> None:
    moment = datetime(2026, 12, 3, 14, 52, tzinfo=UTC)  # 15:52 in Stockholm (winter)
    summer = datetime(2026, 7, 3, 14, 52)  # naive UTC: 16:52 in Stockholm (summer)
    assert both(app, lambda: formats.day_time(moment)) == (
        "3 december 2026 15:52",
        "3 December 2026, 15:52",
    )
    assert both(app, lambda: formats.day_time(summer))[0] == "3 juli 2026 16:52"


def test_a_month_carries_its_year(app) -> None:
    assert both(app, lambda: formats.month("2026-12")) == ("december 2026", "December 2026")
    assert both(app, lambda: formats.month(date(2027, 1, 31))) == ("januari 2027", "January 2027")


def test_a_figure_has_the_decimals_of_its_kind(app) -> None:
    def figures() -> str:
        return "|".join(
            [
                formats.number(12345),
                formats.number(2.333, "average"),
                formats.number(2.4, "average"),
                formats.number(3, "average"),
                formats.number(0.049, "points"),
                formats.number(-3, "points"),
                formats.points(0.05),
                formats.number(None),
                formats.number(1.5, "score"),
                formats.number(0.125, "exact"),
            ]
        )

    swedish, english = both(app, figures)
    assert swedish == "12\xa0345|2,3|2,4|3,0|0|−3|+5|–|1,5|0,125"
    assert english == "12,345|2.3|2.4|3.0|0|-3|+5|–|1.5|0.125"


def test_an_unknown_kind_of_figure_is_a_programming_error(app) -> None:
    with app.test_request_context("/"), pytest.raises(KeyError):
        formats.number(1, "pounds")


def test_a_share_is_a_percentage_with_the_sign_each_language_uses(app) -> None:
    def shares() -> str:
        return "|".join(
            [formats.percent(0.4567), formats.percent(0.4567, 1), formats.percent(None)]
        )

    assert both(app, shares) == ("46 %|45,7 %|–", "46%|45.7%|–")


def test_templates_have_the_same_styles_as_filters(app) -> None:
    source = (
        "{{ d | day }}|{{ m | day_time }}|{{ '2026-12' | month }}|{{ n | number }}|"
        "{{ a | number('average') }}|{{ s | percent }}|{{ c | points }}"
    )
    values = {
        "d": date(2027, 1, 2),
        "m": datetime(2026, 12, 3, 14, 52, tzinfo=UTC),
        "n": 1234,
        "a": 2.35,
        "s": 0.6,
        "c": -0.1,
    }
    swedish, english = both(app, lambda: render_template_string(source, **values))
    assert swedish == "2 januari 2027|3 december 2026 15:52|december 2026|1\xa0234|2,4|60 %|−10"
    assert english == "2 January 2027|3 December 2026, 15:52|December 2026|1,234|2.4|60%|-10"


def test_flask_babels_date_filters_give_the_house_style_whatever_format_is_asked(app) -> None:
    source = (
        "{{ d | dateformat('short') }}|{{ d | dateformat }}|{{ m | datetimeformat('short') }}|"
        "{{ m | timeformat('short') }}"
    )
    values = {"d": date(2026, 12, 3), "m": datetime(2026, 12, 3, 14, 52, tzinfo=UTC)}
    swedish, english = both(app, lambda: render_template_string(source, **values))
    assert swedish == "3 december 2026|3 december 2026|3 december 2026 15:52|3 december 2026 15:52"
    assert english.startswith("3 December 2026|3 December 2026|3 December 2026, 15:52")


def test_nothing_to_show_is_empty_for_dates_and_a_dash_for_figures(app) -> None:
    def empty() -> tuple[str, ...]:
        return (
            formats.day(None),
            formats.day_time(None),
            formats.month(None),
            formats.number(None),
        )

    assert both(app, empty)[0] == ("", "", "", "–")


def test_a_count_meets_its_noun_through_ngettext_with_a_formatted_number(app) -> None:
    source = '{{ ngettext("%(num)s person", "%(num)s people", n, num=n | number) }}'
    with app.test_request_context("/"), force_locale("en"):
        one = render_template_string(source, n=1)
        many = render_template_string(source, n=12345)
    assert (one, many) == ("1 person", "12,345 people")
