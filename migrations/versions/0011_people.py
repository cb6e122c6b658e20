"""People admin, HR import, privacy (reserved; empty until that feature needs a schema change)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 12:00:00

"""
from alembic import op
import sqlalchemy as sa

import learnapp.db


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
