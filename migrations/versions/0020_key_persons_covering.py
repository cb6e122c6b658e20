"""The active key persons' index carries their function and name (PostgreSQL)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 03:10:00

The contacts page ("Vem kontaktar jag?") lists the first 25 key persons of the reader's
department by function and name, and counts the rest. With the function and name in the index
(INCLUDE) PostgreSQL picks those 25 from an index-only scan and reads 25 rows of the table, not
the 8,000 key persons' (some 3,500 table pages at 100,000 people). SQLite has no INCLUDE: its
index stays as it is.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

WHERE = "WHERE is_key_person AND active"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_person_key_persons")
        op.execute(
            "CREATE INDEX ix_person_key_persons ON person (unit_id, id) "
            f"INCLUDE (key_function, name) {WHERE}"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_person_key_persons")
        op.execute(f"CREATE INDEX ix_person_key_persons ON person (unit_id, id) {WHERE}")
