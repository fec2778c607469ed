"""api limits: failed logins (rate limit and lockout, shared by every API process); where a
case lies in the KPI read model (one area rule for lists and figures)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_failures',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('first_failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('case_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_path', sa.String(length=1000), server_default='', nullable=False))
    op.execute(
        "UPDATE case_facts SET area_path = "
        "(SELECT cases.area_path FROM cases WHERE cases.id = case_facts.case_id) "
        "WHERE EXISTS (SELECT 1 FROM cases WHERE cases.id = case_facts.case_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('case_facts', schema=None) as batch_op:
        batch_op.drop_column('area_path')
    op.drop_table('login_failures')
