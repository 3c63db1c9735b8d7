"""Builders for the Office's views: rounds of the default plan, submissions and reviews made through the services."""

from __future__ import annotations

from datetime import datetime

from services import submissions
from services.actors import Actor, actor_of
from services.submissions import Receipt
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import AccountRole
from storage.repos import accounts as account_repo
from storage.repos import identities as identity_repo
from tests import factories as f
from tests.factories import round_for  # noqa: F401 - re-exported for this module's tests

PDF = StoredUpload(sha256="a" * 64, file_name="bao-cao.pdf", mime_type="application/pdf", size=2048, label="PDF")


async def submit(
    db: Database, actor: Actor, round_id: int, now: datetime, upload: StoredUpload | None = PDF, note: str | None = None
) -> Receipt:
    async with db.transaction() as s:
        return await submissions.submit(s, actor, round_id, [upload] if upload else [], note, now)


async def review(
    db: Database,
    boss: Actor,
    submission_id: int,
    now: datetime,
    *,
    accept: bool,
    reason: str | None = None,
    new_deadline: datetime | None = None,
) -> None:
    async with db.transaction() as s:
        await submissions.review(
            s, boss, submission_id, accept=accept, reason=reason, now=now, new_deadline=new_deadline
        )


async def leader(db: Database, user_id: int, now: datetime) -> Actor:
    actor = await f.officer(db, user_id, "LD", now)
    async with db.transaction() as s:
        account = await account_repo.get(s, actor.account_id)
        assert account is not None
        account.role = AccountRole.LEADER
        await s.flush()
        return await actor_of(s, account)


async def unreachable(db: Database, actor: Actor, now: datetime) -> None:
    async with db.transaction() as s:
        await identity_repo.mark_unreachable(s, "telegram", actor.chat_id, now)
