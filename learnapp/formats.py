"""The house styles for dates, times, months, numbers and percentages, in the reader's language.

Every page, mail and document writes these through the functions here (in templates: the filters
of the same names), so that one figure looks the same everywhere:

    day        3 december 2026          3 December 2026
    day_time   3 december 2026 15:52    3 December 2026, 15:52   (in the reader's time zone)
    month      december 2026            December 2026
    number     12 345 / 2,4             12,345 / 2.4              (decimals fixed by the kind of figure)
    percent    46 %                     46%
    points     +5                       +5                        (a change in percentage points)

Swedish is written as in Sweden, English as in Britain (en_GB): a Swedish municipality's English
readers expect day-month-year and a 24-hour clock. Exports do not use these: a spreadsheet gets
real dates and numbers, a CSV file ISO dates and a decimal point (see `learnapp.spreadsheets`).

Tables repeat the same few dates and figures thousands of times: the formatting is memoised per
locale. A moment (a `datetime`) is shown in the reader's time zone; a naive one is taken as UTC,
as the database stores them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_datetime_format
from babel.numbers import (
    format_decimal,
    format_percent,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
)
from flask_babel import get_locale

from learnapp.i18n import user_zone

# The locale each UI language's figures are written in.
STYLE_LOCALES = {"sv": "sv_SE", "en": "en_GB"}

# Decimals shown for each kind of figure.
KINDS: dict[str, int | None] = {
    "count": 0,  # people, courses, events, rows: whole numbers
    "average": 1,  # an average on a scale (knowledge 1-4) or of counts
    "score": 1,  # a quiz's points, which partial credit makes fractional
    "points": 0,  # a change in percentage points (signed unless it is none)
    "exact": None,  # a figure someone entered (a tolerance): as many decimals as it has, up to 6
}
EMPTY = "–"


def style_locale(language: str | None = None) -> str:
    """The Babel locale the figures are written in: the current reader's, or `language`'s (a
    big table passes its page's language once instead of asking Flask-Babel for every figure)."""
    language = language or str(get_locale() or "sv")
    return STYLE_LOCALES.get(language, STYLE_LOCALES.get(language.split("_")[0], "sv_SE"))


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(user_zone()).date()
    return value


@lru_cache(maxsize=8192)
def _day(value: date, locale: str) -> str:
    return format_date(value, format="long", locale=locale)


def day(value: date | datetime | None) -> str:
    """A date (of a moment: its local date): "3 december 2026", "3 December 2026"."""
    if value is None:
        return ""
    return _day(_local_date(value), style_locale())


@lru_cache(maxsize=8)
def _joiner(locale: str) -> str:
    return str(get_datetime_format("long", locale=locale))


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, locale: str) -> str:
    return str(format_time(time(hour, minute), format="HH:mm", locale=locale))


def day_time(value: datetime | None) -> str:
    """A moment in the reader's zone: "3 december 2026 15:52", "3 December 2026, 15:52"."""
    if value is None:
        return ""
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = moment.astimezone(user_zone())
    locale = style_locale()
    clock = _clock(local.hour, local.minute, locale)
    return _joiner(locale).replace("{1}", _day(local.date(), locale)).replace("{0}", clock)


@lru_cache(maxsize=1024)
def _month(year: int, month_number: int, short: bool, locale: str) -> str:
    return format_skeleton("yMMM" if short else "yMMMM", date(year, month_number, 1), locale=locale)


def month(value: date | datetime | str | None, short: bool = False) -> str:
    """A month with its year: "december 2026", "December 2026". Takes a date or "2026-12".

    `short` abbreviates the month where space is scarce (a chart's axis): "dec. 2026", "Dec 2026".
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        year, month_number = (int(part) for part in value[:7].split("-"))
    else:
        local = _local_date(value)
        year, month_number = local.year, local.month
    return _month(year, month_number, short, style_locale())


@lru_cache(maxsize=8192)
def _number(value: float | int, digits: int | None, signed: bool, locale: str) -> str:
    if digits is None:
        return format_decimal(value, format="#,##0.######", locale=locale)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    if not signed or round(value, digits) == 0:
        return format_decimal(value, format=pattern, locale=locale)
    sign = get_plus_sign_symbol(locale) if value > 0 else get_minus_sign_symbol(locale)
    return sign + format_decimal(abs(value), format=pattern, locale=locale)


def number(value: float | int | None, kind: str = "count", locale: str | None = None) -> str:
    """A figure with the decimals of its kind (`KINDS`): "12 345", "2,4"; "–" when there is none.

    A count that is not whole is rounded like any other figure: a count is whole by nature.
    `locale`: a `style_locale()` found once for many figures."""
    if value is None:
        return EMPTY
    digits = KINDS[kind]
    return _number(value, digits, kind == "points", locale or style_locale())


def points(value: float | None) -> str:
    """A change of a share in percentage points, signed: a change 0.05 gives "+5"."""
    return EMPTY if value is None else number(value * 100, "points")


@lru_cache(maxsize=16)
def _percent_pattern(digits: int, locale: str) -> str:
    # The locale's own pattern ("#,##0 %" in Swedish, "#,##0%" in English), its no-break space
    # as a plain one as before, so that pages and tests searching for "45 %" keep finding it.
    pattern = str(Locale.parse(locale).percent_formats[None].pattern).replace("\xa0", " ")
    return pattern.replace("0", "0" + ("." + "0" * digits if digits else ""), 1)


@lru_cache(maxsize=8192)
def _percent(value: float, digits: int, locale: str) -> str:
    return format_percent(value, format=_percent_pattern(digits, locale), locale=locale)


def percent(value: float | None, digits: int = 0, locale: str | None = None) -> str:
    """A share 0..1 as a percentage: "46 %" in Swedish, "46%" in English; "–" when there is none.
    `locale`: a `style_locale()` found once for many figures."""
    if value is None:
        return EMPTY
    return _percent(value, digits, locale or style_locale())


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count and its noun in English, for the command line (which speaks English only, so it
    needs no catalogue): "1 error", "2 errors", "1 person", "3 people" (`plural` when not +s)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


FILTERS = {
    "day": day,
    "day_time": day_time,
    "month": month,
    "number": number,
    "points": points,
    "percent": percent,
}
