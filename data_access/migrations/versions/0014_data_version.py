"""data_version: one row whose number every write the pages show raises

Revision ID: 0014
Revises: 0007
Create Date: 2026-12-01 23:10:00.000000

Each app process caches what it read; comparing this number once per script run lets every
process (and every machine) see an import or a settings change made by another at once.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    table = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'))
    op.bulk_insert(table, [{'id': 1, 'version': 1, 'changed_at': None}])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('data_version')
