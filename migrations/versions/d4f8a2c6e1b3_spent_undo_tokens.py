"""spent_undos: an Undo token that restored its row is refused if a saved old cookie replays it

Revision ID: d4f8a2c6e1b3
Revises: b7e3a1c9d5f2
Create Date: 2026-12-01 21:35:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4f8a2c6e1b3"
down_revision = "b7e3a1c9d5f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "spent_undos",
        sa.Column("jti", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_spent_undos_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_spent_undos")),
    )
    with op.batch_alter_table("spent_undos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spent_undos_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_spent_undos_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("spent_undos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spent_undos_expires_at"))
        batch_op.drop_index(batch_op.f("ix_spent_undos_user_id"))
    op.drop_table("spent_undos")
