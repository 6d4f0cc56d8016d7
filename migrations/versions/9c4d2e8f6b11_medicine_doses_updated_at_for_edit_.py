"""medicine_doses.updated_at: an edit page knows when the dose was last saved

Two tabs editing one entry must not overwrite each other silently (tracker/edits.py): every
edit page carries the row's updated_at. Food and supplement entries had it; medicine doses
get it now, filled with their created_at.

Revision ID: 9c4d2e8f6b11
Revises: 5b1e7c3d9a20
Create Date: 2026-12-01 17:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c4d2e8f6b11'
down_revision = '5b1e7c3d9a20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('medicine_doses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE medicine_doses SET updated_at = created_at')
    with op.batch_alter_table('medicine_doses', schema=None) as batch_op:
        batch_op.alter_column(
            'updated_at', existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade():
    with op.batch_alter_table('medicine_doses', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
