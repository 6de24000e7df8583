"""Engagement: drop contact_scores.hot_at's index, which no query uses

The call queue reaches score rows by contact id, through the rep's accounts (the plans on
both databases use the primary key). The index only cost every ingested event an index
update, in a random page: about a fifth of the pages a batch of events dirtied on SQLite.

Revision ID: 0009_drop_hot_at_index
Revises: 0008_merge_heads
Create Date: 2026-12-04 18:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_drop_hot_at_index'
down_revision = '0008_merge_heads'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_contact_scores_hot_at', table_name='contact_scores')


def downgrade():
    op.create_index('ix_contact_scores_hot_at', 'contact_scores', ['hot_at'], unique=False)
