"""The subtree counters' PostgreSQL trigger counts an UPDATE in linear time

The UPDATE branch of unit_tree_status_count_apply() joined the statement's new rows to its old
ones (EXISTS over the transition tables) to skip rows whose counted columns had not changed.
Transition tables have no index and no statistics, so PostgreSQL ran that join as a nested loop:
quadratic in the rows one UPDATE touches (an HR import's first 20,000 people spent most of its
time there). The function now adds the new rows and takes away the old ones; unchanged rows
cancel out in its GROUP BY. Same counts, nothing to backfill. SQLite's row-level triggers are
unchanged.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 00:10:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

FUNCTION = "CREATE OR REPLACE FUNCTION unit_tree_status_count_apply() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, 1 FROM new_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  ELSIF TG_OP = 'DELETE' THEN\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, -1 FROM old_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  ELSE\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, 1 FROM new_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned UNION ALL SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, -1 FROM old_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  END IF;\n  RETURN NULL;\nEND $$"

BEFORE = "CREATE OR REPLACE FUNCTION unit_tree_status_count_apply() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, 1 FROM new_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  ELSIF TG_OP = 'DELETE' THEN\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, -1 FROM old_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  ELSE\n    INSERT INTO unit_tree_status_count (unit_id, course_id, is_key_person, status, n) SELECT unit_id, course_id, is_key_person, status, sum(d) FROM (SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, 1 FROM new_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned AND EXISTS (SELECT 1 FROM old_rows o WHERE o.person_id = r.person_id AND o.course_id = r.course_id AND (o.assigned, o.unit_id, o.course_id, o.is_key_person, o.status) IS DISTINCT FROM (r.assigned, r.unit_id, r.course_id, r.is_key_person, r.status)) UNION ALL SELECT a.ancestor_id, r.course_id, r.is_key_person, r.status, -1 FROM old_rows r JOIN unit_ancestor a ON a.unit_id = r.unit_id WHERE r.assigned AND EXISTS (SELECT 1 FROM new_rows o WHERE o.person_id = r.person_id AND o.course_id = r.course_id AND (o.assigned, o.unit_id, o.course_id, o.is_key_person, o.status) IS DISTINCT FROM (r.assigned, r.unit_id, r.course_id, r.is_key_person, r.status))) AS c (unit_id, course_id, is_key_person, status, d) GROUP BY unit_id, course_id, is_key_person, status HAVING sum(d) <> 0 ON CONFLICT (unit_id, course_id, is_key_person, status) DO UPDATE SET n = unit_tree_status_count.n + EXCLUDED.n;\n  END IF;\n  RETURN NULL;\nEND $$"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BEFORE)
