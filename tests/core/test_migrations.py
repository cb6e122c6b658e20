"""The migrations build exactly the schema the models describe, with the triggers the rollup
modules create, on SQLite and on PostgreSQL."""

from __future__ import annotations

import ast
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from learnapp import create_app
from learnapp.extensions import db
from tests.conftest import make_test_config
from tests.dbutil import temporary_database

# Made by a migration on PostgreSQL only, with a collation per column that SQLAlchemy's Index
# cannot state: the people by name in Swedish order (0019). Alembic reflects it as (name, id).
POSTGRESQL_ONLY_INDEXES = {"ix_person_name_sv"}
# Declared with `.ddl_if(dialect="sqlite")`, which Alembic's comparison does not read: the plain
# index on the person's name, dropped on PostgreSQL by 0028.
SQLITE_ONLY_INDEXES = {"ix_person_name"}


def _only_postgresql(change) -> bool:
    return (change[0] == "remove_index" and change[1].name in POSTGRESQL_ONLY_INDEXES) or (
        change[0] == "add_index" and change[1].name in SQLITE_ONLY_INDEXES
    )


def test_the_plain_person_name_index_is_on_sqlite_only(app):
    names = {index["name"] for index in inspect(db.engine).get_indexes("person")}
    assert ("ix_person_name" in names) == (db.engine.dialect.name == "sqlite")


def _diff(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        changes = compare_metadata(context, db.metadata)
        if conn.dialect.name == "postgresql":
            changes = [c for c in changes if not _only_postgresql(c)]
        return changes


def test_migrations_build_the_models_schema(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            upgrade()
            assert _diff(app) == []
            db.engine.dispose()


def test_migrations_downgrade_to_nothing_and_up_again(tmp_path):
    with temporary_database(tmp_path) as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            upgrade()
            downgrade(revision="base")
            with db.engine.connect() as conn:
                tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
            assert tables == set()
            upgrade()
            assert _diff(app) == []
            db.engine.dispose()


def _triggers() -> dict[str, str]:
    """Every trigger (and, on PostgreSQL, trigger function) of the database, by name."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            ).all()
        else:
            rows = conn.execute(
                text(
                    "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
                    "UNION ALL "
                    "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p "
                    "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                )
            ).all()
    return {name: sql for name, sql in rows}


def test_the_migrated_triggers_are_the_ones_the_rollup_modules_create(tmp_path):
    """The migration holds the trigger SQL as frozen text; `create_all` runs what
    learnapp/training/rollups.py and learnapp/routines/rollups.py say today. An edit to either
    without a migration fails here."""
    (tmp_path / "migrated").mkdir()
    (tmp_path / "created").mkdir()
    with temporary_database(tmp_path / "migrated") as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            upgrade()
            migrated = _triggers()
            db.engine.dispose()
    with temporary_database(tmp_path / "created") as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            db.create_all()
            created = _triggers()
            db.engine.dispose()
    assert len(created) >= 6
    assert migrated == created


def test_the_migrations_import_nothing_from_the_application():
    """A migration is a frozen artefact: importing live code would let an edit rewrite history."""
    versions = Path(__file__).resolve().parents[2] / "migrations" / "versions"
    for path in versions.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "learnapp" for n in names), path.name


def test_the_names_migration_refuses_existing_clashes_and_changes_nothing(tmp_path):
    """0013 makes department and unit names unique regardless of case; data that already breaks
    the rule stops the upgrade with the clashing names listed, and nothing is changed."""
    import pytest

    with temporary_database(tmp_path) as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            upgrade(revision="0012")
            with db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO department (id, name, code, is_external, created_at) VALUES (1, 'Skolförvaltningen', 'SKO', false, CURRENT_TIMESTAMP)"
                    )
                )
                for unit_id, name in ((1, "Östra skolan"), (2, "östra skolan")):
                    conn.execute(
                        text("INSERT INTO unit (id, name, department_id, parent_id, path, created_at) VALUES (:id, :name, 1, NULL, :path, CURRENT_TIMESTAMP)"),
                        {"id": unit_id, "name": name, "path": f"/{unit_id}/"},
                    )  # fmt: skip
            from alembic import command

            config = app.extensions["migrate"].migrate.get_config()
            with pytest.raises(RuntimeError) as refused:  # alembic's own: the error itself
                command.upgrade(config, "head")
            assert "unit names under the same parent: '1/0: östra skolan' (2 rows)" in str(
                refused.value
            )
            with db.engine.begin() as conn:
                assert (
                    conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0012"
                )
                conn.execute(text("UPDATE unit SET name = 'Östra skolan 2' WHERE id = 2"))
            upgrade()
            with db.engine.begin() as conn, pytest.raises(Exception, match=r"(?i)unique"):
                conn.execute(text("UPDATE unit SET name = 'ÖSTRA SKOLAN' WHERE id = 2"))
            db.engine.dispose()
