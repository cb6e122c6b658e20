"""Template globals and filters: the menu, the languages, Swedish-formatted numbers."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from flask import Flask, current_app, request
from flask_babel import format_decimal, format_percent, get_locale, to_user_timezone
from flask_login import current_user

from learnapp import navigation


def percent(value: float | None, digits: int = 0) -> str:
    """A share 0..1 as a percentage in the current locale ("45 %" in Swedish)."""
    if value is None:
        return "–"
    return format_percent(value, format="#,##0" + ("." + "0" * digits if digits else "") + " %")


def number(value: float | int | None) -> str:
    return "–" if value is None else format_decimal(value)


@lru_cache(maxsize=8192)
def _format_day(value: date, locale: str) -> str:
    return format_date(value, format="medium", locale=locale)


def day(value: date | datetime | None) -> str:
    """A date (a moment: its local date) as Flask-Babel's `dateformat` writes it, memoised:
    a table of hundreds of people repeats the same few due dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return _format_day(value, str(get_locale()))


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["day"] = day
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {
            "nav_items": navigation.items_for(current_user),
            "current_locale": str(get_locale()),
            "languages": current_app.config["LANGUAGES"],
            "organisation_name": current_app.config["ORGANISATION_NAME"],
            "current_endpoint": request.endpoint,
        }
