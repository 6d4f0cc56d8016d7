"""supplement_products: one per user, name, form and strength (duplicates merged)

Logging one supplement from two requests at once could save it twice in "My supplements".
The upgrade gives each product its name key (case folded, whitespace runs one space: the
rule of tracker.domain.supplements.product_name_key, written out here so that the migration
never changes with the app), merges the products that share user, key, form and strength
into the oldest of them (every entry and schedule that pointed at a merged product points at
the kept one; the kept one's last use is the latest of theirs), and adds the unique constraint.
The downgrade drops the constraint and the key; merged products stay merged.

Revision ID: 5b1e7c3d9a20
Revises: 6ebaf1c5fada
Create Date: 2026-12-01 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c3d9a20'
down_revision = '6ebaf1c5fada'
branch_labels = None
depends_on = None


def _name_key(name):
    return " ".join(name.split()).casefold()


def upgrade():
    with op.batch_alter_table('supplement_products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=480), nullable=True))

    connection = op.get_bind()
    products = sa.table(
        'supplement_products',
        sa.column('id', sa.Integer),
        sa.column('user_id', sa.Integer),
        sa.column('name', sa.String),
        sa.column('name_key', sa.String),
        sa.column('form', sa.String),
        sa.column('magnesium_ug_per_unit', sa.Integer),
        sa.column('last_used_at', sa.DateTime),
    )
    # Every table that points at a product (entries, and My regimen's schedules).
    pointers = [
        sa.table(name, sa.column('product_id', sa.Integer))
        for name in ('supplement_entries', 'schedules')
    ]
    rows = connection.execute(
        sa.select(
            products.c.id,
            products.c.user_id,
            products.c.name,
            products.c.form,
            products.c.magnesium_ug_per_unit,
            products.c.last_used_at,
        ).order_by(products.c.id)
    ).all()
    kept = {}  # (user, key, form, strength) -> id of the oldest product
    latest = {}  # kept id -> the latest last use of the products merged into it
    for row in rows:
        key = _name_key(row.name)
        same = (row.user_id, key, row.form, row.magnesium_ug_per_unit)
        if same not in kept:
            kept[same], latest[row.id] = row.id, row.last_used_at
            connection.execute(
                products.update().where(products.c.id == row.id).values(name_key=key)
            )
            continue
        keeper = kept[same]
        for pointer in pointers:
            connection.execute(
                pointer.update().where(pointer.c.product_id == row.id).values(product_id=keeper)
            )
        if row.last_used_at is not None and (
            latest[keeper] is None or row.last_used_at > latest[keeper]
        ):
            latest[keeper] = row.last_used_at
            connection.execute(
                products.update()
                .where(products.c.id == keeper)
                .values(last_used_at=row.last_used_at)
            )
        connection.execute(products.delete().where(products.c.id == row.id))

    with op.batch_alter_table('supplement_products', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=480), nullable=False)
        batch_op.create_unique_constraint(
            'uq_supplement_products_same_product',
            ['user_id', 'name_key', 'form', 'magnesium_ug_per_unit'],
        )


def downgrade():
    with op.batch_alter_table('supplement_products', schema=None) as batch_op:
        batch_op.drop_constraint('uq_supplement_products_same_product', type_='unique')
        batch_op.drop_column('name_key')
