"""leads: a covering index of won deals per employee

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:20:00.000000

ix_leads_employee_won (employee_id, closed_at, deal_amount) WHERE status = 'won': the
rollup refresh finds an employee's revenue of a month (won leads by closed_at) in this
small partial index alone, instead of reading every lead of the employee from the table.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    won = sa.text("status = 'won'")
    op.create_index('ix_leads_employee_won', 'leads', ['employee_id', 'closed_at', 'deal_amount'],
                    unique=False, sqlite_where=won, postgresql_where=won)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_leads_employee_won', table_name='leads')
