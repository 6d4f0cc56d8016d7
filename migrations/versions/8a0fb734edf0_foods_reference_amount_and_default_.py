"""foods: reference amount (RACC) and default portion of each USDA food

Revision ID: 8a0fb734edf0
Revises: c0227ead2aa3
Create Date: 2026-12-01 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a0fb734edf0'
down_revision = 'c0227ead2aa3'
branch_labels = None
depends_on = None


def upgrade():
    # Filled by `flask load-foods` from the data file; NULL until then and for custom foods.
    with op.batch_alter_table('foods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('racc_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('racc_grams_milli', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('racc_nominal', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column('default_portion_key', sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column('default_quantity_text', sa.String(length=20), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('foods', schema=None) as batch_op:
        batch_op.drop_column('default_quantity_text')
        batch_op.drop_column('default_portion_key')
        batch_op.drop_column('racc_nominal')
        batch_op.drop_column('racc_grams_milli')
        batch_op.drop_column('racc_key')
