"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from learnapp import create_app
from learnapp.extensions import db
from tests.conftest import make_test_config
from tests.dbutil import temporary_database


def _diff(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


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
