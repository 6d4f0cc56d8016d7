"""food_entries.origin, supplement_entries.origin, pending_imports: import from Cronometer

Each imported row remembers where it came from (a hash of the row in the file and its
occurrence), unique per user, so importing the same file again adds nothing; rows logged in
the tracker have none. pending_imports keeps an uploaded file between its preview and the
Import button (one per user, deleted with the account).

Revision ID: e3c1a7f90b52
Revises: 9c4d2e8f6b11
Create Date: 2026-12-01 20:20:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e3c1a7f90b52"
down_revision = "9c4d2e8f6b11"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("food_entries", "supplement_entries"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("origin", sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(f"uq_{table}_user_origin", ["user_id", "origin"])
    op.create_table(
        "pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pending_imports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_imports")),
        sa.UniqueConstraint("user_id", name=op.f("uq_pending_imports_user_id")),
    )


def downgrade():
    op.drop_table("pending_imports")
    for table in ("supplement_entries", "food_entries"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_user_origin", type_="unique")
            batch_op.drop_column("origin")
