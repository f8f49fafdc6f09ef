"""shares: the month index covers content and employee

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:10:00.000000

ix_shares_shared_at (shared_at) becomes ix_shares_month_content (shared_at, content_id,
employee_id): a month's shares by content and employee (unapproved content, share
bursts) are then read from the index alone instead of one table row per share. It
replaces the old index rather than adding one, so an import builds no more indexes.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index('ix_shares_shared_at', table_name='shares')
    op.create_index('ix_shares_month_content', 'shares', ['shared_at', 'content_id', 'employee_id'],
                    unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_shares_month_content', table_name='shares')
    op.create_index('ix_shares_shared_at', 'shares', ['shared_at'], unique=False)
