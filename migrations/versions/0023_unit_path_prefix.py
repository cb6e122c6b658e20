"""The unit's path index serves LIKE on a prefix on PostgreSQL (the pattern operator class)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 03:15:00

"This unit and all below it" is `path LIKE '/1/2/3/%'`. PostgreSQL uses a B-tree index for such
a prefix only under the C collation (C.UTF-8 does not count) or with varchar_pattern_ops, so the
subtree was found by reading every unit (0.4 ms at 3,000 units, growing with the organisation;
the training unit page and the drill-downs ask it). Equality on the path is served as before.
SQLite's index stays as it is (its LIKE ignores case and uses no index).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_unit_path")
        op.execute("CREATE INDEX ix_unit_path ON unit (path varchar_pattern_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_unit_path")
        op.execute("CREATE INDEX ix_unit_path ON unit (path)")
