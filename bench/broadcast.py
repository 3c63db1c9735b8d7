"""A broadcast to 1,000 recipients against a fake Bot API that enforces 30 messages/s.

The bot runs as its own process (``python -m bot run``, as in production: the fake server's work
does not share its event loop) with its production settings: RATE_LIMIT_PER_SECOND=30 (AIORateLimiter
with 3 retries, and the pacer of bot/channels/telegram/pacing.py that every message the bot starts
goes through), 8 notices in flight, SQLite.
The notice is drafted and confirmed through the services beforehand; the bot's worker finds it
at start, as it would after a restart. Prints the achieved rate at the server (first to last
notice), the total time (bot start to the admin's report), 429 answers, and checks that every
recipient got exactly one message.

    python bench/broadcast.py [--recipients 1000] [--server-limit 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import prepare_database  # noqa: E402
from bot.sandbox.fake_api import FakeBotApi  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from services import broadcasts  # noqa: E402
from services.actors import actor_of  # noqa: E402
from services.broadcast_audience import Audience, AudienceKind  # noqa: E402
from services.broadcasts import Draft  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Account, AccountRole, AccountStatus, ChatIdentity, ReplyKind, UnitKind  # noqa: E402
from storage.repos import accounts as account_repo  # noqa: E402
from storage.repos import identities as identity_repo  # noqa: E402
from storage.repos import units as unit_repo  # noqa: E402

ADMIN = 9001
FIRST = 100_000
TEXT = "Thông báo thử nghiệm: đề nghị các đơn vị gửi báo cáo sơ kết 6 tháng trước ngày 10/7/2024."


async def seed(db: Database, settings: Settings, recipients: int) -> None:
    """Units, the admin and ``recipients`` linked officers spread over the divisions; one confirmed notice."""
    clock = SystemClock()
    await prepare_database(db, settings, clock)
    now = clock.now()
    async with db.transaction() as s:
        divisions = await unit_repo.list_units(s, kind=UnitKind.DIVISION)
        for index, user_id in enumerate(range(FIRST, FIRST + recipients)):
            account = Account(
                display_name=f"Cán bộ {user_id}",
                unit_id=divisions[index % len(divisions)].id,
                role=AccountRole.OFFICER,
                status=AccountStatus.ACTIVE,
                created_at=now,
                updated_at=now,
            )
            s.add(account)
            await s.flush()
            s.add(
                ChatIdentity(
                    account_id=account.id,
                    platform="telegram",
                    external_user_id=str(user_id),
                    chat_id=str(user_id),
                    display_name=account.display_name,
                    enabled=True,
                    created_at=now,
                    last_seen_at=now,
                )
            )
    async with db.transaction() as s:
        identity = await identity_repo.by_external(s, "telegram", str(ADMIN))
        assert identity is not None
        found = await account_repo.get(s, identity.account_id)
        assert found is not None
        admin = await actor_of(s, found, identity)
        draft = Draft(TEXT, ReplyKind.ACK, None, Audience(AudienceKind.KIND, UnitKind.DIVISION.value))
        broadcast, _ = await broadcasts.create_draft(s, admin, draft, now, now.date())
        await broadcasts.confirm(s, admin, broadcast.id, identity.id, now)
    assert broadcast.total == recipients
    await db.dispose()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=database_url,
            files_dir=Path(tmp) / "files",
            admin_telegram_ids=(ADMIN,),
        )
        await seed(Database.from_url(database_url), settings, args.recipients)
        async with FakeBotApi(rate_limit_per_second=args.server_limit) as api:
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_URL": api.bot_base_url,
                "TELEGRAM_FILE_URL": api.base_file_url_prefix,
                "DATABASE_URL": database_url,
                "FILES_DIR": str(Path(tmp) / "files"),
                "ADMIN_TELEGRAM_IDS": str(ADMIN),
                "RATE_LIMIT_PER_SECOND": "30",
                "BROADCAST_POLL_SECONDS": "0.05",
                "LOG_LEVEL": "WARNING",
            }
            started = time.monotonic()
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stdout=asyncio.subprocess.DEVNULL
            )
            try:
                await api.wait_for_message(
                    ADMIN, lambda m: "Báo cáo gửi thông báo" in str(m.get("text")), after=0, timeout=args.recipients
                )
                total = time.monotonic() - started
            finally:
                bot.terminate()
                await bot.wait()
        notices = [c for c in api.sent if c.method == "sendMessage" and c.chat_id != ADMIN]
        per_chat = Counter(c.chat_id for c in notices)
        span = notices[-1].at - notices[0].at
        rate = (len(notices) - 1) / span
        refused = sum(1 for _, _, error in api.errors if error.get("error_code") == 429)
        once = set(per_chat) == set(range(FIRST, FIRST + args.recipients)) and set(per_chat.values()) == {1}
    print(f"recipients:            {args.recipients}")
    print(f"server limit:          {args.server_limit:g} messages/s (sliding 1 s window)")
    print("bot limits:            RATE_LIMIT_PER_SECOND=30: AIORateLimiter (3 retries) + the shared pacer")
    print(f"achieved rate:         {rate:.2f} messages/s (first to last notice at the server, {span:.1f} s)")
    print(f"total time:            {total:.1f} s (bot start to the admin's report)")
    print(f"429 answers:           {refused}")
    print(f"each recipient once:   {'yes' if once else 'NO'} ({len(notices)} notices at the server)")
    if not once:
        raise SystemExit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--server-limit", type=float, default=30)
    asyncio.run(main(parser.parse_args()))
