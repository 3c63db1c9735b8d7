"""Onboarding as people live it, through the real python-telegram-bot stack and the fake Bot API."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from storage.models import Account, AccountStatus, AuditEntry
from tests.e2e.harness import Press, account_of, converse, make_settings, running_bot, texts


async def test_request_approve_and_then_see_who_i_am(bot: BotRuntime, admin: SimUser, officer: SimUser) -> None:
    await admin.send("/start")
    await converse(
        officer,
        [
            ("/start", ["Kính chào đồng chí Lan", "Tôi có mã mời", "Chọn đơn vị"]),
            (Press("Chọn đơn vị"), ["thuộc nhóm nào", "Phòng nghiệp vụ"]),
            (Press("Phòng nghiệp vụ"), "Phòng Nghiệp vụ 1"),
            (Press("Phòng Nghiệp vụ 2"), ["Gửi yêu cầu liên kết", "Phòng Nghiệp vụ 2"]),
            (Press("Gửi yêu cầu"), "Đã gửi yêu cầu liên kết với Phòng Nghiệp vụ 2"),
            ("/start", "đang chờ duyệt"),
            ("/toi", "Đang chờ duyệt"),
        ],
    )
    assert "Yêu cầu liên kết tài khoản" in (admin.last_text or "")
    await converse(admin, [(Press("Duyệt"), "Đã duyệt: Lan")])
    assert "đã duyệt" in (officer.last_text or "")
    await converse(officer, [("/toi", ["Phòng Nghiệp vụ 2", "Cán bộ đầu mối"])])
    menu = bot.application.bot  # the officer's chat menu now matches the role
    assert menu is not None
    commands = {
        c["command"] for c in officer.api.commands.get(officer.api.scope_key({"type": "chat", "chat_id": 1001}), [])
    }
    assert {"help", "toi"} <= commands and "donvi" not in commands


async def test_a_request_withdrawn_then_rejected_with_a_reason(
    bot: BotRuntime, api: FakeBotApi, admin: SimUser, officer: SimUser
) -> None:
    await admin.send("/start")
    request = [
        ("/start", "Chọn đơn vị"),
        (Press("Chọn đơn vị"), "Phòng nghiệp vụ"),
        (Press("Phòng nghiệp vụ"), "Phòng Nghiệp vụ 1"),
        (Press("Phòng Nghiệp vụ 2"), "Gửi yêu cầu liên kết"),
        (Press("Gửi yêu cầu"), ["Đã gửi yêu cầu liên kết với Phòng Nghiệp vụ 2", "Rút yêu cầu"]),
    ]
    await converse(officer, request)
    stale = admin.last_message
    await converse(
        officer,
        [
            ("/start", ["đang chờ duyệt", "Rút yêu cầu"]),
            (Press("Rút yêu cầu"), "Đã rút yêu cầu liên kết với Phòng Nghiệp vụ 2"),
            ("/toi", "Chưa đăng ký"),
        ],
    )
    # The admin's buttons on the withdrawn request change nothing.
    assert stale is not None
    replies = await admin.press("Từ chối", stale)
    assert any("đã được xử lý trước đó" in m.get("text", "") for m in replies), replies
    await converse(officer, request)
    await converse(
        admin,
        [
            (Press("Từ chối"), ["nhập lý do từ chối", "Từ chối, không nêu lý do"]),
            ("Đồng chí không thuộc Phòng Nghiệp vụ 2.", ["Đã từ chối: Lan", "Lý do: Đồng chí không thuộc"]),
        ],
    )
    told = await api.wait_for_message(officer.chat_id, lambda m: "chưa được chấp thuận" in m.get("text", ""))
    assert told["text"].endswith("Lý do: Đồng chí không thuộc Phòng Nghiệp vụ 2.")
    async with bot.db.transaction() as s:
        account = await account_of(s, officer.user_id)
        actions = (await s.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
    assert account.status == AccountStatus.REJECTED
    assert "account.withdraw" in actions and "account.reject" in actions


async def test_invite_deep_link_then_used_up_and_wrong_codes(bot: BotRuntime, api: FakeBotApi, admin: SimUser) -> None:
    await converse(
        admin,
        [
            ("/donvi", ["Danh sách đơn vị", "Văn phòng Thanh tra tỉnh"]),
            (Press("Phòng nghiệp vụ"), "Phòng Nghiệp vụ 1"),
            (Press("Phòng Nghiệp vụ 1"), ["Mã đơn vị", "PNV1"]),
            (Press("Cấp mã mời"), ["Mã mời cho Phòng Nghiệp vụ 1", "https://t.me/thidua_test_bot?start="]),
        ],
    )
    code = (admin.last_text or "").split("?start=")[1].split()[0]
    for number in range(5):  # the default invite allows five uses
        user = SimUser(api, 2000 + number, f"Cán bộ {number}")
        await converse(user, [(f"/start {code}", "đã được liên kết với Phòng Nghiệp vụ 1")])
    late = SimUser(api, 2100, "Đến muộn")
    await converse(
        late,
        [
            (f"/start {code}", "đã được sử dụng hết"),
            ("/start SAIMA12345", "Mã mời không đúng"),
            ("/start", "Tôi có mã mời"),
            (Press("Tôi có mã mời"), "nhập mã mời"),
            ("KHONGDUNG", "Mã mời không đúng"),
            ("x" * 5000, "quá dài"),
            ("/huy", "Đã hủy"),
        ],
    )


async def test_non_admin_commands_and_forged_buttons_are_refused_and_audited(
    bot: BotRuntime, api: FakeBotApi, officer: SimUser
) -> None:
    await converse(officer, [("/donvi", "không có quyền"), ("/duyet", "không có quyền")])
    await officer.send("/start")
    message_id = officer.last_message["message_id"]  # type: ignore[index]
    for forged in ("ap:y:1:4", "un:r:1:admin", "un:inv:3", "ap:y:x:y", "garbage", "ob:unit:999999", "un:k:nope"):
        api.user_presses(officer.user_id, message_id, forged, forged=True)
        await api.wait_for_message(officer.chat_id, timeout=5)
    async with bot.db.transaction() as s:
        denied = (await s.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied"))).all()
        assert {e.action for e in denied} >= {"units.view", "account.list_pending", "account.approve", "role.grant"}
        admins = (await s.scalars(select(Account).where(Account.role == "admin"))).all()
        assert [a.id for a in admins] == [(await account_of(s, 9001)).id]


async def test_group_chat_gets_one_notice_then_silence(bot: BotRuntime, api: FakeBotApi) -> None:
    member = SimUser(api, 3001, "Nhóm", chat_id=-500, reply_timeout=1.0)
    await converse(member, [("/start", "chỉ làm việc trong tin nhắn riêng")])
    assert await member.send("/help") == []
    assert len(member.inbox) == 1


async def test_free_text_and_unknown_commands_get_the_menu(bot: BotRuntime, officer: SimUser) -> None:
    await converse(
        officer,
        [
            ("xin chào", ["Kính chào", "/start"]),  # small talk is answered (issue 15), with the way in
            ("hôm nay trời đẹp quá", ["chưa hiểu", "Các lệnh"]),
            ("/khonglenh", ["chưa hiểu", "/help"]),
            ("/huy", "không có thao tác"),
        ],
    )


async def test_text_where_a_button_is_expected(bot: BotRuntime, officer: SimUser) -> None:
    await converse(
        officer, [("/start", "Chọn đơn vị"), (Press("Chọn đơn vị"), "nhóm nào"), ("Văn phòng", "chọn bằng các nút")]
    )


async def test_restart_in_the_middle_of_onboarding_keeps_the_dialog(api: FakeBotApi, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    officer = SimUser(api, 1500, "Hùng")
    async with running_bot(api, settings):
        await converse(officer, [("/start", "Tôi có mã mời"), (Press("Tôi có mã mời"), "nhập mã mời")])
    async with running_bot(api, settings) as runtime:
        await converse(officer, [("SAIMA", "Mã mời không đúng")])  # still in the code step after the restart
        async with runtime.db.transaction() as s:
            account = await account_of(s, 1500)
            assert account.status == AccountStatus.NEW
    assert "Mã mời không đúng" in texts(officer)
