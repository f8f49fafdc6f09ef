"""shares.clicks may be unknown; share_clicks; content.url; ctr_reach rollups; sync_state

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:20:00.000000

The contract lets a share's clicks be empty (WeCom reports none) and sets them later through
share_clicks; ctr divides by the reach of the shares whose clicks are known, which the
rollups keep as ctr_reach (every stored share's clicks were known so far: ctr_reach = reach).
content.url matches a synced share's link to library content. sync_state records where a
sync (WeCom) stopped; sync_checkpoint what an unfinished run already fetched.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _set_clicks_nullable(nullable: bool) -> None:
    """SQLite changes a column by copying the table, and dropping the old copy deletes its
    rows, which leads refer to; inside the migration's transaction the foreign key checks
    cannot be turned off, so the references are set aside meanwhile and put back."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE lead_shares_kept AS "
                   "SELECT lead_id, share_id FROM leads WHERE share_id IS NOT NULL")
        op.execute("UPDATE leads SET share_id = NULL WHERE share_id IS NOT NULL")
    with op.batch_alter_table('shares') as batch:
        batch.alter_column('clicks', existing_type=sa.Integer(), nullable=nullable)
    if sqlite:
        op.execute("UPDATE leads SET share_id = (SELECT k.share_id FROM lead_shares_kept k "
                   "WHERE k.lead_id = leads.lead_id) "
                   "WHERE lead_id IN (SELECT lead_id FROM lead_shares_kept)")
        op.execute("DROP TABLE lead_shares_kept")


def upgrade() -> None:
    _set_clicks_nullable(True)
    op.add_column('content', sa.Column('url', sa.String(length=2000), nullable=True))
    op.create_table(
        'share_clicks',
        sa.Column('share_id', sa.String(length=64), nullable=False),
        sa.Column('clicks', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['share_id'], ['shares.share_id']),
        sa.PrimaryKeyConstraint('share_id'))
    for table in ('employee_month', 'department_month'):
        op.add_column(table, sa.Column('ctr_reach', sa.BigInteger(), nullable=False,
                                       server_default='0'))
        op.execute(f'UPDATE {table} SET ctr_reach = reach')
    op.create_table(
        'sync_state',
        sa.Column('source', sa.String(length=50), nullable=False),
        sa.Column('last_end', sa.Date(), nullable=True),
        sa.Column('data', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('source'))
    op.create_table(
        'sync_checkpoint',
        sa.Column('source', sa.String(length=50), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('window', sa.String(length=30), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('source', 'key'))


def downgrade() -> None:
    op.drop_table('sync_checkpoint')
    op.drop_table('sync_state')
    for table in ('department_month', 'employee_month'):
        op.drop_column(table, 'ctr_reach')
    op.drop_table('share_clicks')
    op.drop_column('content', 'url')
    op.execute('UPDATE shares SET clicks = 0 WHERE clicks IS NULL')
    _set_clicks_nullable(False)
