"""Two-step sign-in: TOTP secrets and recovery codes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 18:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mfa_credential",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_step", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_mfa_credential_person_id_person")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_mfa_credential")),
    )
    op.create_table(
        "mfa_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_mfa_recovery_code_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mfa_recovery_code")),
    )
    with op.batch_alter_table("mfa_recovery_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mfa_recovery_code_person_id"), ["person_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("mfa_recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mfa_recovery_code_person_id"))
    op.drop_table("mfa_recovery_code")
    op.drop_table("mfa_credential")
