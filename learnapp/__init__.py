"""learnapp: training for the municipality's action plan against violent extremism."""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from learnapp.config import Defaults
from learnapp.swedish import install_sqlite_functions


class ConfigurationError(RuntimeError):
    """The configuration cannot be used (e.g. no SECRET_KEY in production)."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("LEARNAPP")
    else:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    configure_database(app)
    configure_secret(app)
    configure_base_url(app)
    configure_cookies(app)
    configure_logging(app)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def configure_database(app: Flask) -> None:
    url = (
        app.config.get("SQLALCHEMY_DATABASE_URI")
        or app.config.get("DATABASE_URL")
        or os.environ.get("DATABASE_URL")
    )
    if not url:
        url = "sqlite:///" + str(Path(app.instance_path) / "learnapp.sqlite3")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("sqlite"):
        # pysqlite's `timeout` is SQLite's busy timeout (in seconds)
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", float(app.config["SQLITE_BUSY_TIMEOUT_SECONDS"]))
        options["connect_args"] = connect_args
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        install_sqlite_functions(dbapi_connection)  # Å, Ä, Ö: lower() and Swedish order


def configure_secret(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV"] != "development":
        raise ConfigurationError(
            "SECRET_KEY is not set. Set LEARNAPP_SECRET_KEY or SECRET_KEY in instance/config.py "
            "(or LEARNAPP_ENV=development to have one generated into the instance folder)."
        )
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def configure_base_url(app: Flask) -> None:
    """BASE_URL is where every e-mailed link points; in production it is required, and only its
    host is accepted in requests (TRUSTED_HOSTS), so no absolute URL can be steered elsewhere."""
    base = app.config.get("BASE_URL")
    if not base:
        if app.config["ENV"] not in ("development", "testing"):
            raise ConfigurationError(
                "BASE_URL is not set. Set LEARNAPP_BASE_URL (e.g. https://utbildning.kommun.se), "
                "the public address used in e-mailed links."
            )
        return
    host = urlsplit(base).hostname
    if not host or urlsplit(base).scheme not in ("http", "https"):
        raise ConfigurationError(f"BASE_URL must be an http(s) address, not {base!r}.")
    if not app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = [host]


def configure_cookies(app: Flask) -> None:
    if app.config["ENV"] in ("development", "testing"):
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["REMEMBER_COOKIE_SECURE"] = False
    elif app.config["SESSION_COOKIE_SECURE"]:
        # __Host-: the browser keeps the cookie only if it is Secure, for "/", and has no Domain,
        # so no other host (a subdomain) can set or overwrite it.
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        for key in ("SESSION_COOKIE_NAME", "AUTH_REMEMBER_COOKIE_NAME", "AUTH_DEVICE_COOKIE_NAME"):
            if not app.config[key].startswith("__Host-"):
                app.config[key] = "__Host-" + app.config[key]
    if app.config["ENV"] == "development" and "LEARNAPP_MAIL_BACKEND" not in os.environ:
        app.config["MAIL_BACKEND"] = "log"  # development mail goes to the log


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        app.logger.setLevel(logging.INFO)


def register_extensions(app: Flask) -> None:
    from learnapp import i18n
    from learnapp.extensions import babel, csrf, db, login_manager, migrate
    from learnapp.formats import counted

    db.init_app(app)
    migrations = Path(__file__).resolve().parent.parent / "migrations"
    migrate.init_app(app, db, directory=str(migrations), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    # The .mo files are compiled at install time (setup.py's build_py, `make translations`),
    # never here: a running app does not write into its package.
    if stale := i18n.stale_catalogs():
        app.logger.warning(
            "%s not compiled or older than their .po (%s): run `make translations` or "
            "`flask translate compile`; until then those strings show in English.",
            counted(len(stale), "message catalogue"),
            ", ".join(sorted(p.parents[2].name for p in stale)),
        )
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=";".join(i18n.translation_directories()),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"

    from learnapp.auth import web as auth_web

    auth_web.init_app(app, login_manager)

    # Import every model module so that migrations and create_all see all tables.
    from learnapp import models  # noqa: F401


def register_url_converters(app: Flask) -> None:
    from learnapp.bounds import BoundedIntegerConverter

    # Before the routes: an id out of range does not match (404) instead of failing in SQL.
    app.url_map.converters["int"] = BoundedIntegerConverter


def register_blueprints(app: Flask) -> None:
    """Mount every feature: its blueprint and views, commands, menu entries and panels. The
    features' packages import nothing; each feature's `feature.py` says what it adds."""
    from learnapp.admin import feature as admin
    from learnapp.auth import feature as auth
    from learnapp.authoring import feature as authoring
    from learnapp.courses import feature as courses
    from learnapp.home import feature as home
    from learnapp.needs import feature as needs
    from learnapp.notifications import feature as notifications
    from learnapp.org import feature as org
    from learnapp.quizzes import feature as quizzes
    from learnapp.reports import feature as reports
    from learnapp.routines import feature as routines
    from learnapp.scim import feature as scim
    from learnapp.training import feature as training

    for feature in (
        home,
        auth,
        org,
        needs,
        courses,
        quizzes,
        authoring,
        training,
        routines,
        reports,
        admin,
        notifications,
        scim,
    ):
        feature.init_app(app)


def register_security_headers(app: Flask) -> None:
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action {form_action}; "
        "frame-ancestors 'none'"
    )

    def form_action() -> str:
        # The sign-out form's answer sends the browser on to the single sign-on provider's
        # end_session_endpoint; browsers hold that redirect to form-action too.
        issuer = urlsplit(str(app.config.get("OIDC_ISSUER") or ""))
        if issuer.scheme in ("http", "https") and issuer.netloc:
            return f"'self' {issuer.scheme}://{issuer.netloc}"
        return "'self'"

    @app.after_request
    def set_headers(response: Any) -> Any:
        response.headers.setdefault(
            "Content-Security-Policy", csp.format(form_action=form_action())
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if app.config["ENV"] == "production":
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def register_template_helpers(app: Flask) -> None:
    from learnapp import templating

    templating.init_app(app)


def register_error_handlers(app: Flask) -> None:
    from learnapp import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from learnapp import cli

    cli.init_app(app)
