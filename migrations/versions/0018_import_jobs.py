"""HR import jobs: a confirmed upload runs as a job with a state and a result

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 17:30:00

"""
from alembic import op
import sqlalchemy as sa

from learnapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rows', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(
            sa.Column('state', sa.String(length=10), server_default='checked', nullable=False)
        )
        batch_op.add_column(sa.Column('confirmed_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('started_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('finished_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('attempt', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('result', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.drop_column('result')
        batch_op.drop_column('attempt')
        batch_op.drop_column('finished_at')
        batch_op.drop_column('started_at')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('state')
        batch_op.drop_column('rows')
