"""Telegram misbehaving and the bot failing: retried, recorded, apologised for — never silent."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from storage.models import ErrorReport
from tests.e2e.harness import ADMIN_ID, Press, Upload, converse, identity_of, make_settings, running_bot
from tests.e2e.officer_helpers import JUNE_5, PDF, link


async def test_replies_survive_a_5xx_and_a_429(bot: BotRuntime, api: FakeBotApi, officer: SimUser) -> None:
    api.inject(officer.chat_id, "502", times=1)
    await converse(officer, [("/toi", "Thông tin tài khoản")])
    api.inject(officer.chat_id, "429", times=1, retry_after=1)
    await converse(officer, [("/help", "Các lệnh của đồng chí")])
    assert sum(1 for call in api.sent if call.chat_id == officer.chat_id and call.method == "sendMessage") == 2


@pytest.mark.parametrize("fault", ["drop", "timeout"])
async def test_a_reply_that_may_have_arrived_is_not_sent_twice(
    bot: BotRuntime, api: FakeBotApi, officer: SimUser, fault: str
) -> None:
    # "drop": delivered, then the connection closes unanswered; "timeout": delivered after PTB's
    # 5-second read timeout gave up. Either way the reply may have arrived: it is not sent again.
    api.inject(officer.chat_id, fault, delay=5.5)
    await converse(officer, [("/toi", "Thông tin tài khoản")])
    await asyncio.sleep(0.5 if fault == "drop" else 6.0)  # time for a (wrong) second attempt to land
    answers = [m for m in api.timeline(officer.chat_id) if "Thông tin tài khoản" in (m.get("text") or "")]
    assert len(answers) == 1
    assert not any("Xin lỗi" in (m.get("text") or "") for m in api.timeline(officer.chat_id))


async def test_an_admin_who_blocked_the_bot_is_marked_and_the_rest_goes_on(
    bot: BotRuntime, api: FakeBotApi, admin: SimUser, officer: SimUser
) -> None:
    await admin.send("/start")
    api.block(ADMIN_ID)
    await converse(
        officer,
        [
            ("/start", "Chọn đơn vị"),
            (Press("Chọn đơn vị"), "nhóm nào"),
            (Press("Phòng nghiệp vụ"), "Phòng Nghiệp vụ 1"),
            (Press("Phòng Nghiệp vụ 1"), "Gửi yêu cầu"),
            (Press("Gửi yêu cầu"), "Đã gửi yêu cầu"),
        ],
    )
    async with bot.db.transaction() as s:
        assert (await identity_of(s, ADMIN_ID)).unreachable_since is not None
    api.unblock(ADMIN_ID)
    await admin.send("/toi")  # writing again makes the account reachable again
    async with bot.db.transaction() as s:
        assert (await identity_of(s, ADMIN_ID)).unreachable_since is None


async def test_a_bot_error_gets_an_apology_and_one_admin_report_per_hour(
    bot: BotRuntime,
    api: FakeBotApi,
    admin: SimUser,
    officer: SimUser,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await admin.send("/start")

    async def broken(ctx: object) -> None:
        # An error whose text holds the token (as python-telegram-bot's do): the admin never sees it.
        raise RuntimeError(f"ổ đĩa đầy ({bot.application.bot.token})")

    commands = bot.application.bot_data["dispatcher"].routes.commands
    monkeypatch.setitem(commands, "toi", dataclasses.replace(commands["toi"], fn=broken))
    with caplog.at_level(logging.ERROR):
        await converse(officer, [("/toi", "Xin lỗi đồng chí")])
        await converse(officer, [("/toi", "Xin lỗi đồng chí")])
    reports = [m for m in admin.inbox if "Lỗi hệ thống" in (m.get("text") or "")]
    assert len(reports) == 1 and "RuntimeError" in reports[0]["text"]
    assert bot.application.bot.token not in reports[0]["text"] and "(<token>)" in reports[0]["text"]
    assert any("ổ đĩa đầy" in r.getMessage() and "/toi" in r.getMessage() for r in caplog.records)
    async with bot.db.transaction() as s:
        row = (await s.scalars(select(ErrorReport))).one()
        assert row.occurrences == 2


async def test_a_replayed_approval_changes_nothing(
    bot: BotRuntime, api: FakeBotApi, admin: SimUser, officer: SimUser
) -> None:
    await admin.send("/start")
    await officer.send("/start")
    await officer.press("Chọn đơn vị")
    await officer.press("Phòng nghiệp vụ")
    await officer.press("Phòng Nghiệp vụ 1")
    await officer.press("Gửi yêu cầu")
    request = admin.inbox[-1]
    approve = request["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await admin.press("Duyệt")
    api.user_presses(ADMIN_ID, request["message_id"], approve, forged=True)
    reply = await api.wait_for_message(ADMIN_ID, timeout=5)
    assert "đã được xử lý" in reply["text"]
    approvals = [m for m in officer.inbox if "đã duyệt" in (m.get("text") or "")]
    assert len(approvals) == 1


async def test_a_notice_to_an_admin_who_never_opened_the_bot_marks_them_unreachable(
    api: FakeBotApi, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Telegram answers 400 "chat not found" to a user who never opened the bot (ADMIN_ID here).
    api.strict_chats = True
    officer, other_admin = SimUser(api, 1001, "Lan"), SimUser(api, ADMIN_ID + 1, "Văn phòng 2")
    settings = make_settings(tmp_path, admin_telegram_ids=(ADMIN_ID, ADMIN_ID + 1))
    async with running_bot(api, settings, FixedClock(JUNE_5)) as bot:
        await converse(other_admin, [("/start", "Văn phòng Thanh tra tỉnh")])
        await link(bot, officer, "TTH-CL")
        with caplog.at_level(logging.ERROR):
            await converse(
                officer,
                [
                    ("/nopbaocao", "Chọn kỳ báo cáo cần nộp"),
                    (Press("II.1"), "gửi tệp báo cáo"),
                    (Upload(PDF, "bao-cao.pdf"), "Số tệp: 1"),
                    (Press("Xong"), "kiểm tra, xác nhận"),
                    (Press("Gửi"), "Mã tiếp nhận: BC24-"),  # the admins are told inside this confirm
                ],
            )
            await api.wait_for_message(other_admin.chat_id, lambda m: "đã nộp" in m.get("text", ""), timeout=10)
        assert not any("Xin lỗi" in (m.get("text") or "") for m in api.timeline(officer.chat_id))
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        async with bot.db.transaction() as s:
            assert (await identity_of(s, ADMIN_ID)).unreachable_since is not None
            assert (await s.scalars(select(ErrorReport))).all() == []
        await converse(
            other_admin,
            [
                ("/donvi", "Danh sách đơn vị"),
                (Press("Văn phòng Thanh tra tỉnh"), "Văn phòng Thanh tra tỉnh"),
            ],
        )
        if "Mã đơn vị" not in (other_admin.last_text or ""):
            await converse(other_admin, [(Press("Văn phòng Thanh tra tỉnh"), "Mã đơn vị")])
        assert "không liên lạc được từ 05/06/2024" in (other_admin.last_text or "")
