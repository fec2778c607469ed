"""dedupe

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('duplicate_suggestions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('candidate_case_id', sa.String(length=36), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('decision', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['candidate_case_id'], ['cases.id'], name=op.f('fk_duplicate_suggestions_candidate_case_id_cases')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_duplicate_suggestions_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_suggestions')),
    sa.UniqueConstraint('case_id', 'candidate_case_id', name=op.f('uq_duplicate_suggestions_case_id_candidate_case_id'))
    )
    with op.batch_alter_table('duplicate_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_suggestions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_suggestions_status'), ['status'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_family', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_category_family'), ['category_family'], unique=False)

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('dedupe')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_category_family'))
        batch_op.drop_column('category_family')

    with op.batch_alter_table('duplicate_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_suggestions_status'))
        batch_op.drop_index(batch_op.f('ix_duplicate_suggestions_case_id'))

    op.drop_table('duplicate_suggestions')
