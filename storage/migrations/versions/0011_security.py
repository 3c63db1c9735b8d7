"""invite codes: keyed hashes only, no clear hint; the old unsalted ones withdrawn

Revision ID: 0011_security
Revises: 0003_broadcasts
Create Date: 2026-12-04 17:40:00

Codes were stored as plain SHA-256 with 3 of their 10 characters in clear: from a copy of the
database, about 2.8×10¹⁰ candidates, seconds on a GPU. New codes are HMAC-SHA256 under the server's
invite secret. The old hashes cannot be turned into the new ones (that needs the codes), and keeping
them verifiable until they expire would keep exactly the weakness being removed. So every old invite
is withdrawn: marked revoked (if it was not already), its hash replaced by a marker that matches no
code, and the hint column dropped. A unit holding an old unused code asks the Office for a new one
(the bot answers such a code as unknown); linked accounts are untouched.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0011_security"
down_revision = "0003_broadcasts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    invites = sa.table(
        "invite_codes",
        sa.column("id", sa.Integer),
        sa.column("code_hash", sa.String),
        sa.column("revoked_at", storage.models.base.UTCDateTime(timezone=True)),
    )
    op.execute(invites.update().where(invites.c.revoked_at.is_(None)).values(revoked_at=datetime.now(UTC)))
    op.execute(invites.update().values(code_hash=sa.literal("withdrawn-") + sa.cast(invites.c.id, sa.String)))
    with op.batch_alter_table("invite_codes") as batch:
        batch.drop_column("hint")


def downgrade() -> None:
    with op.batch_alter_table("invite_codes") as batch:
        batch.add_column(sa.Column("hint", sa.String(length=8), nullable=False, server_default=""))
