"""chat identities: an account is a person, each platform's user is an identity of it (issue 11)

Data first, nothing lost. Every account gets one identity ('telegram', its user and chat ids as text,
its name, enabled, its unreachable_since) whose id IS the account's id, so everything that named an
account where an identity is now meant keeps its value:

- reminder_deliveries.details "delivered"/"blocked"/"unknown"/"failed" (account ids → identity ids);
- broadcast_recipients.identity_id (= account_id; the chat id is read from the identity);
- dialogs are keyed by the account that owns the chat (identity_id = that account's identity);
- broadcasts.progress_identity_id: the identity of the progress chat;
- broadcasts.attachment_file_id: a Telegram file_id moves to attachment_tg_file_id, the sha256 of a
  file the bot keeps ("stored") to attachment_sha256;
- chat ids, message ids become text (chat_notices, broadcast_recipients, broadcasts).

The downgrade undoes it while every identity is a Telegram one (one per account); once someone has
linked another platform there is no way to write them into the old columns, and it refuses.

Revision ID: 0023_identities
Revises: 0022_scale_out
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0023_identities"
down_revision = "0022_scale_out"
branch_labels = None
depends_on = None

WHEN = storage.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "chat_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("external_user_id", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("unreachable_since", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_chat_identities_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_identities")),
        sa.UniqueConstraint("account_id", "platform", name=op.f("uq_chat_identities_account_id")),
        sa.UniqueConstraint("platform", "external_user_id", name=op.f("uq_chat_identities_platform")),
    )
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_link_codes_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_link_codes_code_hash")),
    )
    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_codes_account_id"), ["account_id"], unique=False)

    # 1. One identity per account, with the account's id.
    op.execute(
        "INSERT INTO chat_identities (id, account_id, platform, external_user_id, chat_id, display_name, enabled,"
        " unreachable_since, created_at, last_seen_at)"
        " SELECT id, id, platform, CAST(user_id AS VARCHAR(64)), CAST(chat_id AS VARCHAR(64)), display_name,"
        " TRUE, unreachable_since, created_at, updated_at FROM accounts"
    )
    if op.get_bind().dialect.name == "postgresql":  # explicit ids: the sequence goes on after them
        op.execute(
            "SELECT setval(pg_get_serial_sequence('chat_identities', 'id'), COALESCE(MAX(id), 0) + 1, false)"
            " FROM chat_identities"
        )

    # 2. Dialogs: keyed by the person who owns the chat.
    with op.batch_alter_table("dialogs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("identity_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE dialogs SET account_id = (SELECT MIN(a.id) FROM accounts a"
        " WHERE a.platform = dialogs.platform AND a.chat_id = dialogs.chat_id)"
    )
    op.execute("DELETE FROM dialogs WHERE account_id IS NULL")  # a chat no account owns: nobody to resume it
    op.execute("UPDATE dialogs SET identity_id = account_id")
    with op.batch_alter_table("dialogs", schema=None) as batch_op:
        batch_op.drop_constraint("pk_dialogs", type_="primary")
        batch_op.alter_column("account_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_primary_key("pk_dialogs", ["account_id"])
        batch_op.drop_column("chat_id")
        batch_op.drop_column("platform")
        batch_op.create_foreign_key(
            batch_op.f("fk_dialogs_account_id_accounts"), "accounts", ["account_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_dialogs_identity_id_chat_identities"),
            "chat_identities",
            ["identity_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # 3. One-time chat notices: chat ids as text.
    with op.batch_alter_table("chat_notices", schema=None) as batch_op:
        batch_op.alter_column(
            "chat_id",
            existing_type=sa.BigInteger(),
            type_=sa.String(length=64),
            existing_nullable=False,
            postgresql_using="chat_id::varchar(64)",
        )

    # 4. Broadcast recipients: by identity; ids of sent messages as text.
    with op.batch_alter_table("broadcast_recipients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("identity_id", sa.Integer(), nullable=True))
    op.execute("UPDATE broadcast_recipients SET identity_id = account_id")
    with op.batch_alter_table("broadcast_recipients", schema=None) as batch_op:
        batch_op.alter_column("identity_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_broadcast_recipients_broadcast_id", type_="unique")
        batch_op.create_unique_constraint("uq_broadcast_recipients_broadcast_id", ["broadcast_id", "identity_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_broadcast_recipients_identity_id_chat_identities"),
            "chat_identities",
            ["identity_id"],
            ["id"],
        )
        batch_op.drop_column("chat_id")
        batch_op.alter_column(
            "message_id",
            existing_type=sa.BigInteger(),
            type_=sa.String(length=64),
            existing_nullable=True,
            postgresql_using="message_id::varchar(64)",
        )

    # 5. Broadcasts: the progress chat as an identity; attachments told apart by what finds them.
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("progress_identity_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("attachment_tg_file_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("attachment_sha256", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE broadcasts SET progress_identity_id = (SELECT MIN(i.id) FROM chat_identities i"
        " WHERE i.platform = 'telegram' AND i.chat_id = CAST(broadcasts.progress_chat_id AS VARCHAR(64)))"
        " WHERE progress_chat_id IS NOT NULL"
    )
    op.execute(
        "UPDATE broadcasts SET attachment_sha256 = attachment_file_id"
        " WHERE attachment_kind = 'stored' AND attachment_file_id IS NOT NULL AND LENGTH(attachment_file_id) <= 64"
    )
    op.execute(
        "UPDATE broadcasts SET attachment_tg_file_id = attachment_file_id"
        " WHERE attachment_file_id IS NOT NULL AND attachment_sha256 IS NULL"
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_column("progress_chat_id")
        batch_op.drop_column("attachment_file_id")
        batch_op.alter_column(
            "progress_message_id",
            existing_type=sa.BigInteger(),
            type_=sa.String(length=64),
            existing_nullable=True,
            postgresql_using="progress_message_id::varchar(64)",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_broadcasts_progress_identity_id_chat_identities"),
            "chat_identities",
            ["progress_identity_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # 6. Accounts: what moved to the identity goes.
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_accounts_platform", type_="unique")
        batch_op.drop_column("unreachable_since")
        batch_op.drop_column("chat_id")
        batch_op.drop_column("user_id")
        batch_op.drop_column("platform")


def downgrade() -> None:
    bind = op.get_bind()
    others = bind.execute(
        sa.text(
            "SELECT COUNT(*) FROM chat_identities WHERE platform <> 'telegram'"
            " OR account_id IN (SELECT account_id FROM chat_identities GROUP BY account_id HAVING COUNT(*) > 1)"
        )
    ).scalar()
    orphans = bind.execute(
        sa.text("SELECT COUNT(*) FROM accounts WHERE id NOT IN (SELECT account_id FROM chat_identities)")
    ).scalar()
    if others or orphans:
        raise RuntimeError(
            f"cannot go below 0023_identities: {others} identities are not an account's only Telegram one and "
            f"{orphans} accounts have none; the old schema has one Telegram user per account"
        )
    integer = "BIGINT"

    # 6. Accounts get their Telegram ids back from their identity.
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("platform", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("user_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("unreachable_since", WHEN, nullable=True))
    for column, source in (
        ("platform", "i.platform"),
        ("user_id", f"CAST(i.external_user_id AS {integer})"),
        ("chat_id", f"CAST(i.chat_id AS {integer})"),
        ("unreachable_since", "i.unreachable_since"),
    ):
        op.execute(
            f"UPDATE accounts SET {column} = (SELECT {source} FROM chat_identities i WHERE i.account_id = accounts.id)"
        )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.alter_column("platform", existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column("user_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_unique_constraint("uq_accounts_platform", ["platform", "user_id"])

    # 5. Broadcasts.
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_constraint("fk_broadcasts_progress_identity_id_chat_identities", type_="foreignkey")
        batch_op.add_column(sa.Column("progress_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("attachment_file_id", sa.String(length=255), nullable=True))
        batch_op.alter_column(
            "progress_message_id",
            existing_type=sa.String(length=64),
            type_=sa.BigInteger(),
            existing_nullable=True,
            postgresql_using="progress_message_id::bigint",
        )
    op.execute(
        f"UPDATE broadcasts SET progress_chat_id = (SELECT CAST(i.chat_id AS {integer}) FROM chat_identities i"
        " WHERE i.id = broadcasts.progress_identity_id)"
    )
    op.execute("UPDATE broadcasts SET attachment_file_id = COALESCE(attachment_tg_file_id, attachment_sha256)")
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_column("attachment_sha256")
        batch_op.drop_column("attachment_tg_file_id")
        batch_op.drop_column("progress_identity_id")

    # 4. Broadcast recipients.
    with op.batch_alter_table("broadcast_recipients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
    op.execute(
        f"UPDATE broadcast_recipients SET chat_id = (SELECT CAST(i.chat_id AS {integer}) FROM chat_identities i"
        " WHERE i.id = broadcast_recipients.identity_id)"
    )
    with op.batch_alter_table("broadcast_recipients", schema=None) as batch_op:
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column(
            "message_id",
            existing_type=sa.String(length=64),
            type_=sa.BigInteger(),
            existing_nullable=True,
            postgresql_using="message_id::bigint",
        )
        batch_op.drop_constraint("fk_broadcast_recipients_identity_id_chat_identities", type_="foreignkey")
        batch_op.drop_constraint("uq_broadcast_recipients_broadcast_id", type_="unique")
        batch_op.create_unique_constraint("uq_broadcast_recipients_broadcast_id", ["broadcast_id", "account_id"])
        batch_op.drop_column("identity_id")

    # 3. Chat notices (only Telegram's: other platforms' chat ids are not integers).
    op.execute("DELETE FROM chat_notices WHERE platform <> 'telegram'")
    with op.batch_alter_table("chat_notices", schema=None) as batch_op:
        batch_op.alter_column(
            "chat_id",
            existing_type=sa.String(length=64),
            type_=sa.BigInteger(),
            existing_nullable=False,
            postgresql_using="chat_id::bigint",
        )

    # 2. Dialogs: keyed by the chat again.
    with op.batch_alter_table("dialogs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("platform", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE dialogs SET platform = (SELECT platform FROM accounts WHERE accounts.id = dialogs.account_id),"
        " chat_id = (SELECT chat_id FROM accounts WHERE accounts.id = dialogs.account_id)"
    )
    with op.batch_alter_table("dialogs", schema=None) as batch_op:
        batch_op.drop_constraint("fk_dialogs_identity_id_chat_identities", type_="foreignkey")
        batch_op.drop_constraint("fk_dialogs_account_id_accounts", type_="foreignkey")
        batch_op.drop_constraint("pk_dialogs", type_="primary")
        batch_op.alter_column("platform", existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_primary_key("pk_dialogs", ["platform", "chat_id"])
        batch_op.drop_column("identity_id")
        batch_op.drop_column("account_id")

    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_codes_account_id"))
    op.drop_table("link_codes")
    op.drop_table("chat_identities")
