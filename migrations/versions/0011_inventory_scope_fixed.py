"""Inventories: key persons in chosen departments, the areas asked per inventory, and the
people asked fixed when an inventory opens

Existing inventories ask about every active area; an opened one asks the people its scope
covers now and everyone who has already answered it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 20:45:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("needs_inventory", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("key_persons_only", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "needs_inventory_area",
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["competence_area.id"],
            name=op.f("fk_needs_inventory_area_area_id_competence_area"),
        ),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_inventory_area_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("inventory_id", "area_id", name=op.f("pk_needs_inventory_area")),
    )
    with op.batch_alter_table("needs_inventory_area", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_needs_inventory_area_area_id"), ["area_id"], unique=False
        )

    op.create_table(
        "needs_inventory_person",
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_inventory_person_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_needs_inventory_person_person_id_person")
        ),
        sa.PrimaryKeyConstraint(
            "inventory_id", "person_id", name=op.f("pk_needs_inventory_person")
        ),
    )
    with op.batch_alter_table("needs_inventory_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_needs_inventory_person_person_id"), ["person_id"], unique=False
        )

    op.execute(
        "INSERT INTO needs_inventory_area (inventory_id, area_id) "
        "SELECT i.id, a.id FROM needs_inventory i, competence_area a WHERE a.active"
    )
    op.execute(
        "INSERT INTO needs_inventory_person (inventory_id, person_id, added_at) "
        "SELECT i.id, p.id, COALESCE(i.opened_at, i.created_at) "
        "FROM needs_inventory i JOIN person p ON p.active AND p.unit_id IS NOT NULL "
        "JOIN unit u ON u.id = p.unit_id "
        "WHERE i.state <> 'draft' AND ("
        " i.scope = 'everyone'"
        " OR (i.scope = 'key_persons' AND p.is_key_person)"
        " OR (i.scope = 'departments' AND u.department_id IN ("
        "   SELECT d.department_id FROM needs_inventory_department d"
        "   WHERE d.inventory_id = i.id)))"
    )
    op.execute(
        "INSERT INTO needs_inventory_person (inventory_id, person_id, added_at) "
        "SELECT s.inventory_id, s.person_id, s.updated_at FROM needs_submission s "
        "WHERE NOT EXISTS (SELECT 1 FROM needs_inventory_person x "
        " WHERE x.inventory_id = s.inventory_id AND x.person_id = s.person_id)"
    )


def downgrade():
    with op.batch_alter_table("needs_inventory_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_inventory_person_person_id"))
    op.drop_table("needs_inventory_person")
    with op.batch_alter_table("needs_inventory_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_inventory_area_area_id"))
    op.drop_table("needs_inventory_area")
    with op.batch_alter_table("needs_inventory", schema=None) as batch_op:
        batch_op.drop_column("key_persons_only")
