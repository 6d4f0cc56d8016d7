"""foods.label_percent_dv in hundredths: an unchanged edit of a % DV food changes nothing

Tenths of a percent could not hold what people type (12.25 % DV was kept as 12.2, and the
edit form then lowered the magnesium on an unchanged save). The percent is now kept in
hundredths. Existing rows keep their value; where the stored milligrams show the percent that
was typed (mg = percent x 4.2 exactly), that percent is kept rather than its rounded tenths.

Revision ID: 2941a4fbacf3
Revises: 8a0fb734edf0
Create Date: 2026-12-01 15:00:00.000000

"""
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '2941a4fbacf3'
down_revision = '8a0fb734edf0'
branch_labels = None
depends_on = None

foods = sa.table(
    'foods',
    sa.column('id', sa.Integer),
    sa.column('magnesium_ug_per_serving', sa.Integer),
    sa.column('label_percent_dv_tenths', sa.Integer),
    sa.column('label_percent_dv_hundredths', sa.Integer),
)
# An adult label's % DV is of 420 mg: one hundredth of a percent is 42 micrograms.
UG_PER_HUNDREDTH = 42


def _hundredths(tenths, ug_per_serving):
    from_tenths = tenths * 10
    if ug_per_serving is not None and ug_per_serving % UG_PER_HUNDREDTH == 0:
        typed = ug_per_serving // UG_PER_HUNDREDTH
        # The tenths were the typed percent rounded (half to even): the mg tell it exactly.
        if abs(typed - from_tenths) <= 5:
            return typed
    return from_tenths


def upgrade():
    with op.batch_alter_table('foods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label_percent_dv_hundredths', sa.Integer(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(foods.c.id, foods.c.label_percent_dv_tenths, foods.c.magnesium_ug_per_serving)
        .where(foods.c.label_percent_dv_tenths.is_not(None))
    ).all()
    for food_id, tenths, ug in rows:
        connection.execute(
            foods.update()
            .where(foods.c.id == food_id)
            .values(label_percent_dv_hundredths=_hundredths(tenths, ug))
        )
    with op.batch_alter_table('foods', schema=None) as batch_op:
        batch_op.drop_column('label_percent_dv_tenths')


def downgrade():
    with op.batch_alter_table('foods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label_percent_dv_tenths', sa.INTEGER(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(foods.c.id, foods.c.label_percent_dv_hundredths)
        .where(foods.c.label_percent_dv_hundredths.is_not(None))
    ).all()
    for food_id, hundredths in rows:
        tenths = (Decimal(hundredths) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        connection.execute(
            foods.update().where(foods.c.id == food_id).values(label_percent_dv_tenths=int(tenths))
        )
    with op.batch_alter_table('foods', schema=None) as batch_op:
        batch_op.drop_column('label_percent_dv_hundredths')
