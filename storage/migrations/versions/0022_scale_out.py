"""several processes on one database: broadcast claims carry their claimer and a lease; the shared send budget (tokens)

Revision ID: 0022_scale_out
Revises: 0021_upload_tickets
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base


revision = '0022_scale_out'
down_revision = '0021_upload_tickets'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('broadcast_recipients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('lease_until', storage.models.base.UTCDateTime(timezone=True), nullable=True))
    op.create_table('send_tokens',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('slot', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('held_until', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('free_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', 'slot', name=op.f('pk_send_tokens'))
    )


def downgrade() -> None:
    op.drop_table('send_tokens')
    with op.batch_alter_table('broadcast_recipients', schema=None) as batch_op:
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_by')
