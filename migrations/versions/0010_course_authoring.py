"""Course authoring in the browser: drafts, published versions, course editors, question pools

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 20:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edited_since_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("draw", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("draw_per_category", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "course_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("retake", sa.Boolean(), nullable=False),
        sa.Column("change_note", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_version_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["person.id"],
            name=op.f("fk_course_version_published_by_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_version")),
        sa.UniqueConstraint("course_id", "number", name=op.f("uq_course_version_course_id_number")),
    )
    op.create_table(
        "course_draft",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("based_on", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_draft_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"], ["person.id"], name=op.f("fk_course_draft_saved_by_id_person")
        ),
        sa.PrimaryKeyConstraint("course_id", name=op.f("pk_course_draft")),
    )
    op.create_table(
        "course_editor",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["person.id"], name=op.f("fk_course_editor_added_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_course_editor_person_id_person")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_course_editor")),
    )


def downgrade():
    op.drop_table("course_editor")
    op.drop_table("course_draft")
    op.drop_table("course_version")
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_column("draw_per_category")
        batch_op.drop_column("draw")
        batch_op.drop_column("edited_since_version")
