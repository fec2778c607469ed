"""stream core: event time, recording time and sightings on reports; projection markers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('founding_report_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('projection_pending', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_cases_projection_pending', ['id'], unique=False,
                              postgresql_where=sa.text('projection_pending'),
                              sqlite_where=sa.text('projection_pending'))
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sighting', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('link_seq', sa.Integer(), nullable=True))
        batch_op.drop_index('ix_reports_cell_code_reported_at')
        batch_op.create_index('ix_reports_cell_code_event_at', ['cell_code', 'event_at'],
                              unique=False)
        batch_op.create_index('ix_reports_unprojected', ['case_id'], unique=False,
                              postgresql_where=sa.text('link_seq IS NULL'),
                              sqlite_where=sa.text('link_seq IS NULL'))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')
        batch_op.create_index('ix_outbox_unpublished', ['id'], unique=False,
                              postgresql_where=sa.text('published_at IS NULL'),
                              sqlite_where=sa.text('published_at IS NULL'))
    op.create_table('stream_status',
    sa.Column('worker_id', sa.String(length=100), nullable=False),
    sa.Column('stages', sa.String(length=100), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('worker_id', name=op.f('pk_stream_status'))
    )
    # Reports already in a case had their events written with it.
    op.execute("UPDATE reports SET link_seq = 0 WHERE case_id IS NOT NULL")
    op.execute("UPDATE reports SET event_at = occurred_at")


def downgrade() -> None:
    op.drop_table('stream_status')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_unpublished')
        batch_op.create_index('ix_outbox_pending', ['published_at', 'id'], unique=False)
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_unprojected')
        batch_op.drop_index('ix_reports_cell_code_event_at')
        batch_op.create_index('ix_reports_cell_code_reported_at', ['cell_code', 'reported_at'],
                              unique=False)
        batch_op.drop_column('link_seq')
        batch_op.drop_column('sighting')
        batch_op.drop_column('recorded_at')
        batch_op.drop_column('event_at')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_projection_pending')
        batch_op.drop_column('projection_pending')
        batch_op.drop_column('founding_report_id')
