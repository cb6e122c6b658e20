"""Each rule's active assignments, counted index-only (the rules page)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 03:05:00

The rules page counts the active assignments of every rule: at 100,000 people some 190,000 rows,
read from the table through the index on rule_id. A partial index of the active ones is read
without the table: about three times quicker.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

ACTIVE = "withdrawn_at IS NULL"


def upgrade():
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assignment_rule_active",
            ["rule_id"],
            unique=False,
            postgresql_where=sa.text(ACTIVE),
            sqlite_where=sa.text(ACTIVE),
        )


def downgrade():
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_rule_active")
