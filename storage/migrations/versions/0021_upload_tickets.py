"""upload tickets: one-time links to send a file from a web page (channels without documents)

Revision ID: 0021_upload_tickets
Revises: 0020_inbound_seen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0021_upload_tickets"
down_revision = "0020_inbound_seen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("flow", sa.String(length=40), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("prompt_id", sa.String(length=16), nullable=True),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("expires_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upload_tickets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_upload_tickets_token_hash")),
    )
    with op.batch_alter_table("upload_tickets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_tickets_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("upload_tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_tickets_expires_at"))
    op.drop_table("upload_tickets")
