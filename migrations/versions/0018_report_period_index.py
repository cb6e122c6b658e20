"""The status report's completions in a period: a partial index on course_status (completed
mandatory assignments by completion time, department and key person), read index-only

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 00:45:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

WHERE = "assigned AND mandatory AND status = 'completed'"


def upgrade():
    with op.batch_alter_table("course_status", schema=None) as batch_op:
        batch_op.create_index(
            "ix_course_status_completed_mandatory",
            ["completed_at", "department_id", "is_key_person"],
            unique=False,
            postgresql_where=sa.text(WHERE),
            sqlite_where=sa.text(WHERE),
        )


def downgrade():
    with op.batch_alter_table("course_status", schema=None) as batch_op:
        batch_op.drop_index("ix_course_status_completed_mandatory")
