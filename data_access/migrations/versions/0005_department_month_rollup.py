"""department month rollup

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:10:00.000000

The department_month rollup (see data_access.rollups): employee_month summed by the
employee's department, filled here from what a database already holds, so an upgraded
database shows the same figures as before.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The rebuild as it stands at this revision (data_access.rollups may change later; a
# migration must not). In the headcount of a month: hired by its end, not left before it.
BACKFILL = """
INSERT INTO department_month (month, department_id, employee_months, participants, shares,
                              reach, clicks, leads, won, revenue, stories)
SELECT em.month, e.department_id, COUNT(*),
       SUM(CASE WHEN {m_hired} <= em.month
                 AND (e.left_on IS NULL OR {m_left} >= em.month)
                 AND em.shares + em.leads + em.stories > 0 THEN 1 ELSE 0 END),
       SUM(em.shares), SUM(em.reach), SUM(em.clicks), SUM(em.leads), SUM(em.won),
       SUM(em.revenue), SUM(em.stories)
FROM employee_month AS em JOIN employees AS e ON e.employee_id = em.employee_id
GROUP BY em.month, e.department_id
"""


def _month(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"to_char({column}, 'YYYY-MM')"
    return f"substr({column}, 1, 7)"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('department_month',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('department_id', sa.String(length=64), nullable=False),
    sa.Column('employee_months', sa.Integer(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('shares', sa.BigInteger(), nullable=False),
    sa.Column('reach', sa.BigInteger(), nullable=False),
    sa.Column('clicks', sa.BigInteger(), nullable=False),
    sa.Column('leads', sa.BigInteger(), nullable=False),
    sa.Column('won', sa.BigInteger(), nullable=False),
    sa.Column('revenue', sa.Numeric(precision=20, scale=2), nullable=False),
    sa.Column('stories', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.department_id'], ),
    sa.PrimaryKeyConstraint('month', 'department_id')
    )
    op.execute(BACKFILL.format(m_hired=_month("e.hired_on"), m_left=_month("e.left_on")))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('department_month')
