"""Range checks for numbers and dates that come from URLs and forms.

Ids in the database are 32-bit on PostgreSQL, and SQLite refuses integers past 64 bits; a larger
number in a URL would make the query fail (500). Here such numbers never reach a query: an
integer path part out of range does not match the route (404), a query parameter out of range
is a bad request (400), and a date far outside the service's years is a form error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter
from wtforms import Field
from wtforms.validators import ValidationError

MAX_INT = 2**31 - 1
MIN_YEAR, MAX_YEAR = 1900, 2999


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` that matches 0 to MAX_INT only (unless the rule gives its own `max`)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def is_digits(raw: str) -> bool:
    """Whether the text is a number written with the digits 0-9 only. `str.isdigit` also takes
    "²" and "١", which `int()` then refuses or reads: input from a URL or a form is checked here."""
    return raw.isascii() and raw.isdigit()


def bounded_int(value: Any) -> int | None:
    """An id or count from a form or URL as an int from 0 to MAX_INT, or None when it is not."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_INT else None
    raw = str(value or "").strip()
    if not is_digits(raw) or len(raw) > 10:
        return None
    number = int(raw)
    return number if number <= MAX_INT else None


def query_int(name: str, default: int | None = None, *, minimum: int = 0) -> int | None:
    """An integer query parameter: `default` when absent or not a number, 400 when out of range."""
    raw = request.args.get(name, "")
    if not is_digits(raw):
        return default
    value = int(raw) if len(raw) <= 12 else MAX_INT + 1
    if value < minimum or value > MAX_INT:
        abort(400)
    return value


def form_int(name: str) -> int | None:
    """An integer form field, or None when absent, not a number or out of range."""
    return bounded_int(request.form.get(name, ""))


def date_in_range(_form: Any, field: Field) -> None:
    """A WTForms validator: a date within the years the service can count with."""
    value = field.data
    if isinstance(value, date) and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _l(
                "Enter a date between the years %(first)d and %(last)d.",
                first=MIN_YEAR,
                last=MAX_YEAR,
            )
        )
