"""One open quiz attempt per person and course (a partial unique index); stale ones are abandoned

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 17:35:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("abandoned_at", sa.DateTime(timezone=True), nullable=True))

    # Two tabs may already have left two open attempts: the newest open one of each person and
    # course stays open, the others are abandoned (kept, never scored).
    op.execute(
        """
        UPDATE quiz_attempt SET abandoned_at = started_at
        WHERE submitted_at IS NULL AND EXISTS (
            SELECT 1 FROM quiz_attempt AS newer
            WHERE newer.person_id = quiz_attempt.person_id
              AND newer.course_id = quiz_attempt.course_id
              AND newer.submitted_at IS NULL
              AND newer.id > quiz_attempt.id
        )
        """
    )
    op.create_index(
        "uq_quiz_attempt_open",
        "quiz_attempt",
        ["person_id", "course_id"],
        unique=True,
        postgresql_where=sa.text("submitted_at IS NULL AND abandoned_at IS NULL"),
        sqlite_where=sa.text("submitted_at IS NULL AND abandoned_at IS NULL"),
    )


def downgrade():
    op.drop_index("uq_quiz_attempt_open", table_name="quiz_attempt")
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_column("abandoned_at")
