"""the projector's queue index in the order it is read: (updated_at, id) where
projection_pending, so a round reads the few pending cases in order instead of scanning every
case by updated_at (SQLite chose that scan: 24 ms a round at 17k cases, and growing)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_projection_pending')
        batch_op.create_index('ix_cases_projection_pending', ['updated_at', 'id'], unique=False,
                              postgresql_where=sa.text('projection_pending'),
                              sqlite_where=sa.text('projection_pending'))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_projection_pending')
        batch_op.create_index('ix_cases_projection_pending', ['id'], unique=False,
                              postgresql_where=sa.text('projection_pending'),
                              sqlite_where=sa.text('projection_pending'))
