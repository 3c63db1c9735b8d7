"""plan years: a plan's life (draft / in force / past), its version, and each item's round kind

Revision ID: 0013_plan_years
Revises: 0014_plan_actions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = '0013_plan_years'
down_revision = '0014_plan_actions'
branch_labels = None
depends_on = None

_STATUS = sa.Enum('draft', 'in_force', 'past', name='plan_status', native_enum=False, length=32)


def upgrade() -> None:
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', _STATUS, nullable=False, server_default='past'))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('source_year', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('published_at', storage.models.base.UTCDateTime(timezone=True), nullable=True)
        )
    # The plan that was current is the one in force; every other imported plan is history.
    op.execute("UPDATE plans SET status = 'in_force' WHERE is_current")
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('is_current')
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_kind', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('planned_on', sa.Date(), nullable=True))
    op.execute(
        "UPDATE plan_items SET round_kind = (SELECT rounds.kind FROM rounds WHERE rounds.plan_item_id = plan_items.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_column('planned_on')
        batch_op.drop_column('round_kind')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_current', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE plans SET is_current = (status = 'in_force')")
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('published_at')
        batch_op.drop_column('source_year')
        batch_op.drop_column('version')
        batch_op.drop_column('status')
