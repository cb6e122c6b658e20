"""An index on the person's name, for lists of people by name read a page at a time

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 00:10:00

The training unit page shows its people 50 a page, by name: with this index the first pages of a
30,000-person subtree read a few hundred index entries instead of sorting everyone in it.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_person_name", "person", ["name", "id"])


def downgrade() -> None:
    op.drop_index("ix_person_name", table_name="person")
