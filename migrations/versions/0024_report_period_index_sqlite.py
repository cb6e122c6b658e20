"""SQLite: the status report's partial index states its predicate as the queries do ("= 1")

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 03:35:00

SQLite uses a partial index only when the query's WHERE holds each term of the index's own:
SQLAlchemy writes a boolean column there as "assigned = 1", which does not match "assigned". The
status report's completions in a period read the whole department index instead (42 ms instead
of 9 ms at 100,000 people). PostgreSQL's index is unchanged.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

NAME = "ix_course_status_completed_mandatory"
COLUMNS = ["completed_at", "department_id", "is_key_person"]


def _recreate(where: str) -> None:
    op.drop_index(NAME, table_name="course_status")
    op.create_index(NAME, "course_status", COLUMNS, unique=False, sqlite_where=sa.text(where))


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _recreate("assigned = 1 AND mandatory = 1 AND status = 'completed'")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        _recreate("assigned AND mandatory AND status = 'completed'")
