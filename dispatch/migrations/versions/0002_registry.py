"""registry tables, place and route on cases and reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('registry_addresses',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('building', sa.Integer(), nullable=True),
    sa.Column('entrance', sa.Integer(), nullable=True),
    sa.Column('cell', sa.String(length=200), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('generated', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'id', name=op.f('pk_registry_addresses'))
    )
    op.create_table('registry_cells',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('community', sa.String(length=200), nullable=False),
    sa.Column('ring', sa.JSON(), nullable=False),
    sa.Column('generated', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'code', name=op.f('pk_registry_cells'))
    )
    op.create_table('registry_departments',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('grid', sa.String(length=200), nullable=True),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('parent', sa.String(length=200), nullable=True),
    sa.Column('generated', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'id', name=op.f('pk_registry_departments'))
    )
    op.create_table('registry_divisions',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent', sa.String(length=200), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('generated', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'code', name=op.f('pk_registry_divisions'))
    )
    op.create_table('registry_responsibilities',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=200), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('team', sa.String(length=200), nullable=False),
    sa.Column('time_limit_profile', sa.String(length=200), nullable=False),
    sa.Column('auto_dispatch', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'id', name=op.f('pk_registry_responsibilities'))
    )
    op.create_table('registry_teams',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('version', 'id', name=op.f('pk_registry_teams'))
    )
    op.create_table('registry_units',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('township', sa.String(length=200), nullable=False),
    sa.Column('community', sa.String(length=200), nullable=True),
    sa.Column('line', sa.JSON(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('generated', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'id', name=op.f('pk_registry_units'))
    )
    op.create_table('registry_versions',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_registry_versions'))
    )
    op.create_table('registry_workers',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('grid', sa.String(length=200), nullable=False),
    sa.Column('cell', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=200), nullable=True),
    sa.Column('generated', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'id', name=op.f('pk_registry_workers'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('place_precision', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('place_confidence', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('address_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('cell_code', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('community_code', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('township_code', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('placement', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('route_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('department_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('team_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('time_limit_profile', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('auto_dispatch', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('registry_version', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('route', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_cell_code'), ['cell_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_place_status'), ['place_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_township_code'), ['township_code'], unique=False)

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('cell_code', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('placement', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('route', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('route')
        batch_op.drop_column('placement')
        batch_op.drop_column('cell_code')
        batch_op.drop_column('place_status')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_township_code'))
        batch_op.drop_index(batch_op.f('ix_cases_place_status'))
        batch_op.drop_index(batch_op.f('ix_cases_department_id'))
        batch_op.drop_index(batch_op.f('ix_cases_cell_code'))
        batch_op.drop_column('route')
        batch_op.drop_column('registry_version')
        batch_op.drop_column('auto_dispatch')
        batch_op.drop_column('time_limit_profile')
        batch_op.drop_column('team_id')
        batch_op.drop_column('department_id')
        batch_op.drop_column('route_status')
        batch_op.drop_column('placement')
        batch_op.drop_column('township_code')
        batch_op.drop_column('community_code')
        batch_op.drop_column('cell_code')
        batch_op.drop_column('address_id')
        batch_op.drop_column('place_confidence')
        batch_op.drop_column('place_precision')
        batch_op.drop_column('place_status')

    op.drop_table('registry_workers')
    op.drop_table('registry_versions')
    op.drop_table('registry_units')
    op.drop_table('registry_teams')
    op.drop_table('registry_responsibilities')
    op.drop_table('registry_divisions')
    op.drop_table('registry_departments')
    op.drop_table('registry_cells')
    op.drop_table('registry_addresses')
