"""Active key persons: a partial index for the reports that count them

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 08:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_person_key_persons',
        'person',
        ['unit_id', 'id'],
        unique=False,
        postgresql_where=sa.text('is_key_person AND active'),
        sqlite_where=sa.text('is_key_person = 1 AND active = 1'),
    )


def downgrade():
    op.drop_index('ix_person_key_persons', table_name='person')
