"""The whole schema, squashed before the first release: tables, constraints, indexes and the
rollup triggers. Later changes each get a migration of their own after this one.

Revision ID: 0001
Revises:
Create Date: 2026-12-03 18:28:38.225226

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# The rollup triggers as `learnapp/training/rollups.py` and `learnapp/routines/rollups.py` create
# them at this revision, frozen as text: an edit there needs a migration of its own, and
# tests/core/test_migrations.py fails until it has one (it compares the migrated triggers with
# what those modules create).

TRIGGERS_SQLITE = [
    """CREATE TRIGGER course_status_count_insert AFTER INSERT ON course_status
WHEN NEW.assigned BEGIN
  INSERT OR IGNORE INTO course_status_count (department_id, course_id, is_key_person, mandatory, status, n) SELECT coalesce(NEW.department_id, 0), NEW.course_id, NEW.is_key_person, NEW.mandatory, NEW.status, 0 WHERE NEW.assigned; UPDATE course_status_count SET n = n + 1 WHERE NEW.assigned AND department_id = coalesce(NEW.department_id, 0) AND course_id = NEW.course_id AND is_key_person = NEW.is_key_person AND mandatory = NEW.mandatory AND status = NEW.status;
END""",
    """CREATE TRIGGER course_status_count_delete AFTER DELETE ON course_status
WHEN OLD.assigned BEGIN
  UPDATE course_status_count SET n = n - 1 WHERE department_id = coalesce(OLD.department_id, 0) AND course_id = OLD.course_id AND is_key_person = OLD.is_key_person AND mandatory = OLD.mandatory AND status = OLD.status;
END""",
    """CREATE TRIGGER course_status_count_update AFTER UPDATE OF assigned, department_id, course_id, is_key_person, mandatory, status ON course_status
WHEN OLD.assigned IS NOT NEW.assigned OR OLD.department_id IS NOT NEW.department_id OR OLD.course_id IS NOT NEW.course_id OR OLD.is_key_person IS NOT NEW.is_key_person OR OLD.mandatory IS NOT NEW.mandatory OR OLD.status IS NOT NEW.status BEGIN
  UPDATE course_status_count SET n = n - 1 WHERE OLD.assigned AND department_id = coalesce(OLD.department_id, 0) AND course_id = OLD.course_id AND is_key_person = OLD.is_key_person AND mandatory = OLD.mandatory AND status = OLD.status;
  INSERT OR IGNORE INTO course_status_count (department_id, course_id, is_key_person, mandatory, status, n) SELECT coalesce(NEW.department_id, 0), NEW.course_id, NEW.is_key_person, NEW.mandatory, NEW.status, 0 WHERE NEW.assigned; UPDATE course_status_count SET n = n + 1 WHERE NEW.assigned AND department_id = coalesce(NEW.department_id, 0) AND course_id = NEW.course_id AND is_key_person = NEW.is_key_person AND mandatory = NEW.mandatory AND status = NEW.status;
END""",
    """CREATE TRIGGER completion_month_count_insert AFTER INSERT ON completion BEGIN
  INSERT OR IGNORE INTO completion_month_count (month, n) VALUES (strftime('%Y-%m', NEW.completed_at), 0);
  UPDATE completion_month_count SET n = n + 1 WHERE month = strftime('%Y-%m', NEW.completed_at);
END""",
    """CREATE TRIGGER completion_month_count_delete AFTER DELETE ON completion BEGIN
  UPDATE completion_month_count SET n = n - 1 WHERE month = strftime('%Y-%m', OLD.completed_at);
END""",
    """CREATE TRIGGER completion_month_count_update AFTER UPDATE OF completed_at ON completion
WHEN OLD.completed_at IS NOT NEW.completed_at BEGIN
  UPDATE completion_month_count SET n = n - 1 WHERE month = strftime('%Y-%m', OLD.completed_at);
  INSERT OR IGNORE INTO completion_month_count (month, n) VALUES (strftime('%Y-%m', NEW.completed_at), 0);
  UPDATE completion_month_count SET n = n + 1 WHERE month = strftime('%Y-%m', NEW.completed_at);
