"""Two partial indexes for the unit reminder page: active people by unit, overdue statuses by person

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 04:05:00

The unit reminder page counts the active people below the unit with an overdue course. Below a
department's top unit at 100,000 people PostgreSQL read the whole person table (no index gave
the active people of a unit with their ids) and then each candidate's status rows (41-60 ms).
With the active people's (unit_id, id) and the overdue statuses' person_id, both index-only, the
count is a walk over the subtree's units (about 19 ms). Both databases get both indexes.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_person_active_unit",
        "person",
        ["unit_id", "id"],
        unique=False,
        postgresql_where=sa.text("active"),
        sqlite_where=sa.text("active = 1"),
    )
    op.create_index(
        "ix_course_status_overdue",
        "course_status",
        ["person_id"],
        unique=False,
        postgresql_where=sa.text("status = 'overdue'"),
        sqlite_where=sa.text("status = 'overdue'"),
    )


def downgrade():
    op.drop_index("ix_course_status_overdue", table_name="course_status")
    op.drop_index("ix_person_active_unit", table_name="person")
