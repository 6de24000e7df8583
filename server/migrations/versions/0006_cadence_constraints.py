"""Cadence constraints: one open enrollment per contact; a contact's phone status

Revision ID: 0006_cadence_constraints
Revises: 0004_cadences
Create Date: 2026-11-27 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_cadence_constraints'
down_revision = '0004_cadences'
branch_labels = None
depends_on = None

OPEN_WHERE = sa.text("status IN ('active', 'paused')")


def upgrade():
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_status', sa.String(length=16), nullable=True))
    # Before the index: a contact that a race left in two open cadences keeps the oldest one.
    op.execute(
        "UPDATE enrollments SET status = 'stopped_manual', reason = 'duplicate_enrollment', "
        "ended_at = updated_at "
        "WHERE status IN ('active', 'paused') AND id > (SELECT MIN(other.id) FROM enrollments "
        "AS other WHERE other.contact_id = enrollments.contact_id "
        "AND other.status IN ('active', 'paused'))")
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.create_index('uq_enrollments_open_contact', ['contact_id'], unique=True,
                              sqlite_where=OPEN_WHERE, postgresql_where=OPEN_WHERE)


def downgrade():
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.drop_index('uq_enrollments_open_contact')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('phone_status')
