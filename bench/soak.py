"""Soak: N bot processes on one PostgreSQL database, behind a load balancer, killed and restarted.

Phase 1 — simulated officers (each: /toi, /nopbaocao, a round, a note, Xong, Gửi, /nhiemvu, /help,
/toi, /huy; a think time between messages keeps the offered load near ``--rate`` updates/s, under
Telegram's 30 msg/s), while the processes get SIGTERM (drain, exit 0) and are started again.
Counted: updates/s, reply latency p50/p95 (user action → first message or edit at the server),
updates that never got a reply (lost), submissions or receipts twice (duplicated), dialogs that did
not end in their officer's own submission.

Phase 2 — one notice to ``--recipients`` accounts, sent by both processes, one of them killed mid-way
(SIGTERM; ``--sigkill`` for a crash: its sends in flight end "unknown" once their lease runs out).
Counted at the fake Bot API (which enforces 30 msg/s like Telegram): the combined rate (first to
last notice), the most notices within any one second, 429 answers, recipients never reached or
reached twice, reports posted.

Baselines measured in the same run: the rate against Telegram's limit, and one shared-budget token
(take + give back) against a bare ``SELECT 1`` round trip to the same database.

    python bench/soak.py [--postgres URL] [--users 1000] [--messages 10] [--kills 2] [--recipients 5000]
    python bench/soak.py --short        # the CI form: 20 users, 1 kill, 200 recipients
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from bench.soak_rig import ADMIN, Database, Rig  # noqa: E402
from bot.app import prepare_database  # noqa: E402
from bot.sandbox.api_spec import JSONDict  # noqa: E402
from bot.sandbox.simulator import SimUser  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from services import broadcasts  # noqa: E402
from services.actors import actor_of  # noqa: E402
from services.broadcast_audience import Audience, AudienceKind  # noqa: E402
from services.broadcasts import Draft  # noqa: E402
from storage import db as storage_db  # noqa: E402
from storage.models import Account, AccountRole, AccountStatus, ChatIdentity, ReplyKind, Submission, UnitKind  # noqa: E402
from storage.repos import accounts as account_repo  # noqa: E402
from storage.repos import identities as identity_repo  # noqa: E402
from storage.repos import send_budget  # noqa: E402
from storage.repos import units as unit_repo  # noqa: E402

FIRST_USER = 200_000
NOTICE = "Thông báo soak: đề nghị các đơn vị gửi báo cáo đúng hạn."
REPLY_TIMEOUT = 90.0


@dataclass
class Figures:
    lines: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        self.lines.append((name, value))

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)

    def print(self) -> None:
        width = max(len(name) for name, _ in self.lines) + 2
        for name, value in self.lines:
            print(f"{name + ':':<{width}}{value}")
        print("OK" if not self.failures else "FAILED: " + "; ".join(self.failures))


def note_of(user_id: int) -> str:
    return f"Ghi chú soak của cán bộ {user_id}"


def script(user_id: int, messages: int) -> list[str | int]:
    """What one officer does: text is sent, a number presses that button of the last keyboard, a word presses it."""
    full: list[str | int] = ["/toi", "/nopbaocao", 1, note_of(user_id), "@Xong", "@Gửi", "/nhiemvu", "/help", "/toi"]
    full += ["/huy"] * max(0, messages - len(full))
    return full[:messages]


async def seed(url: str, workdir: Path, users: int) -> list[int]:
    """The database prepared by one process (migrations, units, plan), and ``users`` linked officers."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        files_dir=workdir / "files",
        admin_telegram_ids=(ADMIN,),
    )
    db = storage_db.Database.from_url(url)
    await prepare_database(db, settings, SystemClock())
    ids = await add_accounts(db, FIRST_USER, users)
    await db.dispose()
    return ids


async def add_accounts(db: storage_db.Database, first: int, count: int) -> list[int]:
    now = SystemClock().now()
    async with db.transaction() as s:
        divisions = await unit_repo.list_units(s, kind=UnitKind.DIVISION)
        for index, user_id in enumerate(range(first, first + count)):
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
    return list(range(first, first + count))


