"""Run inside the app (`python -m bench.probe`): print the bench seed's targets and the database.

A subprocess, so that the runner itself never opens the database the server is using and always
sees the app's own configuration (environment, instance/config.py).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text


def database_info() -> dict[str, Any]:
    from learnapp.extensions import db

    engine = db.engine
    # A SQLite file inside the project is named relative to it: no machine path in results.
    url = engine.url.render_as_string(hide_password=True)
    root = str(Path(__file__).resolve().parent.parent)
    info: dict[str, Any] = {
        "url": url.replace(f"sqlite:///{root}/", "sqlite:///./"),
        "dialect": engine.dialect.name,
    }
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            info["server_version"] = sqlite3.sqlite_version
        else:
            info["server_version"] = str(connection.execute(text("SELECT version()")).scalar())
    return info


def schema() -> dict[str, list[str]]:
    """The database's migration revision(s) and the code's head(s)."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from learnapp.extensions import db

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent.parent / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return {"current": sorted(current), "heads": sorted(heads)}


def people_count() -> int | None:
    """People in the database, or None when it has no schema yet."""
    from learnapp.extensions import db
    from learnapp.org.models import Person

    try:
        return int(db.session.scalar(select(func.count(Person.id))) or 0)
    except Exception:
        db.session.rollback()
        return None


def seed_targets() -> tuple[dict[str, Any] | None, str | None]:
    """The seed's targets (None when not seeded) and why they could not be read, if so."""
    from learnapp.extensions import db

    try:
        from bench.seed import targets
    except ImportError as error:
        return None, f"bench.seed cannot be imported: {error}"
    try:
        return targets(), None
    except Exception as error:  # an empty or unmigrated database: not seeded
        db.session.rollback()
        return None, f"{type(error).__name__}: {error}"


def main() -> None:
    from learnapp import create_app

    app = create_app()
    with app.app_context():
        targets, problem = seed_targets()
        result = {
            "database": database_info(),
            "schema": schema(),
            "people": people_count(),
            "targets": targets,
            "problem": problem,
        }
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
