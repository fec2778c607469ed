"""channels: 三率 facts in the KPI read model, Open311 client applications, webhook
subscriptions, deliveries and their log, the notifier's offsets

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

After upgrading, `gridhub kpi rebuild` recomputes the new facts of existing cases from
their lifecycle events (the first signature's deadline, the public's reports, ratings).
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_reports', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('satisfaction', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('staff_reports', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('sign_due', sa.DateTime(timezone=True), nullable=True))
    op.create_table('open311_clients',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('key_hint', sa.String(length=12), nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open311_clients')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_open311_clients_key_hash'))
    )
    op.create_table('webhook_subscriptions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=False),
    sa.Column('department_id', sa.String(length=200), nullable=True),
    sa.Column('username', sa.String(length=100), nullable=True),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('hours_before', sa.Float(), server_default='2', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_subscriptions'))
    )
    op.create_index(op.f('ix_webhook_subscriptions_department_id'), 'webhook_subscriptions', ['department_id'], unique=False)
    op.create_index(op.f('ix_webhook_subscriptions_username'), 'webhook_subscriptions', ['username'], unique=False)
    op.create_table('webhook_deliveries',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('subscription_id', sa.String(length=36), nullable=False),
    sa.Column('dedupe_key', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claim_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status_code', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
    sa.UniqueConstraint('subscription_id', 'dedupe_key', name=op.f('uq_webhook_deliveries_subscription_id_dedupe_key'))
    )
    op.create_index('ix_webhook_deliveries_due', 'webhook_deliveries', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.create_index(op.f('ix_webhook_deliveries_subscription_id'), 'webhook_deliveries', ['subscription_id'], unique=False)
    op.create_table('webhook_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('delivery_id', sa.String(length=36), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('duration_ms', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempts'))
    )
    op.create_index(op.f('ix_webhook_attempts_delivery_id'), 'webhook_attempts', ['delivery_id'], unique=False)
    op.create_table('notifier_offsets',
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('partition', sa.Integer(), nullable=False),
    sa.Column('next_offset', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('topic', 'partition', name=op.f('pk_notifier_offsets'))
    )


def downgrade() -> None:
    op.drop_table('notifier_offsets')
    op.drop_index(op.f('ix_webhook_attempts_delivery_id'), table_name='webhook_attempts')
    op.drop_table('webhook_attempts')
    op.drop_index(op.f('ix_webhook_deliveries_subscription_id'), table_name='webhook_deliveries')
    op.drop_index('ix_webhook_deliveries_due', table_name='webhook_deliveries')
    op.drop_table('webhook_deliveries')
    op.drop_index(op.f('ix_webhook_subscriptions_username'), table_name='webhook_subscriptions')
    op.drop_index(op.f('ix_webhook_subscriptions_department_id'), table_name='webhook_subscriptions')
    op.drop_table('webhook_subscriptions')
    op.drop_table('open311_clients')
    with op.batch_alter_table('case_facts', schema=None) as batch_op:
        batch_op.drop_column('staff_reports')
        batch_op.drop_column('sign_due')
        batch_op.drop_column('satisfaction')
        batch_op.drop_column('public_reports')
