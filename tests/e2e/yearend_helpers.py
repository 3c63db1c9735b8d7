"""Shared pieces of the year's-end dialogs: a bot whose clock stands in late 2024, people linked to units."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from services.actors import Actor
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, make_settings, running_bot

# 09:00 on Monday 18/11/2024 in Hà Nội: the cross-checks of the year (domain.md §2.2, stage 7).
NOV_18 = datetime(2024, 11, 18, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Year:
    runtime: BotRuntime
    api: FakeBotApi
    clock: FixedClock
    admin: SimUser

    async def person(self, user_id: int, name: str, unit: str) -> tuple[SimUser, Actor]:
        """A chat user who has talked to the bot, linked to ``unit`` as its officer."""
        user = SimUser(self.api, user_id, name)
        await user.send("/toi")
        return user, await f.officer(self.runtime.db, user_id, unit, self.clock.now())


@asynccontextmanager
async def year_bot(api: FakeBotApi, tmp_path: Path, at: datetime = NOV_18) -> AsyncIterator[Year]:
    clock = FixedClock(at)
    async with running_bot(api, make_settings(tmp_path), clock=clock) as runtime:
        admin = SimUser(api, ADMIN_ID, "Văn phòng")
        await admin.send("/start")
        yield Year(runtime, api, clock, admin)


def document_text(content: bytes) -> str:
    """The words of a .docx (its paragraphs and tables), to check what a generated document says."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    import re

    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def sent_documents(api: FakeBotApi, chat_id: int) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every document the bot sent to the chat, oldest first."""
    found = []
    for call in api.sent:
        if call.method == "sendDocument" and call.chat_id == chat_id and call.message is not None:
            document = call.message["document"]
            found.append((str(document.get("file_name")), api.file_content(document["file_id"])))
    return found


async def eligible_dossier(year: Year, officer: Actor, names: list[str], award: str = "LDTT") -> int:
    """A dossier of ``officer``'s unit with ``names`` proposed for ``award``, complete, sent, received
    and found eligible by the Office: what the council's nominee list is made of."""
    from services.award_catalog import default_catalog
    from services.award_models import Subject
    from services.dossiers.history import record_history
    from services.dossiers.lifecycle import move
    from services.dossiers.proposals import StoredFile, add_nominee, attach, create_dossier
    from services.dossiers.rules import default_rules

    db, now, rules = year.runtime.db, year.clock.now(), default_rules()
    office = await f.reload(db, await f.newcomer(db, ADMIN_ID, now, name="Văn phòng"))
    stored = StoredFile("ab" * 32, "ho-so.pdf", "application/pdf", len(PDF))
    assert officer.unit_id is not None
    async with db.transaction() as s:
        dossier = await create_dossier(s, officer, officer.unit_id, now.year, "cong_trang", now)
        for name in names:
            await add_nominee(
                s,
                officer,
                dossier.id,
                subject=Subject.CA_NHAN,
                full_name=name,
                award_code=award,
                now=now,
                catalog=default_catalog(),
                rules=rules,
                history=record_history,
            )
        for part in rules.required_parts(award, "cong_trang"):
            if not rules.part(part).per_nominee:
                await attach(s, officer, dossier.id, part, stored, now, rules=rules)
        await move(s, officer, dossier.id, "submit", now, rules=rules)
        for action in ("receive", "eligible"):
            await move(s, office, dossier.id, action, now, rules=rules)
        return dossier.id
