"""the KPI read model: one row of facts per case

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

COUNTS = ('report_count', 'placed_reports', 'system_reports', 'roster_reports',
          'hotline_reports', 'dispatches', 'returns', 'late_steps', 'reworks',
          'postponements', 'escalations', 'last_seq')
FLAGS = ('routed', 'merged', 'rejected', 'reopened')
TIMES = ('accepted_at', 'accept_due', 'dispatched_at', 'signed_at', 'resolved_at',
         'resolve_due', 'closed_at', 'running_due')
DIMENSIONS = ('grid', 'county', 'township', 'community', 'cell', 'category', 'family')


def upgrade() -> None:
    op.create_table('case_facts',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('grids', sa.String(length=200), server_default='', nullable=False),
    *(sa.Column(name, sa.Integer(), server_default='0', nullable=False) for name in COUNTS),
    *(sa.Column(name, sa.Boolean(), server_default='0', nullable=False) for name in FLAGS),
    sa.Column('state', sa.String(length=32), nullable=False),
    *(sa.Column(name, sa.DateTime(timezone=True), nullable=True) for name in TIMES),
    sa.Column('department', sa.String(length=200), nullable=True),
    *(sa.Column(name, sa.String(length=200), nullable=True) for name in DIMENSIONS),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_facts'))
    )
    op.create_index(op.f('ix_case_facts_reported_at'), 'case_facts', ['reported_at'], unique=False)
    op.create_index(op.f('ix_case_facts_changed_at'), 'case_facts', ['changed_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_case_facts_changed_at'), table_name='case_facts')
    op.drop_index(op.f('ix_case_facts_reported_at'), table_name='case_facts')
    op.drop_table('case_facts')