class Officer(SimUser):
    """A simulated user who waits for output in their own chat only.

    SimUser also counts answered button spinners, which are every user's: with a thousand users
    someone's spinner always stops, and a quiet spell of 1.5 s ended the wait before the reply
    came (the first full run counted 127 such replies as lost; they had all arrived, later).
    """

    async def _replies(self, mark: tuple[int, int]) -> list[JSONDict]:
        api, chat = self.api, self.chat_id
        deadline = time.monotonic() + self.reply_timeout
        while api.mark(chat) == mark[0] and time.monotonic() < deadline:
            await api.wait_for_change(min(1.0, deadline - time.monotonic()))
        seen, quiet_since = api.mark(chat), time.monotonic()
        while time.monotonic() - quiet_since < self.settle and time.monotonic() < deadline:
            await api.wait_for_change(self.settle)
            if api.mark(chat) != seen:
                seen, quiet_since = api.mark(chat), time.monotonic()
        return []


class Officers:
    """Phase 1's simulated users and what they measured."""

    def __init__(self, rig: Rig, ids: list[int], messages: int, rate: float) -> None:
        self.rig, self.ids, self.messages = rig, ids, messages
        self.think = len(ids) / rate  # mean seconds between one officer's messages
        self.latencies: list[float] = []
        self.lost: list[tuple[int, str]] = []

    async def run(self) -> None:
        await asyncio.gather(*(self._officer(user_id) for user_id in self.ids))

    async def _officer(self, user_id: int) -> None:
        user = Officer(self.rig.api, user_id, f"Cán bộ {user_id}", reply_timeout=REPLY_TIMEOUT, settle=0.3)
        await asyncio.sleep(random.uniform(0, self.think))
        for step in script(user_id, self.messages):
            api = self.rig.api
            mark, started = api.mark(user_id), time.monotonic()
            try:
                if isinstance(step, int):
                    await user.press(step)
                elif step.startswith("@"):
                    await user.press(step[1:])
                else:
                    await user.send(step)
            except LookupError:  # the button was not there: the previous step's reply never came
                self.lost.append((user_id, str(step)))
                return
            if api.mark(user_id) == mark:
                self.lost.append((user_id, str(step)))
            else:
                self.latencies.append(self.rig.first_output_at(user_id, mark) - started)
            await asyncio.sleep(random.uniform(0, 2 * self.think))


async def killer(rig: Rig, kills: int, spacing: float, figures: Figures, label: str, *, hard: bool = False) -> None:
    """Every ``spacing`` seconds, stop one process (SIGTERM: drain; or SIGKILL) and start it again."""
    for number in range(kills):
        await asyncio.sleep(spacing)
        target = 1 + number % len(rig.bots)
        took = await rig.kill(target, hard=hard)
        code = rig.bots[target - 1].exits[-1]
        how = "SIGKILL" if hard else "SIGTERM"
        figures.add(f"{label} kill {number + 1}", f"bot {target}: {how}, exited {code} in {took:.1f} s")
        figures.check(hard or (code == 0 and took <= 10.5), f"bot {target} did not drain and exit 0 within 10 s")
        await rig.start(target)
        await rig.wait_ready(target)


