"""Typed enum columns: CHECK constraints on sex, reproductive status, week start, entry kind,
meal, product kind, supplement form and medicine class

The columns stay VARCHARs of the same length (the models read them as Python enums); each
gets a named CHECK constraint listing its values, so the database refuses anything else.
Empty text, which readers already took as the default, is made that default first (''
meal or sex -> NULL, '' week start -> monday, '' reproductive status -> none); any other
value outside the list stops the upgrade with the rows named, rather than being changed.

Revision ID: 775ae8e4523f
Revises: 2941a4fbacf3
Create Date: 2026-12-01 16:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '775ae8e4523f'
down_revision = '2941a4fbacf3'
branch_labels = None
depends_on = None

FORMS = (
    'glycinate', 'citrate', 'oxide', 'malate', 'l_threonate', 'chloride', 'lactate',
    'aspartate', 'taurate', 'carbonate', 'hydroxide', 'sulfate', 'other',
)
# (table, column, constraint name as the models' naming convention makes it, values)
CHECKS = (
    ('users', 'sex', 'ck_users_sex', ('female', 'male')),
    ('users', 'reproductive_status', 'ck_users_reproductive_status',
     ('none', 'pregnant', 'breastfeeding')),
    ('users', 'week_starts_on', 'ck_users_week_starts_on', ('monday', 'sunday')),
    ('food_entries', 'meal', 'ck_food_entries_meal', ('breakfast', 'lunch', 'dinner', 'snack')),
    ('food_entries', 'kind', 'ck_food_entries_kind', ('food', 'quick_add')),
    ('supplement_products', 'form', 'ck_supplement_products_form', FORMS),
    ('supplement_products', 'kind', 'ck_supplement_products_kind', ('supplement', 'medicine')),
    ('supplement_entries', 'form', 'ck_supplement_entries_form', FORMS),
    ('supplement_entries', 'kind', 'ck_supplement_entries_kind', ('supplement', 'medicine')),
    ('medicine_doses', 'medicine_class', 'ck_medicine_doses_medicine_class',
     ('bisphosphonate', 'tetracycline', 'quinolone')),
)  # fmt: skip
# What readers took an empty value for.
EMPTY_MEANS = {
    ('users', 'sex'): None,
    ('users', 'reproductive_status'): 'none',
    ('users', 'week_starts_on'): 'monday',
    ('food_entries', 'meal'): None,
}


def _batch(table_name):
    # A SQLite rebuild does not carry AUTOINCREMENT over by itself: users keeps it, so that
    # no new account is ever given a deleted account's id (migration c0227ead2aa3).
    kwargs = {'sqlite_autoincrement': True} if table_name == 'users' else {}
    return op.batch_alter_table(table_name, schema=None, table_kwargs=kwargs)


def _condition(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade():
    connection = op.get_bind()
    for table_name, column_name, _name, values in CHECKS:
        allowed = (*values, '') if (table_name, column_name) in EMPTY_MEANS else values
        table = sa.table(table_name, sa.column(column_name, sa.String))
        found = connection.execute(
            sa.select(table.c[column_name], sa.func.count())
            .where(table.c[column_name].is_not(None), table.c[column_name].not_in(allowed))
            .group_by(table.c[column_name])
        ).all()
        if found:
            raise RuntimeError(
                f"{table_name}.{column_name} holds values outside {values}: {found} "
                "(value, rows). Correct those rows, then upgrade again."
            )
    for (table_name, column_name), default in EMPTY_MEANS.items():
        table = sa.table(table_name, sa.column(column_name, sa.String))
        connection.execute(
            table.update().where(table.c[column_name] == '').values({column_name: default})
        )
    for table_name in dict.fromkeys(table for table, *_ in CHECKS):
        with _batch(table_name) as batch_op:
            for table, column_name, name, values in CHECKS:
                if table == table_name:
                    batch_op.create_check_constraint(op.f(name), _condition(column_name, values))


def downgrade():
    for table_name in dict.fromkeys(table for table, *_ in CHECKS):
        with _batch(table_name) as batch_op:
            for table, _column, name, _values in CHECKS:
                if table == table_name:
                    batch_op.drop_constraint(op.f(name), type_='check')
