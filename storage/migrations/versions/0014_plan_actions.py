"""plan actions: what the Office did about each plan item; meeting date, time and place on broadcasts

Revision ID: 0014_plan_actions
Revises: 0003_broadcasts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0014_plan_actions"
down_revision = '0011_security'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_item_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("open", "done", "not_done", name="plan_item_state", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sent_to", sa.String(length=255), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_mime", sa.String(length=120), nullable=True),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("done_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["broadcast_id"], ["broadcasts.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["done_by_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["plan_item_id"], ["plan_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_item_id"),
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("meeting_at", storage.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("meeting_place", sa.String(length=255), nullable=True))
        batch_op.create_foreign_key(
            "fk_broadcasts_plan_item_id_plan_items", "plan_items", ["plan_item_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_constraint("fk_broadcasts_plan_item_id_plan_items", type_="foreignkey")
        batch_op.drop_column("meeting_place")
        batch_op.drop_column("meeting_at")
        batch_op.drop_column("plan_item_id")
    op.drop_table("plan_item_actions")
