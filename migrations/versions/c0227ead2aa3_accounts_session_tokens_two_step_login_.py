"""accounts: random session tokens, ids never reused, two-step login, recovery codes

Revision ID: c0227ead2aa3
Revises: 3d932c9a5e2f
Create Date: 2026-12-14 09:00:00

users.session_version (a counter, so a deleted account's cookies could name the next account
that got its id) becomes users.session_token, a random value per account. On SQLite the users
table is rebuilt with AUTOINCREMENT so ids are never handed out again; the ids themselves, and
every row that refers to them, stay as they are.

Every login id changes form here ("<id>.<token>.<expiry>"), so every cookie issued before this
migration stops working: everybody logs in again once, and no old cookie can open an account,
even one whose id is reused once by the rebuild (SQLite cannot know the ids deleted before it).
"""
import secrets
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0227ead2aa3'
down_revision = '3d932c9a5e2f'
branch_labels = None
depends_on = None


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


@contextmanager
def _rebuilt_users(autoincrement: bool):
    """Batch-alter users; on SQLite rebuild it (AUTOINCREMENT on or off).

    Rebuilding is copy, DROP TABLE users, rename: with foreign keys on, the DROP would delete
    every user's log through ON DELETE CASCADE. migrations/env.py turns them off for every
    migration on SQLite and runs PRAGMA foreign_key_check afterwards.
    """
    sqlite = _is_sqlite()
    with op.batch_alter_table(
        'users',
        schema=None,
        recreate='always' if sqlite else 'auto',
        table_kwargs={'sqlite_autoincrement': autoincrement},
    ) as batch_op:
        yield batch_op


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_last_counter', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('failed_login_alert_at', sa.DateTime(timezone=True), nullable=True))

    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.select(users.c.id)).fetchall():
        bind.execute(
            users.update().where(users.c.id == user_id).values(session_token=secrets.token_urlsafe(32))
        )

    with _rebuilt_users(autoincrement=True) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_users_session_token'), ['session_token'])
        batch_op.drop_column('session_version')

    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_sha256', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    sa.UniqueConstraint('user_id', 'code_sha256', name=op.f('uq_recovery_codes_user_id'))
    )


def downgrade():
    op.drop_table('recovery_codes')
    with _rebuilt_users(autoincrement=False) as batch_op:
        # Every session of every account ends: the counter starts again at 0.
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_users_session_token'), type_='unique')
        batch_op.drop_column('failed_login_alert_at')
        batch_op.drop_column('totp_last_counter')
        batch_op.drop_column('totp_enabled_at')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('session_token')
