"""Results of an opened inventory counted once and kept (needs_tally, needs_tally_rate,
needs_tally_cell) until a write they depend on (needs_change, kept by triggers on the answers,
the people asked, people and units)

The trigger SQL is frozen here as text (learnapp/needs/tallies.py creates the same for
create_all). Nothing is backfilled: the first reader of an inventory's results counts them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 23:57:12

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TRIGGERS_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION needs_change_new() RETURNS trigger\n"
    "LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  INSERT INTO needs_change (inventory_id, n) SELECT DISTINCT inventory_id, 1 FROM new_rows ON "
    "CONFLICT (inventory_id) DO UPDATE SET n = needs_change.n + 1;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE OR REPLACE FUNCTION needs_change_old() RETURNS trigger\n"
    "LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  INSERT INTO needs_change (inventory_id, n) SELECT DISTINCT inventory_id, 1 FROM old_rows ON "
    "CONFLICT (inventory_id) DO UPDATE SET n = needs_change.n + 1;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE OR REPLACE FUNCTION needs_change_org() RETURNS trigger\n"
    "LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  INSERT INTO needs_change (inventory_id, n) VALUES (0, 1) ON CONFLICT (inventory_id) DO UPDATE "
    "SET n = needs_change.n + 1;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE TRIGGER needs_response_change_insert AFTER INSERT ON needs_response REFERENCING NEW TABLE "
    "AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
    "CREATE TRIGGER needs_response_change_update AFTER UPDATE ON needs_response REFERENCING NEW TABLE "
    "AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
    "CREATE TRIGGER needs_response_change_delete AFTER DELETE ON needs_response REFERENCING OLD TABLE "
    "AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_old()",
    "CREATE TRIGGER needs_submission_change_insert AFTER INSERT ON needs_submission REFERENCING NEW "
    "TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
    "CREATE TRIGGER needs_submission_change_update AFTER UPDATE ON needs_submission REFERENCING NEW "
    "TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
    "CREATE TRIGGER needs_submission_change_delete AFTER DELETE ON needs_submission REFERENCING OLD "
    "TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_old()",
    "CREATE TRIGGER needs_inventory_person_change_insert AFTER INSERT ON needs_inventory_person "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
    "CREATE TRIGGER needs_inventory_person_change_update AFTER UPDATE ON needs_inventory_person "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_new()",
    "CREATE TRIGGER needs_inventory_person_change_delete AFTER DELETE ON needs_inventory_person "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION needs_change_old()",
    "CREATE TRIGGER person_needs_change_update AFTER UPDATE OF unit_id, active ON person FOR EACH "
    "STATEMENT EXECUTE FUNCTION needs_change_org()",
    "CREATE TRIGGER person_needs_change_delete AFTER DELETE ON person FOR EACH STATEMENT EXECUTE "
    "FUNCTION needs_change_org()",
    "CREATE TRIGGER unit_needs_change_update AFTER UPDATE OF path, parent_id, department_id ON unit "
    "FOR EACH STATEMENT EXECUTE FUNCTION needs_change_org()",
    "CREATE TRIGGER unit_needs_change_delete AFTER DELETE ON unit FOR EACH STATEMENT EXECUTE FUNCTION "
    "needs_change_org()",
]

TRIGGERS_SQLITE = [
    "CREATE TRIGGER needs_response_change_insert AFTER INSERT ON needs_response BEGIN INSERT OR "
    "IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET "
    "n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_response_change_update AFTER UPDATE ON needs_response BEGIN INSERT OR "
    "IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET "
    "n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_response_change_delete AFTER DELETE ON needs_response BEGIN INSERT OR "
    "IGNORE INTO needs_change (inventory_id, n) VALUES (OLD.inventory_id, 0); UPDATE needs_change SET "
    "n = n + 1 WHERE inventory_id = OLD.inventory_id; END",
    "CREATE TRIGGER needs_submission_change_insert AFTER INSERT ON needs_submission BEGIN INSERT OR "
    "IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET "
    "n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_submission_change_update AFTER UPDATE ON needs_submission BEGIN INSERT OR "
    "IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET "
    "n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_submission_change_delete AFTER DELETE ON needs_submission BEGIN INSERT OR "
    "IGNORE INTO needs_change (inventory_id, n) VALUES (OLD.inventory_id, 0); UPDATE needs_change SET "
    "n = n + 1 WHERE inventory_id = OLD.inventory_id; END",
    "CREATE TRIGGER needs_inventory_person_change_insert AFTER INSERT ON needs_inventory_person BEGIN "
    "INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE "
    "needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_inventory_person_change_update AFTER UPDATE ON needs_inventory_person BEGIN "
    "INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE "
    "needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_inventory_person_change_delete AFTER DELETE ON needs_inventory_person BEGIN "
    "INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (OLD.inventory_id, 0); UPDATE "
    "needs_change SET n = n + 1 WHERE inventory_id = OLD.inventory_id; END",
    "CREATE TRIGGER person_needs_change_update AFTER UPDATE OF unit_id, active ON person WHEN "
    "OLD.unit_id IS NOT NEW.unit_id OR OLD.active IS NOT NEW.active BEGIN INSERT OR IGNORE INTO "
    "needs_change (inventory_id, n) VALUES (0, 0); UPDATE needs_change SET n = n + 1 WHERE "
    "inventory_id = 0; END",
    "CREATE TRIGGER person_needs_change_delete AFTER DELETE ON person BEGIN INSERT OR IGNORE INTO "
    "needs_change (inventory_id, n) VALUES (0, 0); UPDATE needs_change SET n = n + 1 WHERE "
    "inventory_id = 0; END",
    "CREATE TRIGGER unit_needs_change_update AFTER UPDATE OF path, parent_id, department_id ON unit "
    "WHEN OLD.path IS NOT NEW.path OR OLD.parent_id IS NOT NEW.parent_id OR OLD.department_id IS NOT "
    "NEW.department_id BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (0, 0); "
    "UPDATE needs_change SET n = n + 1 WHERE inventory_id = 0; END",
    "CREATE TRIGGER unit_needs_change_delete AFTER DELETE ON unit BEGIN INSERT OR IGNORE INTO "
    "needs_change (inventory_id, n) VALUES (0, 0); UPDATE needs_change SET n = n + 1 WHERE "
    "inventory_id = 0; END",
]

TRIGGERS = {"postgresql": TRIGGERS_POSTGRESQL, "sqlite": TRIGGERS_SQLITE}

DROP_TRIGGERS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS needs_response_change_insert ON needs_response",
        "DROP TRIGGER IF EXISTS needs_response_change_update ON needs_response",
        "DROP TRIGGER IF EXISTS needs_response_change_delete ON needs_response",
        "DROP TRIGGER IF EXISTS needs_submission_change_insert ON needs_submission",
        "DROP TRIGGER IF EXISTS needs_submission_change_update ON needs_submission",
        "DROP TRIGGER IF EXISTS needs_submission_change_delete ON needs_submission",
        "DROP TRIGGER IF EXISTS needs_inventory_person_change_insert ON needs_inventory_person",
        "DROP TRIGGER IF EXISTS needs_inventory_person_change_update ON needs_inventory_person",
        "DROP TRIGGER IF EXISTS needs_inventory_person_change_delete ON needs_inventory_person",
        "DROP TRIGGER IF EXISTS person_needs_change_update ON person",
        "DROP TRIGGER IF EXISTS person_needs_change_delete ON person",
        "DROP TRIGGER IF EXISTS unit_needs_change_update ON unit",
        "DROP TRIGGER IF EXISTS unit_needs_change_delete ON unit",
        "DROP FUNCTION IF EXISTS needs_change_new()",
        "DROP FUNCTION IF EXISTS needs_change_old()",
        "DROP FUNCTION IF EXISTS needs_change_org()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS needs_response_change_insert",
        "DROP TRIGGER IF EXISTS needs_response_change_update",
        "DROP TRIGGER IF EXISTS needs_response_change_delete",
        "DROP TRIGGER IF EXISTS needs_submission_change_insert",
        "DROP TRIGGER IF EXISTS needs_submission_change_update",
        "DROP TRIGGER IF EXISTS needs_submission_change_delete",
        "DROP TRIGGER IF EXISTS needs_inventory_person_change_insert",
        "DROP TRIGGER IF EXISTS needs_inventory_person_change_update",
        "DROP TRIGGER IF EXISTS needs_inventory_person_change_delete",
        "DROP TRIGGER IF EXISTS person_needs_change_update",
        "DROP TRIGGER IF EXISTS person_needs_change_delete",
        "DROP TRIGGER IF EXISTS unit_needs_change_update",
        "DROP TRIGGER IF EXISTS unit_needs_change_delete",
    ],
}


def upgrade():
    op.create_table(
        "needs_change",
        sa.Column("inventory_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("inventory_id", name=op.f("pk_needs_change")),
    )
    op.create_table(
        "needs_tally",
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("inventory_changes", sa.Integer(), nullable=False),
        sa.Column("org_changes", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_tally_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("inventory_id", name=op.f("pk_needs_tally")),
    )
    op.create_table(
        "needs_tally_cell",
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("group_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("area_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("great", sa.Integer(), nullable=False),
        sa.Column("knowledge_sum", sa.Integer(), nullable=False),
        sa.Column("knowledge_n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_tally_cell_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "inventory_id", "kind", "group_id", "area_id", name=op.f("pk_needs_tally_cell")
        ),
    )
    op.create_table(
        "needs_tally_rate",
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("group_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("asked", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["needs_inventory.id"],
            name=op.f("fk_needs_tally_rate_inventory_id_needs_inventory"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "inventory_id", "kind", "group_id", name=op.f("pk_needs_tally_rate")
        ),
    )
    for statement in TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade():
    for statement in DROP_TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_table("needs_tally_rate")
    op.drop_table("needs_tally_cell")
    op.drop_table("needs_tally")
    op.drop_table("needs_change")
