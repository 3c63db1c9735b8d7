"""500 recipients through the fake Bot API: rate limits, server errors, blocked users and a restart
half-way. The server must count every recipient exactly once, and the report must say so."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from bot.app import build_application
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import SystemClock
from storage.models import Account, AccountRole, AccountStatus, BroadcastRecipient, ChatIdentity, RecipientState
from storage.repos import units as unit_repo
from tests.e2e.harness import ADMIN_ID, Press, converse, make_settings, running_bot

RECIPIENTS = 500
FIRST = 50_000
BLOCKED = range(FIRST, FIRST + 10)
RATE_LIMITED = range(FIRST + 100, FIRST + 103)  # one 429 each: AIORateLimiter waits and retries
FLAKY = range(FIRST + 200, FIRST + 205)  # one 500 each: retried by the channel
DOWN = range(FIRST + 300, FIRST + 302)  # 502 every time: failed after the retries
TEXT = "Đề nghị các đơn vị gửi Báo cáo sơ kết 6 tháng trước ngày 10/7/2024."


def notices_at_server(api: FakeBotApi) -> Counter[int]:
    return Counter(
        int(call.chat_id)
        for call in api.sent
        if call.method == "sendMessage"
        and isinstance(call.chat_id, int)
        and call.chat_id >= FIRST  # not the admin's preview
        and TEXT in str(call.params.get("text"))
    )


async def wait_until(predicate: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.02)


async def test_500_recipients_with_failures_and_a_restart_get_it_exactly_once(api: FakeBotApi, tmp_path: Path) -> None:
    # A fast limit keeps the test short; the 30 messages/s pace is measured by bench/broadcast.py.
    settings = make_settings(tmp_path, broadcast_poll_seconds=0.05, rate_limit_per_second=2000)
    admin = SimUser(api, ADMIN_ID, "Văn phòng")
    first = build_application(
        settings, token=api.token, base_url=api.bot_base_url, base_file_url=api.base_file_url_prefix
    )
    await first.start(poll_timeout=1)
    now = SystemClock().now()
    async with first.db.transaction() as s:
        division = (await unit_repo.by_code(s, "PNV1")).id  # type: ignore[union-attr]
        for user_id in range(FIRST, FIRST + RECIPIENTS):
            officer = Account(
                display_name=f"Cán bộ {user_id}",
                unit_id=division,
                role=AccountRole.OFFICER,
                status=AccountStatus.ACTIVE,
                created_at=now,
                updated_at=now,
            )
            s.add(officer)
            await s.flush()
            s.add(
                ChatIdentity(
                    account_id=officer.id,
                    platform="telegram",
                    external_user_id=str(user_id),
                    chat_id=str(user_id),
                    display_name=officer.display_name,
                    enabled=True,
                    created_at=now,
                    last_seen_at=now,
                )
            )
    for chat_id in BLOCKED:
        api.block(chat_id)
    for chat_id in RATE_LIMITED:
        api.inject(chat_id, "429", retry_after=1)
    for chat_id in FLAKY:
        api.inject(chat_id, "500")
    for chat_id in DOWN:
        api.inject(chat_id, "502", times=10)
    await converse(
        admin,
        [
            ("/thongbao", "Soạn thông báo mới"),
            (Press("Soạn thông báo mới"), "nhập nội dung"),
            (TEXT, "Tiếp tục"),
            (Press("Tiếp tục"), "phản hồi"),
            (Press("Không cần phản hồi"), "tới đâu"),
            (Press("Chọn từng đơn vị"), "Chọn đơn vị nhận"),
            (Press("Phòng nghiệp vụ"), "Phòng Nghiệp vụ 1"),
            (Press("Phòng Nghiệp vụ 1"), "Xong (1)"),
        ],
    )
    # Writing 500 outbox rows can take longer than SimUser's quiet period (it counts the button's
    # answer as the start of the reply) on a busy machine: wait for the summary itself.
    await admin.press("Xong")
    await api.wait_for_message(
        ADMIN_ID, lambda m: f"{RECIPIENTS} tài khoản của 1 đơn vị" in str(m.get("text")), timeout=30
    )
    await converse(admin, [(Press("Xác nhận gửi"), "Đã xác nhận")])
    await wait_until(lambda: len(notices_at_server(api)) >= RECIPIENTS // 2)
    await first.stop()  # a clean stop half-way: sends in flight finish and are recorded

    async with running_bot(api, settings) as second:
        async with second.db.transaction() as s:
            query = select(BroadcastRecipient.state, func.count()).group_by(BroadcastRecipient.state)
            states = {state: n for state, n in (await s.execute(query)).all()}
        assert RecipientState.SENDING not in states and states.get(RecipientState.PENDING, 0) > 0
        report = await api.wait_for_message(
            ADMIN_ID, lambda m: "Báo cáo gửi thông báo" in str(m.get("text")), after=0, timeout=60
        )
    counted = notices_at_server(api)
    never = {*BLOCKED, *DOWN}
    assert set(counted) == set(range(FIRST, FIRST + RECIPIENTS)) - never
    assert set(counted.values()) == {1}  # every recipient exactly once, restart or not
    text = str(report["text"])
    delivered = RECIPIENTS - len(BLOCKED) - len(DOWN)
    for line in (
        f"Tổng số người nhận: {RECIPIENTS}",
        f"Đã gửi tới: {delivered}",
        f"Đã chặn bot: {len(BLOCKED)}",
        f"Không gửi được: {len(DOWN)}",
        "Chưa xác định (không gửi lại): 0",
        "lỗi máy chủ Telegram",
    ):
        assert line in text, (line, text)
    async with running_bot(api, settings) as third, third.db.transaction() as s:
        unreachable = await s.scalar(select(func.count()).where(ChatIdentity.unreachable_since.is_not(None)))
    assert unreachable == len(BLOCKED)
    assert len([m for m in admin.inbox if "Báo cáo gửi thông báo" in str(m.get("text"))]) == 1
