"""user accounts in the database; departments.head_employee_id

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-01 23:20:00.000000

users, user_roles, user_departments (an administrator's grants and denials on top of the
heads the directory names), sign_in_states (the `state` of an OAuth redirect, single use);
departments.head_employee_id: who leads a department (optional, data contract section 1).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('departments') as batch_op:
        batch_op.add_column(sa.Column('head_employee_id', sa.String(length=64), nullable=True))
    op.create_table(
        'users',
        sa.Column('username', sa.String(length=200), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('password_hash', sa.String(length=200), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=True),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('employee_id', sa.String(length=64), nullable=True),
        sa.Column('wecom_userid', sa.String(length=64), nullable=True),
        sa.Column('oidc_identity', sa.String(length=320), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=200), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('last_sign_in_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('username'),
        sa.UniqueConstraint('wecom_userid', name='uq_users_wecom_userid'),
        sa.UniqueConstraint('oidc_identity', name='uq_users_oidc_identity'),
    )
    op.create_index('ix_users_employee_id', 'users', ['employee_id'])
    op.create_table(
        'user_roles',
        sa.Column('username', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['username'], ['users.username'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('username', 'role'),
    )
    op.create_table(
        'user_departments',
        sa.Column('username', sa.String(length=200), nullable=False),
        sa.Column('department_id', sa.String(length=64), nullable=False),
        sa.Column('access', sa.String(length=10), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(['username'], ['users.username'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('username', 'department_id'),
    )
    op.create_table(
        'sign_in_states',
        sa.Column('state_hash', sa.String(length=64), nullable=False),
        sa.Column('provider', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('state_hash'),
    )


def downgrade() -> None:
    op.drop_table('sign_in_states')
    op.drop_table('user_departments')
    op.drop_table('user_roles')
    op.drop_index('ix_users_employee_id', table_name='users')
    op.drop_table('users')
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's own DROP COLUMN (3.35+): a batch rebuild would drop the table that
        # employees refer to, and foreign keys cannot be switched off inside the transaction
        op.execute("ALTER TABLE departments DROP COLUMN head_employee_id")
    else:
        op.drop_column('departments', 'head_employee_id')