END""",
    """CREATE TRIGGER routine_status_count_insert AFTER INSERT ON routine_status BEGIN
  INSERT OR IGNORE INTO routine_status_count (department_id, routine_id, status, n) VALUES (coalesce(NEW.department_id, 0), NEW.routine_id, NEW.status, 0); UPDATE routine_status_count SET n = n + 1 WHERE department_id = coalesce(NEW.department_id, 0) AND routine_id = NEW.routine_id AND status = NEW.status;
END""",
    """CREATE TRIGGER routine_status_count_delete AFTER DELETE ON routine_status BEGIN
  UPDATE routine_status_count SET n = n - 1 WHERE department_id = coalesce(OLD.department_id, 0) AND routine_id = OLD.routine_id AND status = OLD.status;
END""",
    """CREATE TRIGGER routine_status_count_update AFTER UPDATE OF department_id, routine_id, status
ON routine_status
WHEN OLD.department_id IS NOT NEW.department_id OR OLD.routine_id IS NOT NEW.routine_id
  OR OLD.status IS NOT NEW.status BEGIN
  UPDATE routine_status_count SET n = n - 1 WHERE department_id = coalesce(OLD.department_id, 0) AND routine_id = OLD.routine_id AND status = OLD.status;
  INSERT OR IGNORE INTO routine_status_count (department_id, routine_id, status, n) VALUES (coalesce(NEW.department_id, 0), NEW.routine_id, NEW.status, 0); UPDATE routine_status_count SET n = n + 1 WHERE department_id = coalesce(NEW.department_id, 0) AND routine_id = NEW.routine_id AND status = NEW.status;
