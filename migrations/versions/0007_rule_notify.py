"""Assignment rules: a recommended course's rule may be set not to mail

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 19:25:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assignment_rule", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("assignment_rule", schema=None) as batch_op:
        batch_op.drop_column("notify")
