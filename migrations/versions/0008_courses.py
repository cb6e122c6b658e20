"""Courses: sync and delivery (reserved; empty until that feature needs a schema change)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 12:00:00

"""
from alembic import op
import sqlalchemy as sa

import learnapp.db


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
