"""Invitations and single sign-on: when a person was invited, the OpenID subject remembered for
them, and the purpose of a set-password link (a reset or an invitation)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 20:25:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_person_oidc_subject"), ["oidc_subject"])
    with op.batch_alter_table("password_reset_token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=20), server_default="reset", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_password_reset_token_purpose"), "purpose IN ('reset', 'invitation')"
        )


def downgrade():
    with op.batch_alter_table("password_reset_token", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_password_reset_token_purpose"), type_="check")
        batch_op.drop_column("purpose")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_person_oidc_subject"), type_="unique")
        batch_op.drop_column("oidc_subject")
        batch_op.drop_column("invited_at")
