"""shares: the month index covers reach and clicks; no per-employee index

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 18:10:00.000000

ix_shares_employee_facts (employee_id, shared_at, reach, clicks) served the rollup refresh,
which now reads a month's shares once through ix_shares_month_content, extended here with
reach and clicks so that it reads no table row. A week's new shares belong to most
employees, so the per-employee index made every import write most of its pages (and the
full load build it); the few queries of one person's shares are bounded by a month and
read the month index.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index('ix_shares_employee_facts', table_name='shares')
    op.drop_index('ix_shares_month_content', table_name='shares')
    op.create_index('ix_shares_month_content', 'shares',
                    ['shared_at', 'content_id', 'employee_id', 'reach', 'clicks'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_shares_month_content', table_name='shares')
    op.create_index('ix_shares_month_content', 'shares',
                    ['shared_at', 'content_id', 'employee_id'], unique=False)
    op.create_index('ix_shares_employee_facts', 'shares',
                    ['employee_id', 'shared_at', 'reach', 'clicks'], unique=False)
