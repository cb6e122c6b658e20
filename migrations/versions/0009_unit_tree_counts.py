"""Status counts per unit subtree (unit_ancestor, unit_tree_status_count) and their triggers

The drill-down pages read these instead of grouping every status row below a unit. The trigger
SQL is frozen here as text (learnapp/training/tree_counts.py creates the same for create_all).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 20:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TRIGGERS_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION unit_tree_status_count_apply() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, 1 FROM new_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  ELSIF TG_OP = 'DELETE' THEN\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, -1 FROM old_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  ELSE\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, 1 FROM new_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned AND EXISTS (SELECT 1 FROM old_rows o WHERE o.person_id = r.person_id AND o.course_id = r.course_id AND (o.assigned, o.unit_id, o.course_id, o.is_key_person, o.status) IS DISTINCT FROM (r.assigned, r.unit_id, r.course_id, r.is_key_person, r.status)) UNION ALL SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, -1 FROM old_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned AND EXISTS (SELECT 1 FROM new_rows o WHERE o.person_id = r.person_id AND o.course_id = r.course_id AND (o.assigned, o.unit_id, o.course_id, o.is_key_person, o.status) IS DISTINCT FROM (r.assigned, r.unit_id, r.course_id, r.is_key_person, r.status))) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  END IF;\n  RETURN NULL;\nEND $$",
    "CREATE TRIGGER unit_tree_status_count_insert AFTER INSERT ON course_status REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_tree_status_count_apply()",
    "CREATE TRIGGER unit_tree_status_count_update AFTER UPDATE ON course_status REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_tree_status_count_apply()",
    "CREATE TRIGGER unit_tree_status_count_delete AFTER DELETE ON course_status REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_tree_status_count_apply()",
    "CREATE OR REPLACE FUNCTION unit_ancestor_apply() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'DELETE' THEN\n    DELETE FROM unit_ancestor WHERE unit_id = OLD.id;\n    DELETE FROM unit_tree_status_count WHERE unit_id = OLD.id;\n    RETURN NULL;\n  END IF;\n  IF TG_OP = 'UPDATE' THEN\n    IF OLD.path IS NOT DISTINCT FROM NEW.path THEN\n      RETURN NULL;\n    END IF;\n    UPDATE unit_tree_status_count t SET n = t.n - c.n\n      FROM (SELECT course_id, is_key_person, status, count(*) AS n FROM course_status WHERE unit_id = NEW.id AND assigned GROUP BY course_id, is_key_person, status) c, unit_ancestor a\n      WHERE a.unit_id = NEW.id AND t.unit_id = a.ancestor_id AND t.course_id = c.course_id\n        AND t.is_key_person = c.is_key_person AND t.status = c.status;\n    DELETE FROM unit_ancestor WHERE unit_id = NEW.id;\n  END IF;\n  INSERT INTO unit_ancestor (unit_id, ancestor_id) SELECT NEW.id, CAST(p AS integer) FROM unnest(string_to_array(trim(both '/' from NEW.path), '/')) AS p WHERE p <> '';\n  INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, c.course_id, c.is_key_person, c.status, c.n FROM (SELECT course_id, is_key_person, status, count(*) AS n FROM course_status WHERE unit_id = NEW.id AND assigned GROUP BY course_id, is_key_person, status) c JOIN unit_ancestor a ON a.unit_id = NEW.id) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  RETURN NULL;\nEND $$",
    "CREATE TRIGGER unit_ancestor_insert AFTER INSERT ON unit FOR EACH ROW EXECUTE FUNCTION unit_ancestor_apply()",
    "CREATE TRIGGER unit_ancestor_update AFTER UPDATE OF path ON unit FOR EACH ROW EXECUTE FUNCTION unit_ancestor_apply()",
    "CREATE TRIGGER unit_ancestor_delete AFTER DELETE ON unit FOR EACH ROW EXECUTE FUNCTION unit_ancestor_apply()",
]

TRIGGERS_SQLITE = [
    "CREATE TRIGGER unit_tree_status_count_insert AFTER INSERT ON course_status\nWHEN NEW.assigned BEGIN\n  INSERT OR IGNORE INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT ancestor_id, NEW.course_id, NEW.is_key_person, NEW.status, 0 FROM unit_ancestor WHERE unit_id = NEW.unit_id AND NEW.assigned; UPDATE unit_tree_status_count SET n = n + 1 WHERE NEW.assigned AND course_id = NEW.course_id AND is_key_person = NEW.is_key_person AND status = NEW.status AND unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = NEW.unit_id);\nEND",
    "CREATE TRIGGER unit_tree_status_count_delete AFTER DELETE ON course_status\nWHEN OLD.assigned BEGIN\n  UPDATE unit_tree_status_count SET n = n - 1 WHERE course_id = OLD.course_id AND is_key_person = OLD.is_key_person AND status = OLD.status AND unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = OLD.unit_id);\nEND",
    "CREATE TRIGGER unit_tree_status_count_update AFTER UPDATE OF assigned, unit_id, course_id, is_key_person, status ON course_status\nWHEN OLD.assigned IS NOT NEW.assigned OR OLD.unit_id IS NOT NEW.unit_id OR OLD.course_id IS NOT NEW.course_id OR OLD.is_key_person IS NOT NEW.is_key_person OR OLD.status IS NOT NEW.status BEGIN\n  UPDATE unit_tree_status_count SET n = n - 1 WHERE OLD.assigned AND course_id = OLD.course_id AND is_key_person = OLD.is_key_person AND status = OLD.status AND unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = OLD.unit_id);\n  INSERT OR IGNORE INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT ancestor_id, NEW.course_id, NEW.is_key_person, NEW.status, 0 FROM unit_ancestor WHERE unit_id = NEW.unit_id AND NEW.assigned; UPDATE unit_tree_status_count SET n = n + 1 WHERE NEW.assigned AND course_id = NEW.course_id AND is_key_person = NEW.is_key_person AND status = NEW.status AND unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = NEW.unit_id);\nEND",
    "CREATE TRIGGER unit_ancestor_insert AFTER INSERT ON unit BEGIN\n  INSERT INTO unit_ancestor (unit_id, ancestor_id) SELECT NEW.id, CAST(value AS INTEGER) FROM json_each('[' || replace(trim(NEW.path, '/'), '/', ',') || ']');\nEND",
    "CREATE TRIGGER unit_ancestor_update AFTER UPDATE OF path ON unit\nWHEN OLD.path IS NOT NEW.path BEGIN\n  UPDATE unit_tree_status_count SET n = n - (SELECT count(*) FROM course_status c WHERE c.unit_id = NEW.id AND c.assigned AND c.course_id = unit_tree_status_count.course_id AND c.is_key_person = unit_tree_status_count.is_key_person AND c.status = unit_tree_status_count.status) WHERE unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = NEW.id);\n  DELETE FROM unit_ancestor WHERE unit_id = NEW.id;\n  INSERT INTO unit_ancestor (unit_id, ancestor_id) SELECT NEW.id, CAST(value AS INTEGER) FROM json_each('[' || replace(trim(NEW.path, '/'), '/', ',') || ']');\n  INSERT OR IGNORE INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n)\n    SELECT a.ancestor_id, c.course_id, c.is_key_person, c.status, 0\n    FROM unit_ancestor a, (SELECT DISTINCT course_id, is_key_person, status FROM course_status\n      WHERE unit_id = NEW.id AND assigned) c\n    WHERE a.unit_id = NEW.id;\n  UPDATE unit_tree_status_count SET n = n + (SELECT count(*) FROM course_status c WHERE c.unit_id = NEW.id AND c.assigned AND c.course_id = unit_tree_status_count.course_id AND c.is_key_person = unit_tree_status_count.is_key_person AND c.status = unit_tree_status_count.status) WHERE unit_id IN (SELECT ancestor_id FROM unit_ancestor WHERE unit_id = NEW.id);\nEND",
    "CREATE TRIGGER unit_ancestor_delete AFTER DELETE ON unit BEGIN\n  DELETE FROM unit_ancestor WHERE unit_id = OLD.id;\n  DELETE FROM unit_tree_status_count WHERE unit_id = OLD.id;\nEND",
]

TRIGGERS = {"postgresql": TRIGGERS_POSTGRESQL, "sqlite": TRIGGERS_SQLITE}

DROP_TRIGGERS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS unit_tree_status_count_insert ON course_status",
        "DROP TRIGGER IF EXISTS unit_tree_status_count_update ON course_status",
        "DROP TRIGGER IF EXISTS unit_tree_status_count_delete ON course_status",
        "DROP TRIGGER IF EXISTS unit_ancestor_insert ON unit",
        "DROP TRIGGER IF EXISTS unit_ancestor_update ON unit",
        "DROP TRIGGER IF EXISTS unit_ancestor_delete ON unit",
        "DROP FUNCTION IF EXISTS unit_tree_status_count_apply()",
        "DROP FUNCTION IF EXISTS unit_ancestor_apply()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS unit_tree_status_count_insert",
        "DROP TRIGGER IF EXISTS unit_tree_status_count_update",
        "DROP TRIGGER IF EXISTS unit_tree_status_count_delete",
        "DROP TRIGGER IF EXISTS unit_ancestor_insert",
        "DROP TRIGGER IF EXISTS unit_ancestor_update",
        "DROP TRIGGER IF EXISTS unit_ancestor_delete",
    ],
}

# The backfill: every unit with itself and the units above it (by path), then the counts.
BACKFILL = [
    "INSERT INTO unit_ancestor (unit_id, ancestor_id)"
    " SELECT u.id, a.id FROM unit u JOIN unit a ON a.department_id = u.department_id"
    " AND a.path <> '' AND u.path LIKE a.path || '%'",
    "INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n)"
    " SELECT a.ancestor_id, cs.course_id, cs.is_key_person, cs.status, count(*)"
    " FROM course_status cs JOIN unit_ancestor a ON a.unit_id = cs.unit_id"
    " WHERE cs.assigned GROUP BY a.ancestor_id, cs.course_id, cs.is_key_person, cs.status",
]


def upgrade():
    op.create_table(
        "unit_ancestor",
        sa.Column("unit_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ancestor_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "ancestor_id", name=op.f("pk_unit_ancestor")),
    )
    with op.batch_alter_table("unit_ancestor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_ancestor_ancestor_id"), ["ancestor_id"], unique=False
        )
    op.create_table(
        "unit_tree_status_count",
        sa.Column("unit_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("course_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("is_key_person", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "unit_id",
            "course_id",
            "is_key_person",
            "status",
            name=op.f("pk_unit_tree_status_count"),
        ),
    )
    for statement in BACKFILL:
        op.execute(statement)
    for statement in TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade():
    for statement in DROP_TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_table("unit_tree_status_count")
    with op.batch_alter_table("unit_ancestor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_ancestor_ancestor_id"))
    op.drop_table("unit_ancestor")
