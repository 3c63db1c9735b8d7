"""/toi's channels through the real python-telegram-bot stack: the channel list, a link code for Zalo,
and what the code does when typed on the wrong platform. The Zalo side of a link is in
tests/test_linking_dispatch.py (the dispatcher fed as a Zalo adapter feeds it)."""

from __future__ import annotations

import re

from bot.app import BotRuntime
from bot.sandbox.simulator import SimUser
from tests.e2e.harness import Press, converse


async def test_toi_lists_the_channels_and_a_zalo_code_is_refused_on_telegram(
    bot: BotRuntime, admin: SimUser, officer: SimUser
) -> None:
    await converse(
        admin,
        [
            (
                "/toi",
                ["Thông tin tài khoản", "Kênh nhận tin", "Telegram (Văn phòng): đang nhận thông báo", "Liên kết Zalo"],
            ),
            (Press("Liên kết Zalo"), ["Mã liên kết Zalo của đồng chí", "/lienket", "hết hạn lúc"]),
        ],
    )
    code = re.search(r"/lienket (\d{6})", admin.last_text or "")
    assert code is not None
    await converse(
        officer,
        [
            (f"/lienket {code.group(1)}", "Mã này dùng để liên kết Zalo"),  # typed on Telegram by someone else
            ("/lienket", "mã liên kết 6 số"),
            ("123", "mã liên kết 6 số"),  # not a code: asked again
            ("000000" if code.group(1) != "000000" else "000001", "Mã liên kết không đúng hoặc đã hết hạn"),
        ],
    )