def most_in_one_second(times: list[float]) -> int:
    best, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 1.0:
            first += 1
        best = max(best, last - first + 1)
    return best


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def phase_users(rig: Rig, url: str, ids: list[int], args: argparse.Namespace, figures: Figures) -> None:
    officers = Officers(rig, ids, args.messages, args.rate)
    expected = officers.think * (args.messages + 1)  # roughly how long the phase lasts
    began, sent_before = time.monotonic(), len(rig.api.webhook.deliveries)
    await asyncio.gather(officers.run(), killer(rig, args.kills, expected / (args.kills + 1), figures, "users"))
    elapsed = time.monotonic() - began
    updates = len(ids) * args.messages
    who = f"{len(ids)} officers × {args.messages}"
    figures.add("updates", f"{updates} ({who}) in {elapsed:.1f} s: {updates / elapsed:.1f} updates/s")
    p50, p95 = (percentile(officers.latencies, share) * 1000 for share in (0.5, 0.95))
    figures.add("reply latency", f"p50 {p50:.0f} ms, p95 {p95:.0f} ms (action to the first message or edit)")
    deliveries = len(rig.api.webhook.deliveries) - sent_before
    figures.add("webhook deliveries", f"{deliveries} ({rig.skipped} skips of a process down or draining)")
    db = storage_db.Database.from_url(url)
    async with db.transaction() as s:
        notes = Counter((await s.scalars(select(Submission.note).where(Submission.note.like("Ghi chú soak%")))).all())
        total = await s.scalar(select(func.count()).select_from(Submission))
    await db.dispose()
    texts = {u: [m.get("text") or "" for m in rig.api.messages(u)] for u in ids}
    receipts = {u: sum("Mã tiếp nhận" in t for t in texts[u]) for u in ids}
    whoami = {u: sum(t.startswith("Thông tin tài khoản\n") for t in texts[u]) for u in ids}
    expected_whoami = min(2, sum(1 for step in script(0, args.messages) if step == "/toi"))
    twice = {
        "submissions": sum(1 for n in notes.values() if n > 1),
        "receipts": sum(1 for n in receipts.values() if n > 1),
        "/toi answers": sum(1 for n in whoami.values() if n > expected_whoami),
    }
    doubled = sum(twice.values())
    broken = [u for u in ids if notes.get(note_of(u)) != 1 or receipts[u] != 1] if args.messages >= 6 else []
    figures.add("lost updates", f"{len(officers.lost)}" + (f" e.g. {officers.lost[:3]}" if officers.lost else ""))
    figures.add("duplicated", f"{doubled} ({', '.join(f'{k} {v}' for k, v in twice.items())})")
    figures.add("submissions", f"{total} stored, {len(broken)} dialogs not ending in their own submission")
    figures.check(not officers.lost and not doubled and not broken, "phase 1 lost, doubled or broke something")


async def phase_broadcast(rig: Rig, url: str, args: argparse.Namespace, figures: Figures) -> None:
    db = storage_db.Database.from_url(url)
    await add_accounts(db, FIRST_USER + args.users, max(0, args.recipients - args.users))
    now = SystemClock().now()
    errors_before, began = len(rig.api.errors), time.monotonic()
    async with db.transaction() as s:
        identity = await identity_repo.by_external(s, "telegram", str(ADMIN))
        assert identity is not None
        account = await account_repo.get(s, identity.account_id)
        assert account is not None
        admin = await actor_of(s, account, identity)
        draft = Draft(NOTICE, ReplyKind.NONE, None, Audience(AudienceKind.KIND, UnitKind.DIVISION.value))
        broadcast, _ = await broadcasts.create_draft(s, admin, draft, now, now.date())
        await broadcasts.confirm(s, admin, broadcast.id, identity.id, now)
    total = broadcast.total
    await db.dispose()

    def notices() -> list[object]:
        return [
            c
            for c in rig.api.sent
            if c.method == "sendMessage" and c.chat_id != ADMIN and NOTICE in str(c.params.get("text"))
        ]

    async def kill_midway() -> None:
        while len(notices()) < total // 3:  # noqa: ASYNC110 - polling the fake is simplest
            await asyncio.sleep(0.2)
        await killer(rig, 1, 0, figures, "broadcast", hard=args.sigkill)

    killing = asyncio.create_task(kill_midway())
    await rig.api.wait_for_message(
        ADMIN, lambda m: "Báo cáo gửi thông báo" in str(m.get("text")), after=0, timeout=total
    )
    await killing
    elapsed = time.monotonic() - began
    sent = [c for c in notices()]
    per_chat = Counter(c.chat_id for c in sent)  # type: ignore[attr-defined]
    times = sorted(c.at for c in sent)  # type: ignore[attr-defined]
    span = times[-1] - times[0]
    rate = (len(times) - 1) / span
    window = most_in_one_second(times)
    refused = sum(1 for _, _, error in rig.api.errors[errors_before:] if error.get("error_code") == 429)
    reports = sum("Báo cáo gửi thông báo" in str(m.get("text")) for m in rig.api.timeline(ADMIN))
    twice = sum(1 for n in per_chat.values() if n > 1)
    db = storage_db.Database.from_url(url)
    async with db.transaction() as s:
        states = dict((await s.execute(text("SELECT state, count(*) FROM broadcast_recipients GROUP BY state"))).all())
    await db.dispose()
    unknown = states.get("unknown", 0)
    missing = total - len(per_chat)
    figures.add("broadcast", f"{total} recipients in {elapsed:.1f} s (confirm to report), notices {len(sent)}")
    share = rate / 30
    figures.add("combined rate", f"{rate:.2f} msg/s = {share:.3f} × Telegram's 30 (first to last notice, {span:.0f} s)")
    figures.add("most in any 1 s", f"{window} (sliding window at the server)")
    figures.add("429 answers", str(refused))
    once = sum(1 for n in per_chat.values() if n == 1)
    figures.add("recipients", f"reached once {once}, twice {twice}, never {missing} (unknown: {unknown})")
    figures.add("reports posted", str(reports))
    figures.check(twice == 0 and reports == 1, "a recipient twice or not one report")
    figures.check(missing <= unknown if args.sigkill else missing == 0, "recipients lost")
    figures.check(window <= 30 and (rate >= 27 or total < 500), "the combined rate left 27..30 msg/s")


