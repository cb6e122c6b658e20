"""Which mail told a person about each assignment; private calendar feed addresses

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 18:00:00

"""
from alembic import op
import sqlalchemy as sa

from learnapp.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assignment_notice',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_assignment_notice_assignment_id_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mail_id'], ['mail_outbox.id'], name=op.f('fk_assignment_notice_mail_id_mail_outbox'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('assignment_id', name=op.f('pk_assignment_notice'))
    )
    with op.batch_alter_table('assignment_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_notice_mail_id'), ['mail_id'], unique=False)
    # Assignments made before mail existed are not announced now, long after.
    op.execute("INSERT INTO assignment_notice (assignment_id) SELECT id FROM assignment")

    op.create_table('calendar_token',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_calendar_token_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_calendar_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_token_token_hash'))
    )


def downgrade():
    op.drop_table('calendar_token')
    with op.batch_alter_table('assignment_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_notice_mail_id'))

    op.drop_table('assignment_notice')
