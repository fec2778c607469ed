"""pii: reporters' names and phones are stored sealed (encrypted), longer than the clear text

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

After upgrading, `gridhub pii reseal` seals the names and phones stored in clear before
(docs/privacy.md). A downgrade needs the values short again: it fails while sealed ones are
stored.
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.alter_column('reporter_name', existing_type=sa.String(length=200), type_=sa.Text(), existing_nullable=True)
        batch_op.alter_column('reporter_phone', existing_type=sa.String(length=20), type_=sa.Text(), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.alter_column('reporter_phone', existing_type=sa.Text(), type_=sa.String(length=20), existing_nullable=True)
        batch_op.alter_column('reporter_name', existing_type=sa.Text(), type_=sa.String(length=200), existing_nullable=True)
