"""Indexes and rollups for scale (reserved; empty until that feature needs a schema change)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 12:00:00

"""
from alembic import op
import sqlalchemy as sa

import learnapp.db


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
