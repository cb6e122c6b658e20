"""Rollups for the coordinator's reports: status and completion counters kept by triggers

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 06:00:00

"""
from alembic import op
import sqlalchemy as sa

from learnapp.training import rollups


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('course_status_count',
    sa.Column('department_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('course_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('is_key_person', sa.Boolean(), nullable=False),
    sa.Column('mandatory', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'course_id', 'is_key_person', 'mandatory', 'status', name=op.f('pk_course_status_count'))
    )
    op.create_table('completion_month_count',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_completion_month_count'))
    )
    dialect = op.get_bind().dialect.name
    for statement in rollups.ddl_statements(dialect):
        op.execute(statement)
    # Backfill from what is there now; the triggers keep it from here on.
    op.execute(
        "INSERT INTO course_status_count (department_id, course_id, is_key_person, mandatory, status, n) "
        "SELECT coalesce(department_id, 0), course_id, is_key_person, mandatory, status, count(*) "
        "FROM course_status WHERE assigned "
        "GROUP BY coalesce(department_id, 0), course_id, is_key_person, mandatory, status"
    )
    month = (
        "to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM')"
        if dialect == "postgresql"
        else "strftime('%Y-%m', completed_at)"
    )
    op.execute(
        f"INSERT INTO completion_month_count (month, n) "
        f"SELECT {month}, count(*) FROM completion GROUP BY {month}"
    )


def downgrade():
    for statement in rollups.DROP[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_table('completion_month_count')
    op.drop_table('course_status_count')
