"""Idempotency-Key: what a POST answered, so that sending it again does not do it again

Revision ID: 0010_idempotent_requests
Revises: 0009_drop_hot_at_index
Create Date: 2026-12-05 04:30:00

"""
import sqlalchemy as sa
from alembic import op

from server.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0010_idempotent_requests'
down_revision = '0009_drop_hot_at_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'idempotent_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('status', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idempotent_requests_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotent_requests')),
        sa.UniqueConstraint('user_id', 'key', name=op.f('uq_idempotent_requests_user_id_key')),
    )


def downgrade():
    op.drop_table('idempotent_requests')
