"""notify sends and alert follow-ups

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01 23:20:00.000000

notify_sends: every digest part sent (or being sent) to a recipient on a channel, for
exactly-once delivery; alert_followups: the acknowledged / resolved state of an alert.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('notify_sends',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('digest_hash', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notify_sends', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notify_sends_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index('uq_notify_sends_attempt',
                              ['recipient', 'channel', 'period', 'part', 'attempt'], unique=True)
    op.create_table('alert_followups',
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('department_id', sa.String(length=64), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=200), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('type', 'department_id', 'metric')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('alert_followups')
    with op.batch_alter_table('notify_sends', schema=None) as batch_op:
        batch_op.drop_index('uq_notify_sends_attempt')
        batch_op.drop_index(batch_op.f('ix_notify_sends_created_at'))
    op.drop_table('notify_sends')
