"""One-time upload tickets (services/upload_tickets.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from core.clock import FixedClock
from services import upload_tickets
from services.upload_tickets import TicketRefused
from storage.db import Database
from storage.migrate import alembic_config
from storage.models import UploadTicket
from storage.repos import upload_tickets as repo


async def _issue(db: Database, clock: FixedClock, **values: object) -> str:
    async with db.transaction() as s:
        return await upload_tickets.issue(
            s,
            platform="zalo",
            chat_id="6ede9afa66b88fe6d6a9",
            flow="submit",
            step="files",
            prompt_id="k3J9",
            now=clock.now(),
            **values,  # type: ignore[arg-type]
        )


async def _refusal(db: Database, token: str, clock: FixedClock, *, claim: bool = False) -> str:
    with pytest.raises(TicketRefused) as refused:
        async with db.transaction() as s:
            await (upload_tickets.claim if claim else upload_tickets.check)(s, token, clock.now())
    return refused.value.key


async def test_a_ticket_keeps_only_its_hash_and_what_step_asked_for_it(db: Database, clock: FixedClock) -> None:
    token = await _issue(db, clock, kinds=["DOCX", "PDF", "EXE"])
    async with db.transaction() as s:
        row = (await s.execute(text("SELECT * FROM upload_tickets"))).mappings().one()
        ticket = await upload_tickets.check(s, token, clock.now())
    assert token not in str(dict(row)) and row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert (ticket.platform, ticket.chat_id, ticket.flow, ticket.step, ticket.prompt_id) == (
        "zalo",
        "6ede9afa66b88fe6d6a9",
        "submit",
        "files",
        "k3J9",
    )
    assert ticket.kinds == ("PDF", "DOCX")  # unknown kinds dropped, in file_types' order
    assert ticket.expires_at == clock.now() + timedelta(minutes=30)
    assert upload_tickets.upload_path(token) == f"/u/{token}"


async def test_a_ticket_is_claimed_once(db: Database, clock: FixedClock) -> None:
    token = await _issue(db, clock)
    async with db.transaction() as s:
        claimed = await upload_tickets.claim(s, token, clock.now())
    assert claimed.step == "files"
    assert await _refusal(db, token, clock) == "web.upload_used"
    assert await _refusal(db, token, clock, claim=True) == "web.upload_used"
    async with db.transaction() as s:
        await upload_tickets.release(s, claimed)  # storing failed: the link works again
    async with db.transaction() as s:
        assert (await upload_tickets.claim(s, token, clock.now())).id == claimed.id


async def test_two_uploads_racing_with_one_link_claim_it_once(db: Database, clock: FixedClock) -> None:
    token = await _issue(db, clock)

    async def claim() -> bool:
        try:
            async with db.transaction() as s:
                await upload_tickets.check(s, token, clock.now())  # both see it usable
                await asyncio.sleep(0.01)
                await upload_tickets.claim(s, token, clock.now())
        except TicketRefused as refused:
            assert refused.key == "web.upload_used"
            return False
        return True

    assert sorted(await asyncio.gather(*(claim() for _ in range(5)))) == [False] * 4 + [True]


async def test_an_expired_or_unknown_ticket_is_refused(db: Database, clock: FixedClock) -> None:
    token = await _issue(db, clock)
    clock.at += timedelta(minutes=30)
    assert await _refusal(db, token, clock) == "web.upload_expired"
    assert await _refusal(db, token, clock, claim=True) == "web.upload_expired"
    for forged in ("", "x" * 32, token[:-1], token + "A", "../../etc/passwd"):
        assert await _refusal(db, forged, clock) == "web.upload_bad"
        assert await _refusal(db, forged, clock, claim=True) == "web.upload_bad"
    async with db.transaction() as s:
        assert (await s.scalar(select(UploadTicket.used_at))) is None  # a refused claim changed nothing


async def test_expired_tickets_are_deleted(db: Database, clock: FixedClock) -> None:
    await _issue(db, clock)
    clock.at += timedelta(minutes=20)
    live = await _issue(db, clock)
    async with db.transaction() as s:
        assert await repo.delete_expired(s, clock.now() + timedelta(minutes=15)) == 1
    async with db.transaction() as s:
        assert (await upload_tickets.check(s, live, clock.now())).flow == "submit"


async def test_a_ticket_needs_a_known_kind(db: Database, clock: FixedClock) -> None:
    with pytest.raises(ValueError):
        await _issue(db, clock, kinds=["EXE"])


async def test_the_migration_adds_the_table_beside_existing_data_and_comes_off_again(
    db: Database, clock: FixedClock
) -> None:
    config = alembic_config()

    def migrate(connection: object, revision: str, *, down: bool) -> None:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    async def tables() -> set[str]:
        async with db.engine.begin() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))

    await _issue(db, clock)
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda c: migrate(c, "0019_dialog_prompt", down=True))
    assert "upload_tickets" not in await tables()
    async with db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO dialogs (platform, chat_id, flow, step, data, prompt, expires_at, updated_at)"
                " VALUES ('zalo', 7, 'submit', 'files', '{}', NULL, :at, :at)"
            ),
            {"at": clock.now()},
        )
        await conn.run_sync(lambda c: migrate(c, "0022_scale_out", down=False))
    assert "upload_tickets" in await tables()
    async with db.engine.begin() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM dialogs"))).scalar() == 1  # kept beside the table
        # (0023_identities then drops a dialog no account owns: nobody could resume it.)
        await conn.run_sync(lambda c: migrate(c, "head", down=False))
    token = await _issue(db, clock)
    async with db.transaction() as s:
        assert (await upload_tickets.check(s, token, clock.now())).step == "files"
