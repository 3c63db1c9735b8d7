"""What one message costs in Bot API calls: the chat menu is sent only when it changes."""

from __future__ import annotations

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from tests.e2e.harness import converse
from tests.e2e.officer_helpers import link

# A chat's updates run one after another, each with its replies and menu sent: once /toi is
# answered, everything the message before it caused has reached the server.
SETTLE = ("/toi", "Thông tin tài khoản")


async def test_help_sends_the_menu_once_and_again_when_the_role_changes(
    bot: BotRuntime, api: FakeBotApi, officer: SimUser
) -> None:
    key = f"chat:{officer.chat_id}"
    before = api.calls["setMyCommands"]
    await converse(officer, [("/help", "Các lệnh của đồng chí"), SETTLE])
    assert api.calls["setMyCommands"] == before + 1
    unlinked_menu = api.commands[key]
    assert "nhiemvu" not in str(unlinked_menu)
    for _ in range(3):
        await converse(officer, [("/help", "Các lệnh của đồng chí"), SETTLE])
    assert api.calls["setMyCommands"] == before + 1  # unchanged: not sent again
    await link(bot, officer, "PNV1")
    await converse(officer, [SETTLE])
    assert "nhiemvu" in str(api.commands[key])  # the role changed: the new menu is set
    sets = api.calls["setMyCommands"]
    await converse(officer, [("/help", "/nhiemvu"), SETTLE])
    assert api.calls["setMyCommands"] == sets
