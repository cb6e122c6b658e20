from __future__ import annotations

import pytest
from sqlalchemy import text

from learnapp import ConfigurationError, create_app
from learnapp.extensions import db


def test_production_without_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_generates_a_secret_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNAPP_ENV", "development")
    monkeypatch.delenv("LEARNAPP_SECRET_KEY", raising=False)
    monkeypatch.setenv("LEARNAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    first = create_app()
    second = create_app()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_variables_override_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNAPP_SECRET_KEY", "from-env")
    monkeypatch.setenv("LEARNAPP_BASE_URL", "https://utbildning.example.org")
    monkeypatch.setenv("LEARNAPP_ORGANISATION_NAME", "Exempelkommun")
    monkeypatch.setenv("LEARNAPP_DATABASE_URL", "postgresql://u@db.example/learnapp")
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["ORGANISATION_NAME"] == "Exempelkommun"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/learnapp"


def test_instance_config_file_overrides_defaults(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'SECRET_KEY = "from-file"\nLOGIN_WINDOW_MINUTES = 3\nBASE_URL = "https://x.example"\n'
    )
    monkeypatch.delenv("LEARNAPP_SECRET_KEY", raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["LOGIN_WINDOW_MINUTES"] == 3


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNAPP_SECRET_KEY", "x")
    monkeypatch.setenv("LEARNAPP_BASE_URL", "https://x.example")
    monkeypatch.delenv("LEARNAPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'learnapp.sqlite3'}"


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path):
    app = create_app(
        {
            "SECRET_KEY": "x",
            "BASE_URL": "https://x.example",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        }
    )
    with app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        db.session.remove()
        db.engine.dispose()


def test_cookies_are_secure_outside_development(tmp_path):
    app = create_app(
        {"SECRET_KEY": "x", "BASE_URL": "https://x.example", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
