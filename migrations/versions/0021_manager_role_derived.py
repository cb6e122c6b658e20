"""The manager role is derived from the managed units: person_role no longer holds 'manager',
and a directory group can no longer be mapped to it (its CHECKs allow coordinator and admin)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 02:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

NARROW = "role IN ('coordinator', 'admin')"
WIDE = "role IN ('manager', 'coordinator', 'admin')"


def _check(table: str, condition: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_role"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_{table}_role"), condition)


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM person_role WHERE role = 'manager'"))
    op.execute(sa.text("UPDATE scim_group SET role = NULL WHERE role = 'manager'"))
    _check("person_role", NARROW)
    _check("scim_group", NARROW)


def downgrade() -> None:
    _check("scim_group", WIDE)
    _check("person_role", WIDE)
    # The rows the derived role stood for: whoever manages a unit.
    op.execute(
        sa.text(
            "INSERT INTO person_role (person_id, role) "
            "SELECT DISTINCT person_id, 'manager' FROM unit_manager"
        )
    )
