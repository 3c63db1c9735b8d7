"""admin views: a covering index for the overview's counts

The /tinhhinh counts group a round's obligations by (status, late); with ``late`` in the index the
database answers from the index alone instead of visiting every obligation row (SQLite with
10,000 units × 30 rounds: from about 0.5 s to a few tens of ms). The old (round_id, status) index
is its prefix, so it is replaced rather than kept beside it.

Revision ID: 0006_admin_views
Revises: 0003_reminders
Create Date: 2026-11-25 17:44:52.452110
"""

from __future__ import annotations

from alembic import op

revision = "0006_admin_views"
down_revision = "0004_registration"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.drop_index("ix_obligations_round_status")
        batch_op.create_index("ix_obligations_round_status_late", ["round_id", "status", "late"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.drop_index("ix_obligations_round_status_late")
        batch_op.create_index("ix_obligations_round_status", ["round_id", "status"], unique=False)
