"""closed loop

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('area_code', sa.String(length=200), nullable=True),
    sa.Column('department_id', sa.String(length=200), nullable=True),
    sa.Column('worker_id', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_users'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('previous_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_case_events_case_id_request_id'), ['case_id', 'request_id'])

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('merged_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('verification_failed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resumed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('postponement_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('postponed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deadline_step', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('overdue_since', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalate_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalation_level', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('escalated_to', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('suspended_from', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('postponed_hours', sa.Float(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('pending_postponement_hours', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('merged_into', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('resolution', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('last_seq', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('last_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('area_path', sa.String(length=1000), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_cases_deadline_at'), ['deadline_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_overdue_since'), ['overdue_since'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_escalate_at'), ['escalate_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_escalate_at'))
        batch_op.drop_index(batch_op.f('ix_cases_overdue_since'))
        batch_op.drop_index(batch_op.f('ix_cases_deadline_at'))
        batch_op.drop_column('area_path')
        batch_op.drop_column('last_hash')
        batch_op.drop_column('last_seq')
        batch_op.drop_column('resolution')
        batch_op.drop_column('merged_into')
        batch_op.drop_column('pending_postponement_hours')
        batch_op.drop_column('postponed_hours')
        batch_op.drop_column('suspended_from')
        batch_op.drop_column('escalated_to')
        batch_op.drop_column('escalation_level')
        batch_op.drop_column('escalate_at')
        batch_op.drop_column('overdue_since')
        batch_op.drop_column('deadline_at')
        batch_op.drop_column('deadline_step')
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('postponed_at')
        batch_op.drop_column('postponement_requested_at')
        batch_op.drop_column('resumed_at')
        batch_op.drop_column('suspended_at')
        batch_op.drop_column('reopened_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('verification_failed_at')
        batch_op.drop_column('verified_at')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('returned_at')
        batch_op.drop_column('signed_at')
        batch_op.drop_column('dispatched_at')
        batch_op.drop_column('merged_at')
        batch_op.drop_column('rejected_at')
        batch_op.drop_column('accepted_at')

    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_case_events_case_id_request_id'), type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('previous_hash')
        batch_op.drop_column('request_id')

    op.drop_table('users')