async def token_cost(url: str, figures: Figures, rounds: int = 300) -> None:
    """One token taken and given back, against a bare round trip, on one autocommit connection (as the pacer)."""
    engine = storage_db.create_engine(url)
    try:
        async with engine.connect() as connection:
            conn = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await send_budget.create(conn, "bench", 30)
            started = time.perf_counter()
            for _ in range(rounds):
                await conn.execute(text("SELECT 1"))
            bare = (time.perf_counter() - started) / rounds
            started = time.perf_counter()
            for _ in range(rounds):
                token, _ = await send_budget.take(conn, "bench", 30, timedelta(seconds=60))
                if token is not None:
                    await send_budget.give_back(conn, "bench", token, timedelta(0))
            shared = (time.perf_counter() - started) / rounds
    finally:
        await engine.dispose()
    figures.add(
        "shared budget cost",
        f"{shared * 1000:.2f} ms per send (take + give back) = {shared / bare:.1f} × a SELECT 1 ({bare * 1000:.2f} ms)",
    )


async def main(args: argparse.Namespace) -> Figures:
    figures = Figures()
    database = Database(args.postgres)
    await database.create()
    try:
        with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
            workdir = Path(tmp)
            ids = await seed(database.url, workdir, args.users)
            async with Rig(workdir, database.url, processes=args.processes) as rig:
                for bot in rig.bots:
                    await rig.start(bot.number)
                await asyncio.gather(*(rig.wait_ready(bot.number) for bot in rig.bots))
                figures.add("processes", f"{args.processes} × python -m bot run, webhook mode, one PostgreSQL database")
                await phase_users(rig, database.url, ids, args, figures)
                await phase_broadcast(rig, database.url, args, figures)
                if figures.failures:
                    for bot in rig.bots:
                        print(f"--- bot {bot.number} log tail ---\n{rig.tail(bot.number)}")
            await token_cost(database.url, figures)
    finally:
        await database.drop()
    return figures


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_url = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--postgres", default=default_url)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rate", type=float, default=20, help="offered updates/s of all officers together")
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--sigkill", action="store_true", help="kill mid-broadcast with SIGKILL instead of SIGTERM")
    parser.add_argument("--short", action="store_true", help="CI form: 20 users, 1 kill, 200 recipients")
    args = parser.parse_args(argv)
    if args.short:
        args.users, args.kills, args.recipients, args.rate = 20, 1, 200, 20
    return args


if __name__ == "__main__":
    result = asyncio.run(main(parse()))
    result.print()
    raise SystemExit(1 if result.failures else 0)
