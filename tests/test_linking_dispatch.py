"""A person on Telegram links Zalo, through the dispatcher as each channel's adapter drives it.

The Zalo adapter (another part of issue 11) turns a Zalo event into an Incoming with platform "zalo"
and text ids; here the Incoming is made by hand, and everything from there on is the real bot: the
routes, the dialog, the services and the replies with their addresses.
"""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from core.clock import FixedClock
from core.delivery import Address
from core.messages import Incoming, Reply
from core.text import to_plain
from handlers.context import FlowConfig
from handlers.dispatch import Dispatcher
from handlers.wiring import build_routes
from storage.db import Database
from tests import factories as f

ZALO_USER = "8d3e5f0a1b2c"


def config() -> FlowConfig:
    return FlowConfig(
        tz=ZoneInfo("Asia/Ho_Chi_Minh"),
        bot_username="thidua_bot",
        dialog_ttl=timedelta(hours=2),
        invite_ttl=timedelta(days=7),
        invite_max_uses=5,
        invite_key=f.INVITE_KEY,
    )


def said(platform: str, user: str, text: str, name: str = "Lan") -> Incoming:
    command: str | None = None
    args: tuple[str, ...] = ()
    if text.startswith("/"):
        head, *rest = text.split()
        command, args = head[1:], tuple(rest)
    return Incoming(platform, user, user, "private", name, text=text, command=command, args=args)


def pressed(platform: str, user: str, data: str) -> Incoming:
    return Incoming(platform, user, user, "private", "Lan", callback_data=data, callback_message_id="77")


def shown(replies: list[Reply]) -> str:
    return "\n".join(to_plain(r.text) for r in replies)


async def test_a_code_asked_for_on_telegram_links_zalo_and_telegram_hears_of_it(
    db: Database, clock: FixedClock
) -> None:
    await f.load_default_units(db, clock.now())
    await f.officer(db, 10, "TTH-CL", clock.now())
    bot = Dispatcher(db, build_routes(), clock, config())

    toi = await bot.handle(said("telegram", "10", "/toi"))
    assert "Kênh nhận tin" in shown(toi) and "Telegram (Lan)" in shown(toi)
    link = next(b for r in toi for row in r.buttons for b in row if "Liên kết Zalo" in b.label.text)
    issued = shown(await bot.handle(pressed("telegram", "10", str(link.data))))
    code = re.search(r"/lienket (\d{6})", issued)
    assert code is not None

    welcome = shown(await bot.handle(said("zalo", ZALO_USER, "/start", "Nguyễn Thị Lan")))  # new to the bot
    assert "Kính chào đồng chí Nguyễn Thị Lan" in welcome
    asked = await bot.handle(pressed("zalo", ZALO_USER, "ob:code"))
    assert "mã mời" in shown(asked)
    linked = await bot.handle(said("zalo", ZALO_USER, code.group(1), "Nguyễn Thị Lan"))  # at the code prompt
    here = [r for r in linked if r.to is None]
    elsewhere = [r for r in linked if r.to is not None]
    assert "Đã liên kết Zalo" in shown(here) and "Thanh tra huyện Cao Lộc" in shown(here)
    assert [r.to for r in elsewhere] == [Address("telegram", "10")]
    assert "vừa được liên kết" in shown(elsewhere)

    toi_replies = await bot.handle(said("zalo", ZALO_USER, "/toi", "Nguyễn Thị Lan"))
    toi_on_zalo = shown(toi_replies)
    assert "Thanh tra huyện Cao Lộc" in toi_on_zalo and "Zalo (Nguyễn Thị Lan)" in toi_on_zalo
    assert "Zalo (Nguyễn Thị Lan): đang nhận thông báo, nhắc việc — kênh đang dùng" in toi_on_zalo
    labels = [b.label.text for r in toi_replies for row in r.buttons for b in row]
    assert labels == ["🔕 Tắt thông báo qua Telegram", "🔕 Tắt thông báo qua Zalo"]
    again = shown(await bot.handle(said("zalo", ZALO_USER, f"/lienket {code.group(1)}", "Nguyễn Thị Lan")))
    assert "không đúng hoặc đã hết hạn" in again  # once only
    stray = shown(await bot.handle(said("zalo", "a9", "123 456", "Khách")))
    assert "Mã liên kết không đúng" in stray  # six digits on their own: a link attempt, never a stored question