END""",
]

DROP_TRIGGERS_SQLITE = [
    """DROP TRIGGER IF EXISTS course_status_count_insert""",
    """DROP TRIGGER IF EXISTS course_status_count_delete""",
    """DROP TRIGGER IF EXISTS course_status_count_update""",
    """DROP TRIGGER IF EXISTS completion_month_count_insert""",
    """DROP TRIGGER IF EXISTS completion_month_count_delete""",
    """DROP TRIGGER IF EXISTS completion_month_count_update""",
    """DROP TRIGGER IF EXISTS routine_status_count_insert""",
    """DROP TRIGGER IF EXISTS routine_status_count_update""",
    """DROP TRIGGER IF EXISTS routine_status_count_delete""",
]

TRIGGERS_POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION course_status_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO course_status_count (department_id, course_id, is_key_person, mandatory, status, n) SELECT department_id, course_id, is_key_person, mandatory, status, sum(d) FROM (SELECT coalesce(department_id, 0), course_id, is_key_person, mandatory, status, 1 AS d FROM new_rows WHERE assigned) AS c (department_id, course_id, is_key_person, mandatory, status, d) GROUP BY department_id, course_id, is_key_person, mandatory, status HAVING sum(d) <> 0 ON CONFLICT (department_id, course_id, is_key_person, mandatory, status) DO UPDATE SET n = course_status_count.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO course_status_count (department_id, course_id, is_key_person, mandatory, status, n) SELECT department_id, course_id, is_key_person, mandatory, status, sum(d) FROM (SELECT coalesce(department_id, 0), course_id, is_key_person, mandatory, status, -1 AS d FROM old_rows WHERE assigned) AS c (department_id, course_id, is_key_person, mandatory, status, d) GROUP BY department_id, course_id, is_key_person, mandatory, status HAVING sum(d) <> 0 ON CONFLICT (department_id, course_id, is_key_person, mandatory, status) DO UPDATE SET n = course_status_count.n + EXCLUDED.n;
  ELSE
    INSERT INTO course_status_count (department_id, course_id, is_key_person, mandatory, status, n) SELECT department_id, course_id, is_key_person, mandatory, status, sum(d) FROM (SELECT coalesce(department_id, 0), course_id, is_key_person, mandatory, status, 1 AS d FROM new_rows WHERE assigned UNION ALL SELECT coalesce(department_id, 0), course_id, is_key_person, mandatory, status, -1 AS d FROM old_rows WHERE assigned) AS c (department_id, course_id, is_key_person, mandatory, status, d) GROUP BY department_id, course_id, is_key_person, mandatory, status HAVING sum(d) <> 0 ON CONFLICT (department_id, course_id, is_key_person, mandatory, status) DO UPDATE SET n = course_status_count.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$""",
    """CREATE TRIGGER course_status_count_insert AFTER INSERT ON course_status REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION course_status_count_apply()""",
    """CREATE TRIGGER course_status_count_update AFTER UPDATE ON course_status REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION course_status_count_apply()""",
    """CREATE TRIGGER course_status_count_delete AFTER DELETE ON course_status REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION course_status_count_apply()""",
    """CREATE OR REPLACE FUNCTION completion_month_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO completion_month_count (month, n) SELECT month, sum(d) FROM (SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM'), 1 AS d FROM new_rows WHERE true) AS c (month, d) GROUP BY month HAVING sum(d) <> 0 ON CONFLICT (month) DO UPDATE SET n = completion_month_count.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO completion_month_count (month, n) SELECT month, sum(d) FROM (SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM'), -1 AS d FROM old_rows WHERE true) AS c (month, d) GROUP BY month HAVING sum(d) <> 0 ON CONFLICT (month) DO UPDATE SET n = completion_month_count.n + EXCLUDED.n;
  ELSE
    INSERT INTO completion_month_count (month, n) SELECT month, sum(d) FROM (SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM'), 1 AS d FROM new_rows WHERE true UNION ALL SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM'), -1 AS d FROM old_rows WHERE true) AS c (month, d) GROUP BY month HAVING sum(d) <> 0 ON CONFLICT (month) DO UPDATE SET n = completion_month_count.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$""",
    """CREATE TRIGGER completion_month_count_insert AFTER INSERT ON completion REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION completion_month_count_apply()""",
    """CREATE TRIGGER completion_month_count_update AFTER UPDATE ON completion REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION completion_month_count_apply()""",
    """CREATE TRIGGER completion_month_count_delete AFTER DELETE ON completion REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION completion_month_count_apply()""",
    """CREATE OR REPLACE FUNCTION routine_status_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO routine_status_count (department_id, routine_id, status, n) SELECT department_id, routine_id, status, sum(d) FROM (SELECT coalesce(department_id, 0), routine_id, status, 1 AS d FROM new_rows WHERE true) AS c (department_id, routine_id, status, d) GROUP BY department_id, routine_id, status HAVING sum(d) <> 0 ON CONFLICT (department_id, routine_id, status) DO UPDATE SET n = routine_status_count.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO routine_status_count (department_id, routine_id, status, n) SELECT department_id, routine_id, status, sum(d) FROM (SELECT coalesce(department_id, 0), routine_id, status, -1 AS d FROM old_rows WHERE true) AS c (department_id, routine_id, status, d) GROUP BY department_id, routine_id, status HAVING sum(d) <> 0 ON CONFLICT (department_id, routine_id, status) DO UPDATE SET n = routine_status_count.n + EXCLUDED.n;
  ELSE
    INSERT INTO routine_status_count (department_id, routine_id, status, n) SELECT department_id, routine_id, status, sum(d) FROM (SELECT coalesce(department_id, 0), routine_id, status, 1 AS d FROM new_rows WHERE true UNION ALL SELECT coalesce(department_id, 0), routine_id, status, -1 AS d FROM old_rows WHERE true) AS c (department_id, routine_id, status, d) GROUP BY department_id, routine_id, status HAVING sum(d) <> 0 ON CONFLICT (department_id, routine_id, status) DO UPDATE SET n = routine_status_count.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$""",
    """CREATE TRIGGER routine_status_count_insert AFTER INSERT ON routine_status REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routine_status_count_apply()""",
    """CREATE TRIGGER routine_status_count_update AFTER UPDATE ON routine_status REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routine_status_count_apply()""",
    """CREATE TRIGGER routine_status_count_delete AFTER DELETE ON routine_status REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routine_status_count_apply()""",
]

