"""needs_tally.writing: a write that keeps an inventory's stored results current itself (saving an
answer, adding latecomers) marks the inventory's needs_tally row while it writes, and the triggers
on the answers and the people asked then leave needs_change alone

Before, every answer saved bumped needs_change, and the next reader of an open inventory's results
counted them all again (about 1.2 s at 100,000 people on PostgreSQL). The trigger SQL is frozen
here as text (learnapp/needs/tallies.py creates the same for create_all): on PostgreSQL the two
functions are replaced, on SQLite the nine triggers are made again with a WHEN clause.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04 06:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

FUNCTIONS_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION needs_change_new() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO needs_change (inventory_id, n) SELECT DISTINCT r.inventory_id, 1 FROM new_rows r WHERE NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = r.inventory_id AND t.writing) ON CONFLICT (inventory_id) DO UPDATE SET n = needs_change.n + 1;\n  RETURN NULL;\nEND $$",
    "CREATE OR REPLACE FUNCTION needs_change_old() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO needs_change (inventory_id, n) SELECT DISTINCT r.inventory_id, 1 FROM old_rows r WHERE NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = r.inventory_id AND t.writing) ON CONFLICT (inventory_id) DO UPDATE SET n = needs_change.n + 1;\n  RETURN NULL;\nEND $$",
]

TRIGGERS_SQLITE = [
    "CREATE TRIGGER needs_response_change_insert AFTER INSERT ON needs_response WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = NEW.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_response_change_update AFTER UPDATE ON needs_response WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = NEW.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_response_change_delete AFTER DELETE ON needs_response WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = OLD.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (OLD.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = OLD.inventory_id; END",
    "CREATE TRIGGER needs_submission_change_insert AFTER INSERT ON needs_submission WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = NEW.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_submission_change_update AFTER UPDATE ON needs_submission WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = NEW.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_submission_change_delete AFTER DELETE ON needs_submission WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = OLD.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (OLD.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = OLD.inventory_id; END",
    "CREATE TRIGGER needs_inventory_person_change_insert AFTER INSERT ON needs_inventory_person WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = NEW.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_inventory_person_change_update AFTER UPDATE ON needs_inventory_person WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = NEW.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (NEW.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = NEW.inventory_id; END",
    "CREATE TRIGGER needs_inventory_person_change_delete AFTER DELETE ON needs_inventory_person WHEN NOT EXISTS (SELECT 1 FROM needs_tally t WHERE t.inventory_id = OLD.inventory_id AND t.writing) BEGIN INSERT OR IGNORE INTO needs_change (inventory_id, n) VALUES (OLD.inventory_id, 0); UPDATE needs_change SET n = n + 1 WHERE inventory_id = OLD.inventory_id; END",
]

_BUMP = (
    "INSERT INTO needs_change (inventory_id, n) SELECT DISTINCT inventory_id, 1 FROM {rows} ON "
    "CONFLICT (inventory_id) DO UPDATE SET n = needs_change.n + 1;"
)


def _old_function(name, rows):
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger\n"
        "LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"  {_BUMP.format(rows=rows)}\n"
        "  RETURN NULL;\n"
        "END $$"
    )


def _old_sqlite_trigger(statement):
    """The trigger as 0016 made it: without the WHEN clause."""
    head, _, rest = statement.partition(" WHEN ")
    return head + " BEGIN" + rest.partition(" BEGIN")[2]


def upgrade():
    op.add_column(
        "needs_tally",
        sa.Column("writing", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in FUNCTIONS_POSTGRESQL:
            op.execute(statement)
        return
    for statement in TRIGGERS_SQLITE:
        op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_old_function("needs_change_new", "new_rows"))
        op.execute(_old_function("needs_change_old", "old_rows"))
    else:
        for statement in TRIGGERS_SQLITE:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
            op.execute(_old_sqlite_trigger(statement))
    with op.batch_alter_table("needs_tally") as batch_op:
        batch_op.drop_column("writing")
