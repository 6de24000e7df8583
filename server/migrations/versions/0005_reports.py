"""Reports: a covering index for per-rep activity counts by period

Revision ID: 0005_reports
Revises: 0001_crm_core
Create Date: 2026-11-27 04:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005_reports'
down_revision = '0001_crm_core'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_reports', ['user_id', 'occurred_at', 'type', 'outcome'], unique=False)


def downgrade():
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_reports')
