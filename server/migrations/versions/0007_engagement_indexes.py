"""Engagement: cheaper inserts — partial indexes for mostly-NULL columns, an unused index dropped

engagement_events.activity_id / visitor_id and contact_scores.high_priority_at are NULL for
most rows: only the rows that have a value are indexed now. contact_scores.company_id is not
filtered by any query, so its index only slowed down every score update.

Revision ID: 0007_engagement_indexes
Revises: 0002_engagement
Create Date: 2026-11-27 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_engagement_indexes'
down_revision = '0002_engagement'
branch_labels = None
depends_on = None

PARTIAL = (('engagement_events', 'activity_id'), ('engagement_events', 'visitor_id'),
           ('contact_scores', 'high_priority_at'))


def _where(column):
    condition = sa.text(f'{column} IS NOT NULL')
    return {'sqlite_where': condition, 'postgresql_where': condition}


def upgrade():
    for table, column in PARTIAL:
        op.drop_index(f'ix_{table}_{column}', table_name=table)
        op.create_index(f'ix_{table}_{column}', table, [column], unique=False, **_where(column))
    op.drop_index('ix_contact_scores_company_id', table_name='contact_scores')


def downgrade():
    op.create_index('ix_contact_scores_company_id', 'contact_scores', ['company_id'], unique=False)
    for table, column in PARTIAL:
        op.drop_index(f'ix_{table}_{column}', table_name=table)
        op.create_index(f'ix_{table}_{column}', table, [column], unique=False)
