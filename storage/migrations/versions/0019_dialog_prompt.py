"""dialogs remember the choices of the chat's last prompt (one flow model for every channel)

Revision ID: 0019_dialog_prompt
Revises: 0018_scoring_dossiers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_dialog_prompt"
down_revision = "0018_scoring_dossiers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dialogs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prompt", sa.JSON(), nullable=True))
        batch_op.alter_column("flow", existing_type=sa.String(length=40), nullable=True)
        batch_op.alter_column("step", existing_type=sa.String(length=40), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM dialogs WHERE flow IS NULL OR step IS NULL")
    with op.batch_alter_table("dialogs", schema=None) as batch_op:
        batch_op.alter_column("step", existing_type=sa.String(length=40), nullable=False)
        batch_op.alter_column("flow", existing_type=sa.String(length=40), nullable=False)
        batch_op.drop_column("prompt")
