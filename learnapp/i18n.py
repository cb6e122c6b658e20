"""Languages: the locale selector, and the message catalogues.

Each feature keeps its own catalogue in `learnapp/translations/<part>/sv/LC_MESSAGES/messages.po`;
Flask-Babel merges every part. Message ids are English, so English needs no catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import current_app, g, request, session
from flask_babel import get_timezone
from flask_login import current_user

PACKAGE_DIR = Path(__file__).resolve().parent
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
EXTRACT_METHODS = [
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.txt", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
EXTRACT_OPTIONS = {
    "**/templates/**.html": {"extensions": "jinja2.ext.do", "silent": "false"},
    "**/templates/**.txt": {"extensions": "jinja2.ext.do", "silent": "false"},
}
EXTRACT_KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "_n": (1, 2),
    "lazy_ngettext": (1, 2),
    # A catalogue's own methods, where a big table translates through it directly.
    "ugettext": None,
    "ungettext": (1, 2),
}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen_for_error = g.get("error_locale")  # an error page that may not ask the database
    if chosen_for_error in languages:
        return str(chosen_for_error)
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return str(current_user.language)
    chosen = session.get("lang") if request else None
    if chosen in languages:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def user_zone() -> ZoneInfo:
    """The request's time zone as a zoneinfo zone: it converts a moment several times quicker than
    the pytz zone Flask-Babel returns, which matters in tables and exports of many dates."""
    return _zone(str(get_timezone()))


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def translation_directories() -> list[str]:
    return sorted(str(p) for p in TRANSLATIONS_DIR.iterdir() if p.is_dir())


def po_files(locale: str = "sv") -> Iterator[Path]:
    yield from sorted(TRANSLATIONS_DIR.glob(f"*/{locale}/LC_MESSAGES/messages.po"))


def _stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def stale_catalogs() -> list[Path]:
    """The .po files whose .mo is missing or older."""
    return [po for po in TRANSLATIONS_DIR.glob("*/*/LC_MESSAGES/messages.po") if _stale(po)]


def compile_catalogs(force: bool = False) -> list[Path]:
    """Compile every .po whose .mo is missing or older (every .po with `force`); return the ones
    compiled. Run at install time (setup.py), by `make translations` and `flask translate
    compile`, and by the tests' conftest — not by the app."""
    compiled = []
    for po in TRANSLATIONS_DIR.glob("*/*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if force or _stale(po):
            with po.open("rb") as f:
                catalog = read_po(f)
            with mo.open("wb") as f:
                write_mo(f, catalog, use_fuzzy=False)
            compiled.append(po)
    return compiled


def merged_catalog(locale: str = "sv") -> dict[str, str]:
    """Every translated message id of all parts, with its translation."""
    merged: dict[str, str] = {}
    for po in po_files(locale):
        with po.open("rb") as f:
            for message in read_po(f):
                if not message.id or message.fuzzy:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                strings = message.string
                value = strings if isinstance(strings, str) else (strings[0] if strings else "")
                if value:
                    merged[key] = value
    return merged


def conflicting_translations(locale: str = "sv") -> dict[str, dict[str, str]]:
    """Message ids that two parts translate differently: {id: {part: translation}}.

    Flask-Babel uses the first catalogue that has an id, so a second, different translation would
    be silently ignored on some pages and not on others.
    """
    seen: dict[str, dict[str, str]] = {}
    for po in po_files(locale):
        part = po.parents[2].name
        with po.open("rb") as f:
            for message in read_po(f):
                if not message.id or message.fuzzy or not message.string:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                strings = message.string
                value = strings if isinstance(strings, str) else strings[0]
                seen.setdefault(key, {})[part] = value
    return {k: v for k, v in seen.items() if len(set(v.values())) > 1}


def _wanted_directory(dirpath: str) -> bool:
    # Babel skips folders starting with "_" by default; templates/_macros must be read.
    name = Path(dirpath).name
    return not name.startswith(".") and name != "__pycache__"


def extract_messages() -> dict[str, list[str]]:
    """Every message id used in the code and templates, with where it is used."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR),
        EXTRACT_METHODS,
        keywords=EXTRACT_KEYWORDS,
        options_map=EXTRACT_OPTIONS,
        directory_filter=_wanted_directory,
    ):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found.setdefault(key, []).append(f"{filename}:{lineno}")
    return found


def missing_translations(locale: str = "sv") -> dict[str, list[str]]:
    have = merged_catalog(locale)
    return {k: v for k, v in extract_messages().items() if k not in have}


def add_stubs(part: str, messages: dict[str, list[str]], locale: str = "sv") -> Path:
    """Append untranslated entries for `messages` to a part's catalogue (for a person to fill)."""
    po = TRANSLATIONS_DIR / part / locale / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    if po.exists():
        with po.open("rb") as f:
            catalog = read_po(f)
    else:
        catalog = Catalog(locale=locale, project="learnapp", charset="utf-8")
    for key, places in messages.items():
        if key not in catalog:
            catalog.add(
                key,
                "",
                locations=[(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in places[:3]],
            )
    with po.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    return po
