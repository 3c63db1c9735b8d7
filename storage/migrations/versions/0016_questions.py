"""unanswered questions (free text the bot did not understand)

Revision ID: 0016_questions
Revises: 0017_council
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = '0016_questions'
down_revision = '0017_council'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'unanswered_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('asked_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('platform', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('suggested', sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unanswered_questions')),
    )
    with op.batch_alter_table('unanswered_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unanswered_questions_asked_at'), ['asked_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unanswered_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unanswered_questions_asked_at'))
    op.drop_table('unanswered_questions')
