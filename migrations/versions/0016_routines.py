"""Routines per department: routines, versions, acknowledgements, stored statuses and their
rollup (kept by triggers), department editors; a work phone number on people

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 17:30:00

"""
from alembic import op
import sqlalchemy as sa

from learnapp.db import UTCDateTime
from learnapp.routines import rollups


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('work_phone', sa.String(length=40), nullable=True))

    op.create_table('routine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('template_key', sa.String(length=80), nullable=True),
    sa.Column('draft_title', sa.String(length=200), nullable=False),
    sa.Column('draft_summary', sa.Text(), nullable=False),
    sa.Column('draft_body', sa.Text(), nullable=False),
    sa.Column('draft_revision', sa.Integer(), nullable=False),
    sa.Column('draft_saved_at', UTCDateTime(), nullable=False),
    sa.Column('draft_saved_by_id', sa.Integer(), nullable=True),
    sa.Column('published_version', sa.Integer(), nullable=False),
    sa.Column('required_version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_routine_department_id_department')),
    sa.ForeignKeyConstraint(['draft_saved_by_id'], ['person.id'], name=op.f('fk_routine_draft_saved_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routine')),
    sa.UniqueConstraint('template_key', name=op.f('uq_routine_template_key'))
    )
    op.create_index(op.f('ix_routine_department_id'), 'routine', ['department_id'], unique=False)
    op.create_table('routine_unit',
    sa.Column('routine_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['routine_id'], ['routine.id'], name=op.f('fk_routine_unit_routine_id_routine')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_routine_unit_unit_id_unit')),
    sa.PrimaryKeyConstraint('routine_id', 'unit_id', name=op.f('pk_routine_unit'))
    )
    op.create_index(op.f('ix_routine_unit_unit_id'), 'routine_unit', ['unit_id'], unique=False)
    op.create_table('routine_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('major', sa.Boolean(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('summary_html', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('change_note', sa.String(length=500), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['person.id'], name=op.f('fk_routine_version_published_by_id_person')),
    sa.ForeignKeyConstraint(['routine_id'], ['routine.id'], name=op.f('fk_routine_version_routine_id_routine')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routine_version')),
    sa.UniqueConstraint('routine_id', 'number', name=op.f('uq_routine_version_routine_id'))
    )
    op.create_table('routine_acknowledgement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_routine_acknowledgement_person_id_person')),
    sa.ForeignKeyConstraint(['routine_id'], ['routine.id'], name=op.f('fk_routine_acknowledgement_routine_id_routine')),
    sa.ForeignKeyConstraint(['version_id'], ['routine_version.id'], name=op.f('fk_routine_acknowledgement_version_id_routine_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routine_acknowledgement'))
    )
    op.create_index(op.f('ix_routine_acknowledgement_routine_id'), 'routine_acknowledgement', ['routine_id'], unique=False)
    op.create_index('ix_routine_acknowledgement_person_routine', 'routine_acknowledgement', ['person_id', 'routine_id'], unique=False)
    op.create_table('routine_status',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('routine_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('acknowledged_version', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', UTCDateTime(), nullable=True),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_routine_status_department_id_department')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_routine_status_person_id_person')),
    sa.ForeignKeyConstraint(['routine_id'], ['routine.id'], name=op.f('fk_routine_status_routine_id_routine')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_routine_status_unit_id_unit')),
    sa.PrimaryKeyConstraint('person_id', 'routine_id', name=op.f('pk_routine_status'))
    )
    op.create_index('ix_routine_status_dept_routine', 'routine_status', ['department_id', 'routine_id', 'status'], unique=False)
    op.create_index('ix_routine_status_unit_routine', 'routine_status', ['unit_id', 'routine_id', 'status'], unique=False)
    op.create_index('ix_routine_status_routine_status', 'routine_status', ['routine_id', 'status'], unique=False)
    op.create_table('routine_editor',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['person.id'], name=op.f('fk_routine_editor_added_by_id_person')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_routine_editor_department_id_department')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_routine_editor_person_id_person')),
    sa.PrimaryKeyConstraint('person_id', 'department_id', name=op.f('pk_routine_editor'))
    )
    op.create_index(op.f('ix_routine_editor_department_id'), 'routine_editor', ['department_id'], unique=False)
    op.create_table('routine_status_count',
    sa.Column('department_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('routine_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'routine_id', 'status', name=op.f('pk_routine_status_count'))
    )
    for statement in rollups.ddl_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    for statement in rollups.DROP[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_table('routine_status_count')
    op.drop_index(op.f('ix_routine_editor_department_id'), table_name='routine_editor')
    op.drop_table('routine_editor')
    op.drop_index('ix_routine_status_routine_status', table_name='routine_status')
    op.drop_index('ix_routine_status_unit_routine', table_name='routine_status')
    op.drop_index('ix_routine_status_dept_routine', table_name='routine_status')
    op.drop_table('routine_status')
    op.drop_index('ix_routine_acknowledgement_person_routine', table_name='routine_acknowledgement')
    op.drop_index(op.f('ix_routine_acknowledgement_routine_id'), table_name='routine_acknowledgement')
    op.drop_table('routine_acknowledgement')
    op.drop_table('routine_version')
    op.drop_index(op.f('ix_routine_unit_unit_id'), table_name='routine_unit')
    op.drop_table('routine_unit')
    op.drop_index(op.f('ix_routine_department_id'), table_name='routine')
    op.drop_table('routine')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('work_phone')
