"""SCIM provisioning: bearer tokens, what the directory sent for each person, its groups, the
people queued for the assignment rules

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 20:41:58

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scim_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("key_person", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('manager', 'coordinator', 'admin')", name=op.f("ck_scim_group_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_group")),
        sa.UniqueConstraint("display_name", name=op.f("uq_scim_group_display_name")),
        sa.UniqueConstraint("external_id", name=op.f("uq_scim_group_external_id")),
    )
    op.create_table(
        "scim_group_member",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["scim_group.id"],
            name=op.f("fk_scim_group_member_group_id_scim_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_scim_group_member_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "person_id", name=op.f("pk_scim_group_member")),
    )
    with op.batch_alter_table("scim_group_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scim_group_member_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "scim_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["person.id"],
            name=op.f("fk_scim_token_created_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_scim_token_token_hash")),
    )
    op.create_table(
        "scim_user",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("unit", sa.String(length=400), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["person.id"],
            name=op.f("fk_scim_user_manager_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_scim_user_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_scim_user")),
        sa.UniqueConstraint("external_id", name=op.f("uq_scim_user_external_id")),
    )
    op.create_table(
        "scim_pending",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_scim_pending_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_scim_pending")),
    )
    with op.batch_alter_table("scim_pending", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scim_pending_queued_at"), ["queued_at"], unique=False)


def downgrade():
    with op.batch_alter_table("scim_pending", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scim_pending_queued_at"))

    op.drop_table("scim_pending")
    op.drop_table("scim_user")
    op.drop_table("scim_token")
    with op.batch_alter_table("scim_group_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scim_group_member_person_id"))

    op.drop_table("scim_group_member")
    op.drop_table("scim_group")