DROP_TRIGGERS_POSTGRESQL = [
    """DROP TRIGGER IF EXISTS course_status_count_insert ON course_status""",
    """DROP TRIGGER IF EXISTS course_status_count_update ON course_status""",
    """DROP TRIGGER IF EXISTS course_status_count_delete ON course_status""",
    """DROP TRIGGER IF EXISTS completion_month_count_insert ON completion""",
    """DROP TRIGGER IF EXISTS completion_month_count_update ON completion""",
    """DROP TRIGGER IF EXISTS completion_month_count_delete ON completion""",
    """DROP FUNCTION IF EXISTS course_status_count_apply()""",
    """DROP FUNCTION IF EXISTS completion_month_count_apply()""",
    """DROP TRIGGER IF EXISTS routine_status_count_insert ON routine_status""",
    """DROP TRIGGER IF EXISTS routine_status_count_update ON routine_status""",
    """DROP TRIGGER IF EXISTS routine_status_count_delete ON routine_status""",
    """DROP FUNCTION IF EXISTS routine_status_count_apply()""",
]


TRIGGERS = {"sqlite": TRIGGERS_SQLITE, "postgresql": TRIGGERS_POSTGRESQL}
DROP_TRIGGERS = {"sqlite": DROP_TRIGGERS_SQLITE, "postgresql": DROP_TRIGGERS_POSTGRESQL}


