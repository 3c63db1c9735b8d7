"""0023_identities on a database that holds data of the previous schema: upgraded row by row, then back.

Rows in every table the migration touches (accounts, dialogs, chat notices, broadcasts and their
recipients, reminder deliveries) and in the tables that point at accounts (invites, audit); the
upgrade must keep every one of them (a dialog no account owns is the one thing dropped), and the
downgrade must give back exactly what was there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.migrate import migrate
from storage.models.base import UTCDateTime

PREVIOUS = "0022_scale_out"
THIS = "0023_identities"
T0 = datetime(2024, 6, 12, 2, 30, tzinfo=UTC)
TABLES = {
    "units": "id",
    "accounts": "id",
    "dialogs": "platform, chat_id",
    "chat_notices": "platform, chat_id, kind",
    "invite_codes": "id",
    "audit_log": "id",
    "broadcasts": "id",
    "broadcast_recipients": "id",
    "reminder_deliveries": "id",
}


def _type(value: object) -> sa.types.TypeEngine[Any]:
    if isinstance(value, datetime):
        return UTCDateTime()
    if isinstance(value, dict | list):
        return sa.JSON()
    return sa.types.NullType()


async def put(conn: AsyncConnection, table: str, **values: object) -> None:
    columns = [sa.column(name, _type(value)) for name, value in values.items()]
    await conn.execute(sa.insert(sa.table(table, *columns)).values(**values))


async def snapshot(conn: AsyncConnection, tables: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for table, order in tables.items():
        rows = (await conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY {order}"))).mappings().all()
        found[table] = [dict(row) for row in rows]
    return found


async def fill_previous_schema(conn: AsyncConnection) -> None:
    await put(conn, "units", id=1, code="VP", name="Văn phòng", kind="office", sort_order=0)
    await put(conn, "units", id=2, code="TTH", name="Thanh tra huyện Cao Lộc", kind="district", sort_order=1)
    accounts = [
        # id, user id, name, status, role, unit, unreachable since
        (1, 5_000_000_001, "Quản trị", "active", "admin", 1, None),
        (2, 7_123_456_789, "Cán bộ Lan", "active", "officer", 2, None),
        (3, 42, "Người bỏ chặn", "active", "officer", 2, T0 - timedelta(days=3)),
        (4, 43, "Người mới", "new", None, None, None),
        (5, 44, "Chờ duyệt", "pending", None, None, None),
    ]
    for account_id, user_id, name, status, role, unit, unreachable in accounts:
        await put(
            conn,
            "accounts",
            id=account_id,
            platform="telegram",
            user_id=user_id,
            chat_id=user_id,
            display_name=name,
            unit_id=unit,
            role=role,
            status=status,
            requested_unit_id=2 if status == "pending" else None,
            requested_at=T0 if status == "pending" else None,
            unreachable_since=unreachable,
            created_at=T0 - timedelta(days=account_id),
            updated_at=T0,
        )
    dialog = {"data": {"round_id": 12, "files": ["ab" * 32]}, "expires_at": T0 + timedelta(hours=1), "updated_at": T0}
    await put(conn, "dialogs", platform="telegram", chat_id=7_123_456_789, flow="submit_report", step="files", **dialog)
    await put(
        conn,
        "dialogs",
        platform="telegram",
        chat_id=5_000_000_001,
        flow=None,
        step=None,
        prompt={"id": "k3J9", "choices": [{"n": 1, "a": "round", "v": 12, "l": "II.1"}]},
        **dialog,
    )
    await put(conn, "dialogs", platform="telegram", chat_id=999, flow="onboarding", step="code", **dialog)  # nobody's
    await put(conn, "chat_notices", platform="telegram", chat_id=-100_123_456_789, kind="private_only", at=T0)
    await put(
        conn,
        "invite_codes",
        id=1,
        unit_id=2,
        code_hash="f" * 64,
        role="officer",
        max_uses=5,
        uses=1,
        expires_at=T0 + timedelta(days=7),
        created_by_id=1,
        created_at=T0,
    )
    await put(
        conn,
        "audit_log",
        id=1,
        at=T0,
        actor_account_id=1,
        actor_label="Quản trị (#1)",
        action="invite.issue",
        outcome="ok",
        target_type="unit",
        target_id="2",
        details={"invite_id": 1},
    )
    common = {
        "reply_kind": "ack",
        "text": "Thông báo",
        "body_html": "<b>Thông báo</b>",
        "audience": {"kind": "all"},
        "audience_label": "Tất cả",
        "unreached_unit_ids": [],
        "created_by_id": 1,
        "created_at": T0,
        "confirmed_by_id": 1,
        "confirmed_at": T0,
    }
    await put(
        conn,
        "broadcasts",
        id=1,
        status="done",
        total=2,
        attachment_kind="document",
        attachment_file_id="BQACAgIAAxkBAAIB" + "x" * 40,
        attachment_name="cong-van.pdf",
        finished_at=T0,
        progress_chat_id=5_000_000_001,
        progress_message_id=3_000_000_000,
        **common,
    )
    await put(
        conn,
        "broadcasts",
        id=2,
        status="sending",
        total=1,
        attachment_kind="stored",
        attachment_file_id="c" * 64,
        attachment_name="ke-hoach.xlsx",
        progress_chat_id=5_000_000_001,
        **common,
    )
    await put(conn, "broadcasts", id=3, status="draft", total=0, **common)
    recipients = [
        (1, 1, 2, "delivered", 3_000_000_001, "received"),
        (2, 1, 3, "blocked", None, None),
        (3, 2, 2, "pending", None, None),
    ]
    for recipient_id, broadcast_id, account_id, state, message_id, response in recipients:
        await put(
            conn,
            "broadcast_recipients",
            id=recipient_id,
            broadcast_id=broadcast_id,
            account_id=account_id,
            unit_id=2,
            chat_id=[0, 5_000_000_001, 7_123_456_789, 42][account_id],
            state=state,
            attempts=1 if state != "pending" else 0,
            message_id=message_id,
            error="blocked: Forbidden" if state == "blocked" else None,
            response=response,
            responded_at=T0 if response else None,
        )
    await put(
        conn,
        "reminder_deliveries",
        id=1,
        key="r12:u2:D-3:2024-06-07",
        kind="before",
        slot="D-3",
        round_id=None,
        unit_id=2,
        slot_date=T0.date(),
        due_at=T0,
        status="sent",
        claimed_at=T0,
        finished_at=T0,
        attempts=1,
        recipients=1,
        error=None,
        created_by_id=None,
        details={"delivered": [2], "blocked": [3], "unknown": [], "failed": [], "retryable": False},
    )


async def test_the_identities_migration_keeps_every_row_and_goes_back(db: Database) -> None:
    await migrate(db.engine, PREVIOUS, down=True)
    async with db.engine.begin() as conn:
        await fill_previous_schema(conn)
    async with db.engine.connect() as conn:
        before = await snapshot(conn, TABLES)

    await migrate(db.engine, THIS)
    after_tables = {**TABLES, "dialogs": "account_id", "chat_identities": "id"}
    async with db.engine.connect() as conn:
        after = await snapshot(conn, after_tables)

    # Every account is now a person with one Telegram identity of the same id, holding its ids as text.
    old_accounts = {row["id"]: row for row in before["accounts"]}
    assert [row["id"] for row in after["accounts"]] == sorted(old_accounts)
    for row in after["accounts"]:
        old = old_accounts[row["id"]]
        assert {k: row[k] for k in row} == {k: old[k] for k in row}  # nothing else changed
        assert not {"platform", "user_id", "chat_id", "unreachable_since"} & set(row)
    assert [(i["id"], i["account_id"]) for i in after["chat_identities"]] == [(a, a) for a in sorted(old_accounts)]
    for identity in after["chat_identities"]:
        old = old_accounts[identity["id"]]
        assert identity["platform"] == "telegram"
        assert identity["external_user_id"] == str(old["user_id"]) == identity["chat_id"]
        assert identity["display_name"] == old["display_name"]
        assert identity["unreachable_since"] == old["unreachable_since"]
        assert bool(identity["enabled"]) is True

    # Dialogs belong to the person who owns the chat; the one nobody owns is gone.
    by_chat = {row["chat_id"]: row for row in before["dialogs"]}
    assert [(d["account_id"], d["identity_id"]) for d in after["dialogs"]] == [(1, 1), (2, 2)]
    for dialog in after["dialogs"]:
        old = by_chat[old_accounts[dialog["account_id"]]["chat_id"]]
        assert {k: dialog[k] for k in ("flow", "step", "data", "prompt", "expires_at")} == {
            k: old[k] for k in ("flow", "step", "data", "prompt", "expires_at")
        }

    assert [(n["platform"], n["chat_id"], n["kind"]) for n in after["chat_notices"]] == [
        ("telegram", "-100123456789", "private_only")
    ]

    # Recipients by identity; message ids as text; everything else as it was.
    for old, new in zip(before["broadcast_recipients"], after["broadcast_recipients"], strict=True):
        assert new["identity_id"] == old["account_id"] == new["account_id"]
        assert new["message_id"] == (None if old["message_id"] is None else str(old["message_id"]))
        same = ("id", "broadcast_id", "unit_id", "state", "attempts", "error", "response", "responded_at")
        assert {k: new[k] for k in same} == {k: old[k] for k in same}

    first, second, draft = after["broadcasts"]
    assert (first["progress_identity_id"], first["progress_message_id"]) == (1, "3000000000")
    assert (first["attachment_tg_file_id"], first["attachment_sha256"]) == (
        before["broadcasts"][0]["attachment_file_id"],
        None,
    )
    assert (second["attachment_tg_file_id"], second["attachment_sha256"]) == (None, "c" * 64)
    assert (second["progress_identity_id"], second["progress_message_id"]) == (1, None)
    assert draft["progress_identity_id"] is None and draft["attachment_kind"] is None

    # Reminder details named accounts; the identities have the same ids, so they name the same people.
    assert after["reminder_deliveries"] == before["reminder_deliveries"]
    assert after["invite_codes"] == before["invite_codes"] and after["audit_log"] == before["audit_log"]

    await migrate(db.engine, PREVIOUS, down=True)
    async with db.engine.connect() as conn:
        back = await snapshot(conn, TABLES)
    lost = [d for d in before["dialogs"] if d["chat_id"] == 999]
    assert back == {**before, "dialogs": [d for d in before["dialogs"] if d not in lost]}


async def test_the_downgrade_refuses_once_someone_uses_another_platform(db: Database) -> None:
    async with db.engine.begin() as conn:
        await put(conn, "accounts", id=1, display_name="Lan", status="new", created_at=T0, updated_at=T0)
        await put(
            conn,
            "chat_identities",
            account_id=1,
            platform="zalo",
            external_user_id="a1b2c3",
            chat_id="a1b2c3",
            display_name="Lan",
            enabled=True,
            created_at=T0,
            last_seen_at=T0,
        )
    with pytest.raises(RuntimeError, match="cannot go below 0023_identities"):
        await migrate(db.engine, PREVIOUS, down=True)
    async with db.engine.connect() as conn:  # nothing was changed
        assert (await conn.execute(sa.text("SELECT COUNT(*) FROM chat_identities"))).scalar() == 1
