"""The plain index on the person's name stays on SQLite only

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04 06:50:00

Migration 0015 made ix_person_name (name, id) for lists of people by name. Every list reads
people in Swedish order now, and on PostgreSQL migration 0019's ix_person_name_sv serves that:
at 100,000 people the 269 pages of the lead's crawl of every role read ix_person_name not once
(pg_stat_user_indexes.idx_scan 0, against 13 for ix_person_name_sv), so it only costs writes.
SQLite keeps it: its planner reads it as a covering index for the administration's people list
(the page's ids in Swedish order), which is smaller than the table.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_person_name", table_name="person")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_person_name", "person", ["name", "id"])
