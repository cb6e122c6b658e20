"""SCIM: the preferredLanguage the directory sent, kept as written (the person's language is what
it maps to, sv or en)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 00:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scim_user") as batch_op:
        batch_op.add_column(sa.Column("preferred_language", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scim_user") as batch_op:
        batch_op.drop_column("preferred_language")
