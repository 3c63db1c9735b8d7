"""/thongbao as the Office and the units live it, through the real PTB stack and the fake Bot API."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.api_spec import JSONDict
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from services import rounds
from storage.models import AuditEntry, Broadcast, BroadcastRecipient, Obligation, ObligationStatus, RecipientState
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, Upload, converse, make_settings, running_bot

NOTICE = "THÔNG BÁO CỦA VĂN PHÒNG"

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def shown(message: JSONDict) -> str:
    return str(message.get("text") or message.get("caption") or "")


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, make_settings(tmp_path, broadcast_poll_seconds=0.1)) as runtime:
        yield runtime


async def officer(bot: BotRuntime, api: FakeBotApi, user_id: int, unit: str, name: str) -> SimUser:
    await f.officer(bot.db, user_id, unit, bot.clock.now())
    return SimUser(api, user_id, name)


async def report_of(api: FakeBotApi, after: int) -> str:
    message = await api.wait_for_message(ADMIN_ID, lambda m: "Báo cáo gửi thông báo" in shown(m), after=after)
    return shown(message)


async def test_notice_reaches_the_units_who_acknowledge_and_the_office_sees_who_has_not(
    bot: BotRuntime, api: FakeBotApi, admin: SimUser
) -> None:
    lan = await officer(bot, api, 1001, "PNV1", "Lan")
    hung = await officer(bot, api, 1002, "PNV2", "Hùng")
    await converse(
        admin,
        [
            ("/thongbao", ["Thông báo của Văn phòng", "Soạn thông báo mới", "Các thông báo đã gửi"]),
            (Press("Soạn thông báo mới"), "nhập nội dung thông báo"),
            ("Kính gửi các phòng: <b>họp</b> lúc 8h & mang theo tài liệu.", ["Đã ghi nhận nội dung", "Tiếp tục"]),
            (Press("Tiếp tục"), "phản hồi thế nào"),
            (Press("Đã nhận"), "Gửi thông báo tới đâu"),
            (Press("Theo nhóm đơn vị"), "Chọn nhóm đơn vị"),
            (
                Press("Phòng nghiệp vụ"),
                [
                    "Bản xem trước",
                    NOTICE,
                    "<b>họp</b> lúc 8h & mang theo tài liệu.",  # the admin's text arrives literally
                    "[1] ✅ Đã nhận",
                    "2 tài khoản của 5 đơn vị",
                    "3 đơn vị không có tài khoản",
                    "Phòng Nghiệp vụ 3",
                    "văn bản thuần",  # the text looked like HTML: the admin is told it stays as typed
                    "Xác nhận gửi",
                ],
            ),
        ],
    )
    preview = next(m for m in admin.inbox if NOTICE in shown(m))
    replies = await admin.press("Đã nhận", message=preview)  # in the preview the button only explains itself
    assert "bản xem trước" in shown(replies[-1])
    mark = api.mark(ADMIN_ID)
    await converse(admin, [(Press("Xác nhận gửi"), "Đã xác nhận gửi thông báo số")])
    report = await report_of(api, mark)
    assert "Đã gửi tới: 2" in report and "Đã nhận 0; chưa phản hồi: 2" in report
    assert "Phòng Nghiệp vụ 3" in report  # a unit nobody could receive it for
    progress = [m for m in admin.inbox if "Đã gửi xong thông báo số" in shown(m)]
    assert len(progress) == 1 and "2/2" in shown(progress[0])
    for user in (lan, hung):
        notices = [m for m in user.inbox if NOTICE in shown(m)]
        assert len(notices) == 1 and "<b>họp</b> lúc 8h & mang theo" in shown(notices[0])
    await converse(lan, [(Press("Đã nhận"), "đã nhận thông báo «Kính gửi các phòng")])
    await converse(
        admin,
        [
            ("/thongbao", "Các thông báo đã gửi"),
            (Press("Các thông báo đã gửi"), ["#", "Kính gửi các phòng", "2/2"]),
            (Press("Kính gửi"), ["Báo cáo gửi thông báo", "Đã nhận 1; chưa phản hồi: 1"]),
            (Press("Ai chưa phản hồi"), ["Chưa phản hồi", "Phòng Nghiệp vụ 2 — Cán bộ 1002"]),
            (Press("Quay lại"), "Báo cáo gửi thông báo"),
            (Press("Ai đã phản hồi"), ["Đã nhận", "• Phòng Nghiệp vụ 1 — "]),
        ],
    )


async def test_meeting_answers_to_chosen_units_with_an_attached_document(
    bot: BotRuntime, api: FakeBotApi, admin: SimUser
) -> None:
    lan = await officer(bot, api, 1101, "PNV1", "Lan")
    await officer(bot, api, 1102, "PNV2", "Hùng")  # PNV2 is not chosen
    await converse(
        admin,
        [
            ("/thongbao", "Soạn thông báo mới"),
            (Press("Soạn thông báo mới"), "nhập nội dung"),
            (Upload(b"%PDF-1.4 giay moi", "giay-moi.pdf"), ["Đã nhận tệp đính kèm: giay-moi.pdf", "nhập nội dung"]),
            ("Hội nghị sơ kết 6 tháng, 8h00 ngày 15/7/2024.", ["Tệp đính kèm: giay-moi.pdf", "Tiếp tục"]),
            (Press("Tiếp tục"), "phản hồi"),
            (Press("Hội nghị"), "thời gian họp"),
            ("8h ngày 15/7/2030", ["08:00 ngày 15/07/2030", "địa điểm"]),
            ("Hội trường tầng 3", "tới đâu"),
            (Press("Chọn từng đơn vị"), ["đã chọn 0", "Phòng nghiệp vụ (0/5)"]),
            (Press("Xong"), "chưa chọn đơn vị nào"),
            (Press("Phòng nghiệp vụ"), ["▫️ Phòng Nghiệp vụ 1"]),
            (Press("Phòng Nghiệp vụ 1"), ["✅ Phòng Nghiệp vụ 1", "Xong (1)"]),
            (
                Press("Xong"),
                [
                    "[file] giay-moi.pdf",
                    "Hội nghị sơ kết",
                    "Thời gian: 08:00 ngày 15/07/2030",
                    "Địa điểm: Hội trường tầng 3",
                    "Tham dự",
                    "1 tài khoản của 1 đơn vị",
                ],
            ),
        ],
    )
    mark = api.mark(ADMIN_ID)
    await converse(admin, [(Press("Xác nhận gửi"), "Đã xác nhận")])
    assert "Đã gửi tới: 1" in await report_of(api, mark)
    sent = [c for c in api.sent if c.method == "sendDocument" and c.chat_id == 1101]
    assert len(sent) == 1 and sent[0].params["document"].startswith("BQAC")  # re-sent by file_id
    assert [m for m in api.messages(1102) if NOTICE in shown(m)] == []
    await converse(
        lan,
        [
            (Press("Cử người thay"), "Cử người thay"),
            (Press("Vắng mặt"), ["Vắng mặt", "bấm lại"]),  # a changed answer replaces the first
        ],
    )
    async with bot.db.transaction() as s:
        row = (await s.scalars(select(BroadcastRecipient))).one()
        assert row.response == "absent"


async def test_bad_input_gets_an_answer_and_changes_nothing(bot: BotRuntime, api: FakeBotApi, admin: SimUser) -> None:
    lan = await officer(bot, api, 1201, "PNV1", "Lan")
    await converse(
        admin,
        [
            ("/thongbao", "Soạn thông báo mới"),
            (Press("Soạn thông báo mới"), "nhập nội dung"),
            ("   ", "đang để trống"),
            ("x" * 4090, ["vượt giới hạn", "không tự chia nhỏ"]),  # refused, never split
            (Upload(b"%PDF-1.4", "ke-hoach.pdf"), "Đã nhận tệp đính kèm"),
            ("y" * 1500, ["tối đa", "chú thích", "1500 ký tự"]),  # with a file: Telegram's caption limit
            (Press("Bỏ tệp đính kèm"), "nhập nội dung"),
            ("y" * 1500, ["Đã ghi nhận nội dung thông báo (1500 ký tự)"]),
            ("Thông báo ngắn", "Đã ghi nhận nội dung thông báo (14 ký tự)"),  # typing again replaces it
            (Press("Tiếp tục"), "phản hồi"),
            ("chữ ở chỗ cần nút", "chọn bằng các nút"),
            (Press("Không cần phản hồi"), "tới đâu"),
            (Press("Theo cụm thi đua"), "Cụm thi đua số 1"),
            (Press("Cụm thi đua số 1"), "Không có người nhận"),  # its member units no longer exist
            (Press("Quay lại"), "tới đâu"),
            (Press("Tất cả đơn vị"), ["Xác nhận gửi", "2 tài khoản"]),
        ],
    )
    summary = admin.last_message
    assert summary is not None
    # The button carries the prompt's number (c:<id>:<n>), not the action: found by its label.
    go = next(
        b["callback_data"]
        for row in summary["reply_markup"]["inline_keyboard"]
        for b in row
        if "Xác nhận gửi" in b["text"]
    )
    mark = api.mark(ADMIN_ID)
    await converse(admin, [(Press("Xác nhận gửi"), "Đã xác nhận")])
    await report_of(api, mark)
    api.user_presses(ADMIN_ID, summary["message_id"], go, forged=True)  # a second press
    again = await api.wait_for_message(ADMIN_ID, lambda m: "bot không gửi lại" in shown(m))
    assert "đã được xác nhận gửi trước đó" in shown(again)
    notice = next(m for m in lan.inbox if NOTICE in shown(m))
    for forged in (go, "bc:go:1", "bc:x:1", "bc:v:1", "bc:ack:999:r", "bc:ack:1:zz", "bc:tu:1"):
        api.user_presses(lan.user_id, notice["message_id"], forged, forged=True)
        await api.wait_for_message(lan.chat_id, timeout=5)
    await converse(lan, [("/thongbao", "không có quyền")])
    texts = [shown(m) for m in lan.inbox]
    assert sum("không có quyền" in text for text in texts) >= 4
    async with bot.db.transaction() as s:
        denied = (await s.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied"))).all()
        assert {"broadcast.send", "broadcast.cancel", "broadcast.view", "broadcast.compose"} <= {
            e.action for e in denied
        }
        assert [b.status for b in (await s.scalars(select(Broadcast).order_by(Broadcast.id))).all()][-1] == "done"
        recipients = (await s.scalars(select(BroadcastRecipient))).all()
        assert {r.state for r in recipients} == {RecipientState.DELIVERED} and len(recipients) == 2
    assert len([c for c in api.sent if c.chat_id == lan.chat_id and NOTICE in str(c.params.get("text"))]) == 1


async def test_units_still_missing_a_round(bot: BotRuntime, api: FakeBotApi, admin: SimUser) -> None:
    lan = await officer(bot, api, 1301, "PNV1", "Lan")
    hung = await officer(bot, api, 1302, "PNV2", "Hùng")
    boss = await f.admin(bot.db, ADMIN_ID, bot.clock.now())
    now = bot.clock.now()
    async with bot.db.transaction() as s:
        units = [await f.unit_id(bot.db, code) for code in ("PNV1", "PNV2")]
        round_ = await rounds.create(
            s,
            boss,
            name="Kỳ thử thông báo",
            deadline=now + timedelta(days=5),
            unit_ids=units,
            now=now,
            tz=TZ,
        )
        sent = (await s.scalars(select(Obligation).where(Obligation.round_id == round_.id))).all()
        next(o for o in sent if o.unit_id == units[1]).status = ObligationStatus.SUBMITTED
    await converse(
        admin,
        [
            ("/thongbao", "Soạn thông báo mới"),
            (Press("Soạn thông báo mới"), "nhập nội dung"),
            ("Đề nghị gửi báo cáo trước hạn.", "Tiếp tục"),
            (Press("Tiếp tục"), "phản hồi"),
            (Press("Không cần phản hồi"), "tới đâu"),
            (Press("chưa nộp một kỳ"), ["Chọn kỳ báo cáo", "Kỳ thử thông báo · hạn"]),
            (Press("Kỳ thử thông báo"), ["1 tài khoản của 1 đơn vị", "chưa nộp «Kỳ thử thông báo»"]),
        ],
    )
    mark = api.mark(ADMIN_ID)
    await converse(admin, [(Press("Xác nhận gửi"), "Đã xác nhận")])
    assert "Đã gửi tới: 1" in await report_of(api, mark)
    assert [m for m in lan.inbox if NOTICE in shown(m)] and not [m for m in hung.inbox if NOTICE in shown(m)]


async def test_an_old_confirm_button_sends_nothing_after_huy(bot: BotRuntime, api: FakeBotApi, admin: SimUser) -> None:
    lan = await officer(bot, api, 1001, "PNV1", "Lan")
    await converse(
        admin,
        [
            ("/thongbao", "Soạn thông báo mới"),
            (Press("Soạn thông báo mới"), "nhập nội dung thông báo"),
            ("Họp giao ban lúc 8h.", "Tiếp tục"),
            (Press("Tiếp tục"), "phản hồi thế nào"),
            (Press("Đã nhận"), "Gửi thông báo tới đâu"),
            (Press("Theo nhóm đơn vị"), "Chọn nhóm đơn vị"),
            (Press("Phòng nghiệp vụ"), "Xác nhận gửi"),
        ],
    )
    confirm = next(m for m in reversed(admin.inbox) if "Xác nhận gửi" in str(m.get("reply_markup")))
    await converse(admin, [("/huy", "Đã hủy")])
    await converse(admin, [(Press("Xác nhận gửi"), "đã được hủy")], patience=5)
    await admin.press("Xác nhận gửi", message=confirm)  # pressed again: still nothing
    await asyncio.sleep(0.5)  # the sender polls every 0.1 s: time to (wrongly) send
    async with bot.db.transaction() as s:
        [row] = (await s.scalars(select(Broadcast))).all()
        sent = (await s.scalars(select(AuditEntry).where(AuditEntry.action == "broadcast.send"))).all()
    assert row.status.value == "cancelled" and sent == []
    assert not any("Họp giao ban" in shown(m) for m in api.timeline(lan.chat_id))


async def test_the_prompt_and_the_refusal_name_the_same_limit(bot: BotRuntime, api: FakeBotApi) -> None:
    admin = SimUser(api, ADMIN_ID, "Văn phòng", settle=0.3)
    await converse(admin, [("/thongbao", "Soạn thông báo mới"), (Press("Soạn thông báo mới"), "tối đa")])
    limit = re.search(r"tối đa ([\d.,]+) ký tự", admin.last_text or "")
    assert limit is not None
    for length in (int(limit.group(1).replace(".", "").replace(",", "")) + 1, 5000):
        await converse(admin, [("x" * length, f"vượt giới hạn {limit.group(1)} ký tự")])
