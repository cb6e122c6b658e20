"""Inventory submissions carry a version, so a save from a form opened before another save is refused

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 17:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("needs_submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("needs_submission", schema=None) as batch_op:
        batch_op.drop_column("version")
