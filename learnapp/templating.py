"""Template globals and filters: the menu, the languages, Swedish-formatted numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context

from learnapp import navigation
from learnapp.i18n import user_zone

# Big tables (a department's units × courses or areas) format tens of thousands of numbers and
# translate the same few strings as often. Babel parses a number pattern on every call and
# Flask-Babel finds the request's catalogue on every call: both are memoised per locale.


@lru_cache(maxsize=8192)
def _format_percent(value: float, digits: int, locale: str) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return format_percent(value, format=pattern, locale=locale)


@lru_cache(maxsize=8192)
def _format_number(value: float | int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def percent(value: float | None, digits: int = 0) -> str:
    """A share 0..1 as a percentage in the current locale ("45 %" in Swedish)."""
    if value is None:
        return "–"
    return _format_percent(value, digits, str(get_locale()))


def number(value: float | int | None) -> str:
    return "–" if value is None else _format_number(value, str(get_locale()))


def catalogue() -> Translations | NullTranslations:
    """The current locale's messages: Flask-Babel's catalogue, looked up once per locale."""
    found: dict[str, Translations | NullTranslations] = current_app.extensions.setdefault(
        "learnapp_catalogues", {}
    )
    locale = str(get_locale())
    if locale not in found:
        found[locale] = get_translations()
    return found[locale]


def _catalogue_of(context: Context) -> Translations | NullTranslations:
    """The catalogue the page's context carries (put there once per render), else looked up."""
    found = context.get("current_catalogue")
    return found if found is not None else catalogue()


def install_gettext(app: Flask) -> None:
    """Jinja's `_`, `gettext` and `ngettext` through the catalogue that `inject` puts in each page's
    context (Flask-Babel installs its own, which look the catalogue up anew for every string)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=pass_context(lambda c, s: _catalogue_of(c).ugettext(s)),
        ngettext=pass_context(lambda c, s, p, n: _catalogue_of(c).ungettext(s, p, n)),
        pgettext=pass_context(lambda c, ctx, s: _catalogue_of(c).upgettext(ctx, s)),
        npgettext=pass_context(lambda c, ctx, s, p, n: _catalogue_of(c).unpgettext(ctx, s, p, n)),
        newstyle=True,
    )


@lru_cache(maxsize=8192)
def _format_day(value: date, locale: str) -> str:
    return format_date(value, format="medium", locale=locale)


def day(value: date | datetime | None) -> str:
    """A date (a moment: its local date) as Flask-Babel's `dateformat` writes it, memoised:
    a table of hundreds of people repeats the same few due dates. A moment is converted with
    zoneinfo, several times quicker than Flask-Babel's pytz conversion."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        value = moment.astimezone(user_zone()).date()
    return _format_day(value, str(get_locale()))


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    install_gettext(app)
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
            "current_catalogue": catalogue(),
            "languages": current_app.config["LANGUAGES"],
            "organisation_name": current_app.config["ORGANISATION_NAME"],
            "current_endpoint": request.endpoint,
        }
