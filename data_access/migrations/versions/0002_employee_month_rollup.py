"""employee month rollup

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:01:05.566834

The employee_month rollup (see data_access.rollups), filled here from the rows a
database already holds, so an upgraded database shows the same figures as before.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The rebuild as it stands at this revision (data_access.rollups.rebuild may change later;
# a migration must not).
BACKFILL = """
INSERT INTO employee_month (month, employee_id, shares, reach, clicks, leads, won, revenue, stories)
SELECT month, employee_id, SUM(shares), SUM(reach), SUM(clicks), SUM(leads), SUM(won),
       SUM(revenue), SUM(stories)
FROM (
  SELECT {m_shared} AS month, employee_id, COUNT(*) AS shares, SUM(reach) AS reach,
         SUM(clicks) AS clicks, 0 AS leads, 0 AS won, 0 AS revenue, 0 AS stories
    FROM shares GROUP BY 1, employee_id
  UNION ALL
  SELECT {m_created}, employee_id, 0, 0, 0, COUNT(*),
         SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END), 0, 0
    FROM leads GROUP BY 1, employee_id
  UNION ALL
  SELECT {m_closed}, employee_id, 0, 0, 0, 0, 0, SUM(deal_amount), 0
    FROM leads WHERE status = 'won' AND closed_at IS NOT NULL GROUP BY 1, employee_id
  UNION ALL
  SELECT {m_collected}, employee_id, 0, 0, 0, 0, 0, 0, COUNT(*)
    FROM stories GROUP BY 1, employee_id
) AS facts
GROUP BY month, employee_id
"""


def _month(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"to_char({column}, 'YYYY-MM')"
    return f"substr({column}, 1, 7)"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('employee_month',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('employee_id', sa.String(length=64), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('reach', sa.BigInteger(), nullable=False),
    sa.Column('clicks', sa.BigInteger(), nullable=False),
    sa.Column('leads', sa.Integer(), nullable=False),
    sa.Column('won', sa.Integer(), nullable=False),
    sa.Column('revenue', sa.Numeric(precision=20, scale=2), nullable=False),
    sa.Column('stories', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.employee_id'], ),
    sa.PrimaryKeyConstraint('month', 'employee_id')
    )
    # per-employee indexes that cover the month facts, so refreshing an employee-month
    # (and the backfill below) reads index entries only
    # shares is the largest table and every index on it costs import time; no query looks
    # shares up by content (content figures are bounded by a month of shared_at)
    op.drop_index('ix_shares_content_id', table_name='shares')
    op.drop_index('ix_shares_employee_shared_at', table_name='shares')
    op.create_index('ix_shares_employee_facts', 'shares',
                    ['employee_id', 'shared_at', 'reach', 'clicks'], unique=False)
    op.drop_index('ix_leads_employee_created_at', table_name='leads')
    op.create_index('ix_leads_employee_facts', 'leads', ['employee_id', 'created_at', 'status'],
                    unique=False)
    op.execute(BACKFILL.format(m_shared=_month("shared_at"), m_created=_month("created_at"),
                               m_closed=_month("closed_at"), m_collected=_month("collected_on")))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_leads_employee_facts', table_name='leads')
    op.create_index('ix_leads_employee_created_at', 'leads', ['employee_id', 'created_at'],
                    unique=False)
    op.drop_index('ix_shares_employee_facts', table_name='shares')
    op.create_index('ix_shares_employee_shared_at', 'shares', ['employee_id', 'shared_at'],
                    unique=False)
    op.create_index('ix_shares_content_id', 'shares', ['content_id'], unique=False)
    op.drop_table('employee_month')
