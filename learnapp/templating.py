"""Template globals and filters: the menu, the languages, the house styles of learnapp.formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context

from learnapp import formats, navigation

# Big tables translate the same few strings thousands of times, and Flask-Babel finds the request's
# catalogue on every call: it is looked up once per locale. (Dates and numbers: learnapp.formats.)


def catalogue() -> Translations | NullTranslations:
    """The current locale's messages: Flask-Babel's catalogue, looked up once per locale."""
    found: dict[str, Translations | NullTranslations] = current_app.extensions.setdefault(
        "learnapp_catalogues", {}
    )
    locale = str(get_locale())
    if locale not in found:
        found[locale] = get_translations()
    return found[locale]


def catalogue_of(context: Context) -> Translations | NullTranslations:
    """The catalogue the page's context carries (put there once per render), else looked up."""
    found = context.get("current_catalogue")
    return found if found is not None else catalogue()


def install_gettext(app: Flask) -> None:
    """Jinja's `_`, `gettext` and `ngettext` through the catalogue that `inject` puts in each page's
    context (Flask-Babel installs its own, which look the catalogue up anew for every string)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=pass_context(lambda c, s: catalogue_of(c).ugettext(s)),
        ngettext=pass_context(lambda c, s, p, n: catalogue_of(c).ungettext(s, p, n)),
        pgettext=pass_context(lambda c, ctx, s: catalogue_of(c).upgettext(ctx, s)),
        npgettext=pass_context(lambda c, ctx, s, p, n: catalogue_of(c).unpgettext(ctx, s, p, n)),
        newstyle=True,
    )


def _house_style(style: Callable[[Any], str]) -> Callable[..., str]:
    """Flask-Babel's `dateformat`/`datetimeformat`/`timeformat` give the house style whatever
    format they are asked for: a safety net only, as templates write `day`, `day_time` and `month`
    (tests/core/test_one_date_style.py fails on these names in a template)."""

    def apply(value: Any, _format: str | None = None, rebase: bool = True) -> str:
        return style(value)

    return apply


def _menu() -> list[navigation.NavItem]:
    """The menu's entries for the signed-in person, found once a request: every template rendered
    (a start page's panels each are one) gets them in its context."""
    if "menu" not in g:
        g.menu = navigation.items_for(current_user)
    return g.menu


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    install_gettext(app)
    app.jinja_env.filters.update(formats.FILTERS)
    app.jinja_env.filters["dateformat"] = _house_style(formats.day)
    app.jinja_env.filters["datetimeformat"] = _house_style(formats.day_time)
    app.jinja_env.filters["timeformat"] = _house_style(formats.day_time)
    # What the organisation writes (routines, inventories) is in its own language: marked with
    # lang= where the interface is in another one. A global, so that imported macros see it.
    app.jinja_env.globals["content_locale"] = app.config["BABEL_DEFAULT_LOCALE"]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {
            "nav_items": _menu(),
            "current_locale": str(get_locale()),
            "current_catalogue": catalogue(),
            # Big tables pass it to `number` and `percent` instead of a lookup per figure.
            "figures_locale": formats.style_locale(),
            "languages": current_app.config["LANGUAGES"],
            "organisation_name": current_app.config["ORGANISATION_NAME"],
            "current_endpoint": request.endpoint,
        }
