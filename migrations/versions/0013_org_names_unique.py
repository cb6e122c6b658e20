"""Names of departments and units unique regardless of case, top-level units included

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 20:40:00

The rule the screens and the HR import always applied (org.services), now in the database. The
upgrade refuses, changing nothing, when the data already breaks it, and lists the clashing rows:
two units that differ only in case under the same parent are usually the same unit, so merge them
(Administration > Units > the unit > Merge) or rename one, then upgrade again. lower() folds
Å, Ä, Ö on both databases (SQLite through the app's own lower(), see learnapp/swedish.py; edit a
SQLite database through the app, not the sqlite3 shell, or that index may disagree with itself).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CLASHES = {
    "department names": "SELECT lower(name) AS k, count(*) AS n FROM department GROUP BY lower(name)",
    "department codes": "SELECT lower(code) AS k, count(*) AS n FROM department GROUP BY lower(code)",
    "unit names under the same parent": (
        "SELECT department_id || '/' || coalesce(parent_id, 0) || ': ' || lower(name) AS k, "
        "count(*) AS n FROM unit GROUP BY department_id, coalesce(parent_id, 0), lower(name)"
    ),
}


def _refuse_clashes() -> None:
    bind = op.get_bind()
    found = []
    for what, query in CLASHES.items():
        rows = bind.execute(sa.text(f"SELECT k, n FROM ({query}) AS c WHERE n > 1")).all()
        found += [f"{what}: {key!r} ({n} rows)" for key, n in rows]
    if found:
        raise RuntimeError(
            "Cannot make names unique regardless of case: these already clash (department id / "
            "parent unit id: name). Merge or rename them, then upgrade again.\n  "
            + "\n  ".join(found)
        )


def upgrade():
    _refuse_clashes()
    op.create_index("uq_department_lower_name", "department", [sa.text("lower(name)")], unique=True)
    op.create_index("uq_department_lower_code", "department", [sa.text("lower(code)")], unique=True)
    op.create_index(
        "uq_unit_sibling_lower_name",
        "unit",
        ["department_id", sa.text("coalesce(parent_id, 0)"), sa.text("lower(name)")],
        unique=True,
    )


def downgrade():
    op.drop_index("uq_unit_sibling_lower_name", table_name="unit")
    op.drop_index("uq_department_lower_code", table_name="department")
    op.drop_index("uq_department_lower_name", table_name="department")
