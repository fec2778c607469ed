"""reports: the township each was placed in, indexed with the event time

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

De-duplication compares a report placed only to a village or township (no cell) with the
reports of its township: the stream loads those by this column. Existing reports get it
from their stored placement.
"""

import json

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('township_code', sa.String(length=20), nullable=True))
        batch_op.create_index(
            'ix_reports_township_code_event_at', ['township_code', 'event_at'], unique=False
        )
    conn = op.get_bind()
    reports = sa.table(
        'reports',
        sa.column('id', sa.String()),
        sa.column('placement', sa.JSON()),
        sa.column('township_code', sa.String()),
    )
    rows = conn.execute(
        sa.select(reports.c.id, reports.c.placement).where(reports.c.placement.is_not(None))
    ).all()
    updates = []
    for row in rows:
        placement = row.placement
        if isinstance(placement, str):
            placement = json.loads(placement)
        township = (placement or {}).get('township')
        if township:
            updates.append({'rid': row.id, 'township': township})
    if updates:
        conn.execute(
            sa.update(reports)
            .where(reports.c.id == sa.bindparam('rid'))
            .values(township_code=sa.bindparam('township')),
            updates,
        )


def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_township_code_event_at')
        batch_op.drop_column('township_code')
