"""calcium and vitamin D: entry snapshots, supplement label values, the panel setting

Magnesium's companions for bone (issue 16). Food entries keep their own calcium (µg) and
vitamin D (ng), as they keep their magnesium; existing food entries get them from their food
(unknown stays NULL, never 0). Saved supplements and supplement entries get the label's calcium
and vitamin D per unit (unknown for every existing one), entries the amounts for the units
taken. users.show_bone_companions: the day page's panel, on by default.

Revision ID: b7d1c3a5e9f2
Revises: e3c1a7f90b52
Create Date: 2026-12-01 20:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d1c3a5e9f2'
down_revision = 'e3c1a7f90b52'
branch_labels = None
depends_on = None

# Half up, from the food's per-100 g value, as tracker.domain.bone_nutrients computes it:
# calcium µg = mg per 100 g x grams_milli / 100; vitamin D ng = IU per 100 g x 25 ng/IU x
# grams / 100 = IU per 100 g x grams_milli / 4000. NUMERIC keeps PostgreSQL exact; the decimal
# divisors keep SQLite from integer division.
BACKFILL = """
UPDATE food_entries SET
  calcium_ug = (
    SELECT CAST(ROUND(CAST(foods.calcium_mg_per_100g AS NUMERIC) * food_entries.grams_milli
                      / 100.0) AS INTEGER)
    FROM foods WHERE foods.id = food_entries.food_id),
  vitamin_d_ng = (
    SELECT CAST(ROUND(CAST(foods.vitamin_d_iu_per_100g AS NUMERIC) * food_entries.grams_milli
                      / 4000.0) AS INTEGER)
    FROM foods WHERE foods.id = food_entries.food_id)
WHERE food_entries.food_id IS NOT NULL
  AND food_entries.grams_milli IS NOT NULL
  AND food_entries.kind = 'food'
"""


def upgrade():
    with op.batch_alter_table('food_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calcium_ug', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vitamin_d_ng', sa.Integer(), nullable=True))
    op.execute(BACKFILL)
    with op.batch_alter_table('supplement_products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calcium_ug_per_unit', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vitamin_d_ng_per_unit', sa.Integer(), nullable=True))
    with op.batch_alter_table('supplement_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calcium_ug_per_unit', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vitamin_d_ng_per_unit', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('calcium_ug', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vitamin_d_ng', sa.Integer(), nullable=True))
    # Not in batch mode: a batch rebuild of users on SQLite would drop its AUTOINCREMENT (ids
    # never reused, migration c0227ead2aa3). SQLite adds (and, from 3.35, drops) a column in place.
    op.add_column(
        'users',
        sa.Column('show_bone_companions', sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade():
    op.drop_column('users', 'show_bone_companions')
    with op.batch_alter_table('supplement_entries', schema=None) as batch_op:
        batch_op.drop_column('vitamin_d_ng')
        batch_op.drop_column('calcium_ug')
        batch_op.drop_column('vitamin_d_ng_per_unit')
        batch_op.drop_column('calcium_ug_per_unit')
    with op.batch_alter_table('supplement_products', schema=None) as batch_op:
        batch_op.drop_column('vitamin_d_ng_per_unit')
        batch_op.drop_column('calcium_ug_per_unit')
    with op.batch_alter_table('food_entries', schema=None) as batch_op:
        batch_op.drop_column('vitamin_d_ng')
        batch_op.drop_column('calcium_ug')
