"""Join the feature branches into one head, so that plain `sidekick db upgrade` works

Revision ID: 0008_merge_heads
Revises: 0003_enrichment, 0005_reports, 0006_cadence_constraints, 0007_engagement_indexes
"""

revision = '0008_merge_heads'
down_revision = ('0003_enrichment', '0005_reports', '0006_cadence_constraints',
                 '0007_engagement_indexes')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
