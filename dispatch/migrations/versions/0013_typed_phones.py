"""typed phones: the phone numbers lifted from a lifecycle event's reason and notes, sealed
beside the event (its text keeps them masked), outside the hash chain

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('typed_phones', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_column('typed_phones')