def upgrade():
    op.create_table(
        "competence_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_sv", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("description_sv", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competence_area")),
        sa.UniqueConstraint("code", name=op.f("uq_competence_area_code")),
    )
    op.create_table(
        "completion_month_count",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_completion_month_count")),
    )
    op.create_table(
        "completion_snapshot",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("department_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("course_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("is_key_person", sa.Boolean(), nullable=False),
        sa.Column("department_name", sa.String(length=200), nullable=False),
        sa.Column("course_title", sa.String(length=300), nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "month",
            "department_id",
            "course_id",
            "is_key_person",
            name=op.f("pk_completion_snapshot"),
        ),
    )
    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Float(), nullable=False),
        sa.Column("validity_months", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("attempt_wait_minutes", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("intro_html", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("quiz_hash", sa.String(length=64), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("pass_mark BETWEEN 0 AND 1", name=op.f("ck_course_pass_mark")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course")),
        sa.UniqueConstraint("slug", name=op.f("uq_course_slug")),
    )
    op.create_table(
        "course_status_count",
        sa.Column("department_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("course_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("is_key_person", sa.Boolean(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "department_id",
            "course_id",
            "is_key_person",
            "mandatory",
            "status",
            name=op.f("pk_course_status_count"),
        ),
    )
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("is_external", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("code", name=op.f("uq_department_code")),
        sa.UniqueConstraint("name", name=op.f("uq_department_name")),
    )
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_address_at", ["client_address", "at"], unique=False)
        batch_op.create_index("ix_login_failure_email_at", ["email", "at"], unique=False)

    op.create_table(
        "routine_status_count",
        sa.Column("department_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("routine_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "department_id", "routine_id", "status", name=op.f("pk_routine_status_count")
        ),
    )
    op.create_table(
        "course_area",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["competence_area.id"], name=op.f("fk_course_area_area_id_competence_area")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_course_area_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "area_id", name=op.f("pk_course_area")),
    )
    with op.batch_alter_table("course_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_area_area_id"), ["area_id"], unique=False)

    op.create_table(
        "lesson",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_lesson_course_id_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson")),
        sa.UniqueConstraint("course_id", "slug", name=op.f("uq_lesson_course_id_slug")),
    )
    with op.batch_alter_table("lesson", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_course_id"), ["course_id"], unique=False)

    op.create_table(
        "quiz_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("gift", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_quiz_question_course_id_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_question")),
    )
    with op.batch_alter_table("quiz_question", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quiz_question_course_active", ["course_id", "active", "position"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_quiz_question_course_id"), ["course_id"], unique=False)

    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_unit_department_id_department")
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["unit.id"], name=op.f("fk_unit_parent_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint(
            "department_id", "parent_id", "name", name=op.f("uq_unit_department_id_parent_id_name")
        ),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_path"), ["path"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("employee_number", sa.String(length=40), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("is_key_person", sa.Boolean(), nullable=False),
        sa.Column("key_function", sa.String(length=200), nullable=False),
        sa.Column("work_phone", sa.String(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_person_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
        sa.UniqueConstraint("employee_number", name=op.f("uq_person_employee_number")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_is_key_person"), ["is_key_person"], unique=False
        )
        batch_op.create_index(
            "ix_person_key_persons",
            ["unit_id", "id"],
            unique=False,
            postgresql_where=sa.text("is_key_person AND active"),
            sqlite_where=sa.text("is_key_person = 1 AND active = 1"),
        )
        batch_op.create_index("ix_person_unit_active", ["unit_id", "active"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "assignment_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("due_days", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('manager', 'coordinator', 'admin')", name=op.f("ck_assignment_rule_role")
        ),
        sa.CheckConstraint(
            "scope IN ('everyone', 'department', 'unit', 'key_persons', 'role')",
            name=op.f("ck_assignment_rule_scope"),
        ),
        sa.CheckConstraint("due_days >= 0", name=op.f("ck_assignment_rule_due_days")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_assignment_rule_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_assignment_rule_created_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_assignment_rule_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_assignment_rule_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_rule")),
    )
    with op.batch_alter_table("assignment_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_rule_course_id"), ["course_id"], unique=False
        )

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["person.id"], name=op.f("fk_audit_event_actor_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_action_at", ["action", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)

    op.create_table(
        "calendar_token",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_calendar_token_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_calendar_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_token_token_hash")),
    )
    op.create_table(
        "course_status",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned", sa.Boolean(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("is_key_person", sa.Boolean(), nullable=False),
        sa.Column("lessons_read", sa.Integer(), nullable=False),
        sa.Column("lessons_total", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('not_assigned', 'not_started', 'in_progress', 'completed', 'expired', 'overdue')",
            name=op.f("ck_course_status_status"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_status_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_course_status_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_course_status_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_course_status_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("person_id", "course_id", name=op.f("pk_course_status")),
    )
    with op.batch_alter_table("course_status", schema=None) as batch_op:
        batch_op.create_index(
            "ix_course_status_course_status", ["course_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_course_status_dept_course", ["department_id", "course_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_course_status_unit_course", ["unit_id", "course_id", "status"], unique=False
        )

    op.create_table(
        "lesson_progress",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("first_viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name=op.f("fk_lesson_progress_lesson_id_lesson")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_lesson_progress_person_id_person")
        ),
        sa.PrimaryKeyConstraint("person_id", "lesson_id", name=op.f("pk_lesson_progress")),
    )
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lesson_progress_lesson_id"), ["lesson_id"], unique=False
        )

    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("attachment_name", sa.String(length=100), nullable=True),
        sa.Column("attachment", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')",
            name=op.f("ck_mail_outbox_state"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_mail_outbox_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
    )
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_mail_outbox_person_kind", ["person_id", "kind"], unique=False)
        batch_op.create_index(
            "ix_mail_outbox_state_next", ["state", "next_attempt_at"], unique=False
        )

    op.create_table(
        "mail_preference",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("optional_mails", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_mail_preference_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_mail_preference")),
    )
    op.create_table(
        "needs_inventory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("copied_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "scope IN ('key_persons', 'everyone', 'departments')",
            name=op.f("ck_needs_inventory_scope"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'open', 'closed')", name=op.f("ck_needs_inventory_state")
        ),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_inventory_copied_from_id_needs_inventory"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_needs_inventory_created_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_inventory")),
    )
    with op.batch_alter_table("needs_inventory", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_inventory_state"), ["state"], unique=False)

    op.create_table(
        "password_reset_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_password_reset_token_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_token_token_hash")),
    )
    with op.batch_alter_table("password_reset_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_password_reset_token_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "pending_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("create_units", sa.Boolean(), nullable=False),
        sa.Column("deactivate_missing", sa.Boolean(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("rows", sa.Integer(), server_default="0", nullable=False),
        sa.Column("state", sa.String(length=10), server_default="checked", nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempt", sa.Integer(), server_default="0", nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["person.id"],
            name=op.f("fk_pending_import_created_by_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_import")),
        sa.UniqueConstraint("token", name=op.f("uq_pending_import_token")),
    )
    with op.batch_alter_table("pending_import", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_import_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "person_role",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "role IN ('manager', 'coordinator', 'admin')", name=op.f("ck_person_role_role")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_role_person_id_person")
        ),
        sa.PrimaryKeyConstraint("person_id", "role", name=op.f("pk_person_role")),
    )
    with op.batch_alter_table("person_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_role_role"), ["role"], unique=False)

    op.create_table(
        "quiz_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("course_version", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("max_points", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_quiz_attempt_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_quiz_attempt_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_attempt")),
    )
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_attempt_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            "ix_quiz_attempt_person_course", ["person_id", "course_id"], unique=False
        )

    op.create_table(
        "routine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("template_key", sa.String(length=80), nullable=True),
        sa.Column("draft_title", sa.String(length=200), nullable=False),
        sa.Column("draft_summary", sa.Text(), nullable=False),
        sa.Column("draft_body", sa.Text(), nullable=False),
        sa.Column("draft_revision", sa.Integer(), nullable=False),
        sa.Column("draft_saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("draft_saved_by_id", sa.Integer(), nullable=True),
        sa.Column("published_version", sa.Integer(), nullable=False),
        sa.Column("required_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_routine_department_id_department")
        ),
        sa.ForeignKeyConstraint(
            ["draft_saved_by_id"], ["person.id"], name=op.f("fk_routine_draft_saved_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine")),
        sa.UniqueConstraint("template_key", name=op.f("uq_routine_template_key")),
    )
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routine_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "routine_editor",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["person.id"], name=op.f("fk_routine_editor_added_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_routine_editor_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_routine_editor_person_id_person")
        ),
        sa.PrimaryKeyConstraint("person_id", "department_id", name=op.f("pk_routine_editor")),
    )
    with op.batch_alter_table("routine_editor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routine_editor_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "unit_manager",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_unit_manager_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_unit_manager_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("person_id", "unit_id", name=op.f("pk_unit_manager")),
    )
    with op.batch_alter_table("unit_manager", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_manager_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"], ["person.id"], name=op.f("fk_assignment_assigned_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_assignment_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_assignment_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["assignment_rule.id"], name=op.f("fk_assignment_rule_id_assignment_rule")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            "ix_assignment_person_course", ["person_id", "course_id"], unique=False
        )
        batch_op.create_index("ix_assignment_rule", ["rule_id"], unique=False)

    op.create_table(
        "completion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("course_version", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["quiz_attempt.id"], name=op.f("fk_completion_attempt_id_quiz_attempt")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_completion_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_completion_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_completion")),
        sa.UniqueConstraint("code", name=op.f("uq_completion_code")),
    )
    with op.batch_alter_table("completion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_completion_completed_at"), ["completed_at"], unique=False
        )
        batch_op.create_index(
            "ix_completion_course_completed", ["course_id", "completed_at"], unique=False
        )
        batch_op.create_index(
            "ix_completion_person_course", ["person_id", "course_id", "completed_at"], unique=False
        )

    op.create_table(
        "needs_inventory_department",
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_needs_inventory_department_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_inventory_department_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "inventory_id", "department_id", name=op.f("pk_needs_inventory_department")
        ),
    )
    with op.batch_alter_table("needs_inventory_department", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_needs_inventory_department_department_id"),
            ["department_id"],
            unique=False,
        )

    op.create_table(
        "needs_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("knowledge", sa.Integer(), nullable=True),
        sa.Column("need", sa.String(length=10), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_by_manager", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "need IN ('none', 'some', 'great')", name=op.f("ck_needs_response_need")
        ),
        sa.CheckConstraint("knowledge BETWEEN 1 AND 4", name=op.f("ck_needs_response_knowledge")),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["competence_area.id"],
            name=op.f("fk_needs_response_area_id_competence_area"),
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["person.id"], name=op.f("fk_needs_response_entered_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_response_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_needs_response_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_response")),
        sa.UniqueConstraint(
            "inventory_id",
            "person_id",
            "area_id",
            name=op.f("uq_needs_response_inventory_id_person_id_area_id"),
        ),
    )
    with op.batch_alter_table("needs_response", schema=None) as batch_op:
        batch_op.create_index(
            "ix_needs_response_inventory_area", ["inventory_id", "area_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_needs_response_inventory_id"), ["inventory_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_needs_response_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "needs_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("other_needs", sa.Text(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_by_manager", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["person.id"], name=op.f("fk_needs_submission_entered_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_submission_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_needs_submission_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_submission")),
        sa.UniqueConstraint(
            "inventory_id", "person_id", name=op.f("uq_needs_submission_inventory_id_person_id")
        ),
    )
    with op.batch_alter_table("needs_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_needs_submission_inventory_id"), ["inventory_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_needs_submission_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "routine_status",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("acknowledged_version", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('acknowledged', 'pending')", name=op.f("ck_routine_status_status")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_routine_status_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_routine_status_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["routine_id"], ["routine.id"], name=op.f("fk_routine_status_routine_id_routine")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_routine_status_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("person_id", "routine_id", name=op.f("pk_routine_status")),
    )
    with op.batch_alter_table("routine_status", schema=None) as batch_op:
        batch_op.create_index(
            "ix_routine_status_dept_routine",
            ["department_id", "routine_id", "status"],
            unique=False,
        )
        batch_op.create_index(
            "ix_routine_status_routine_status", ["routine_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_routine_status_unit_routine", ["unit_id", "routine_id", "status"], unique=False
        )

    op.create_table(
        "routine_unit",
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["routine_id"], ["routine.id"], name=op.f("fk_routine_unit_routine_id_routine")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_routine_unit_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("routine_id", "unit_id", name=op.f("pk_routine_unit")),
    )
    with op.batch_alter_table("routine_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routine_unit_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "routine_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("summary_html", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("change_note", sa.String(length=500), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["person.id"],
            name=op.f("fk_routine_version_published_by_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["routine_id"], ["routine.id"], name=op.f("fk_routine_version_routine_id_routine")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine_version")),
        sa.UniqueConstraint(
            "routine_id", "number", name=op.f("uq_routine_version_routine_id_number")
        ),
    )
    op.create_table(
        "saved_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("inventory_id", sa.Integer(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_saved_report_inventory_id_needs_inventory"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"],
            ["person.id"],
            name=op.f("fk_saved_report_saved_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_report")),
    )
    with op.batch_alter_table("saved_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_report_saved_at"), ["saved_at"], unique=False)

    op.create_table(
        "assignment_notice",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_assignment_notice_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["mail_outbox.id"],
            name=op.f("fk_assignment_notice_mail_id_mail_outbox"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("assignment_id", name=op.f("pk_assignment_notice")),
    )
    with op.batch_alter_table("assignment_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_notice_mail_id"), ["mail_id"], unique=False)

    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_reminder_sent_assignment_id_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_reminder_sent_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_sent")),
    )
    with op.batch_alter_table("reminder_sent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminder_sent_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            "ix_reminder_sent_person_kind", ["person_id", "kind", "sent_at"], unique=False
        )

    op.create_table(
        "routine_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_routine_acknowledgement_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["routine_id"],
            ["routine.id"],
            name=op.f("fk_routine_acknowledgement_routine_id_routine"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["routine_version.id"],
            name=op.f("fk_routine_acknowledgement_version_id_routine_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine_acknowledgement")),
    )
    with op.batch_alter_table("routine_acknowledgement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_routine_acknowledgement_person_routine", ["person_id", "routine_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_routine_acknowledgement_routine_id"), ["routine_id"], unique=False
        )

    for statement in TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade():
    for statement in DROP_TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)
    with op.batch_alter_table("routine_acknowledgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_acknowledgement_routine_id"))
        batch_op.drop_index("ix_routine_acknowledgement_person_routine")

    op.drop_table("routine_acknowledgement")
    with op.batch_alter_table("reminder_sent", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_sent_person_kind")
        batch_op.drop_index(batch_op.f("ix_reminder_sent_assignment_id"))

    op.drop_table("reminder_sent")
    with op.batch_alter_table("assignment_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_notice_mail_id"))

    op.drop_table("assignment_notice")
    with op.batch_alter_table("saved_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_report_saved_at"))

    op.drop_table("saved_report")
    op.drop_table("routine_version")
    with op.batch_alter_table("routine_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_unit_unit_id"))

    op.drop_table("routine_unit")
    with op.batch_alter_table("routine_status", schema=None) as batch_op:
        batch_op.drop_index("ix_routine_status_unit_routine")
        batch_op.drop_index("ix_routine_status_routine_status")
        batch_op.drop_index("ix_routine_status_dept_routine")

    op.drop_table("routine_status")
    with op.batch_alter_table("needs_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_submission_person_id"))
        batch_op.drop_index(batch_op.f("ix_needs_submission_inventory_id"))

    op.drop_table("needs_submission")
    with op.batch_alter_table("needs_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_response_person_id"))
        batch_op.drop_index(batch_op.f("ix_needs_response_inventory_id"))
        batch_op.drop_index("ix_needs_response_inventory_area")

    op.drop_table("needs_response")
    with op.batch_alter_table("needs_inventory_department", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_inventory_department_department_id"))

    op.drop_table("needs_inventory_department")
    with op.batch_alter_table("completion", schema=None) as batch_op:
        batch_op.drop_index("ix_completion_person_course")
        batch_op.drop_index("ix_completion_course_completed")
        batch_op.drop_index(batch_op.f("ix_completion_completed_at"))

    op.drop_table("completion")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_rule")
        batch_op.drop_index("ix_assignment_person_course")
        batch_op.drop_index(batch_op.f("ix_assignment_course_id"))

    op.drop_table("assignment")
    with op.batch_alter_table("unit_manager", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_manager_unit_id"))

    op.drop_table("unit_manager")
    with op.batch_alter_table("routine_editor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_editor_department_id"))

    op.drop_table("routine_editor")
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_department_id"))

    op.drop_table("routine")
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_attempt_person_course")
        batch_op.drop_index(batch_op.f("ix_quiz_attempt_course_id"))

    op.drop_table("quiz_attempt")
    with op.batch_alter_table("person_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_role_role"))

    op.drop_table("person_role")
    with op.batch_alter_table("pending_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_import_created_at"))

    op.drop_table("pending_import")
    with op.batch_alter_table("password_reset_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_reset_token_person_id"))

    op.drop_table("password_reset_token")
    with op.batch_alter_table("needs_inventory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_inventory_state"))

    op.drop_table("needs_inventory")
    op.drop_table("mail_preference")
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_outbox_state_next")
        batch_op.drop_index("ix_mail_outbox_person_kind")

    op.drop_table("mail_outbox")
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_progress_lesson_id"))

    op.drop_table("lesson_progress")
    with op.batch_alter_table("course_status", schema=None) as batch_op:
        batch_op.drop_index("ix_course_status_unit_course")
        batch_op.drop_index("ix_course_status_dept_course")
        batch_op.drop_index("ix_course_status_course_status")

    op.drop_table("course_status")
    op.drop_table("calendar_token")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_actor_id"))
        batch_op.drop_index("ix_audit_event_action_at")

    op.drop_table("audit_event")
    with op.batch_alter_table("assignment_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_rule_course_id"))

    op.drop_table("assignment_rule")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_unit_id"))
        batch_op.drop_index("ix_person_unit_active")
        batch_op.drop_index(
            "ix_person_key_persons",
            postgresql_where=sa.text("is_key_person AND active"),
            sqlite_where=sa.text("is_key_person = 1 AND active = 1"),
        )
        batch_op.drop_index(batch_op.f("ix_person_is_key_person"))

    op.drop_table("person")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_path"))
        batch_op.drop_index(batch_op.f("ix_unit_parent_id"))
        batch_op.drop_index(batch_op.f("ix_unit_department_id"))

    op.drop_table("unit")
    with op.batch_alter_table("quiz_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_question_course_id"))
        batch_op.drop_index("ix_quiz_question_course_active")

    op.drop_table("quiz_question")
    with op.batch_alter_table("lesson", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_course_id"))

    op.drop_table("lesson")
    with op.batch_alter_table("course_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_area_area_id"))

    op.drop_table("course_area")
    op.drop_table("routine_status_count")
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failure_email_at")
        batch_op.drop_index("ix_login_failure_address_at")

    op.drop_table("login_failure")
    op.drop_table("department")
    op.drop_table("course_status_count")
    op.drop_table("course")
    op.drop_table("completion_snapshot")
    op.drop_table("completion_month_count")
    op.drop_table("competence_area")
