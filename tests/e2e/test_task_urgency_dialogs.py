"""/nhiemvu and /nopbaocao put what is due soonest first and fold old overdue rounds away.

The clock stands at 10:00 on Wednesday 04/12/2024. Phòng Nghiệp vụ 1 owes the registration (I.3, due
15/03) and the typical-examples report (I.4, due 31/03), both overdue for months, and the council
meeting's report (IV.5, due 20/12): IV.5 must come first, the two old ones folded under it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from tests import factories as f
from tests.e2e.harness import Press, converse, make_settings, running_bot

NOW = datetime(2024, 12, 4, 3, 0, tzinfo=UTC)


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, make_settings(tmp_path), clock=FixedClock(NOW)) as runtime:
        yield runtime


async def test_the_soonest_deadline_leads_and_old_overdue_rounds_are_folded(bot: BotRuntime, api: FakeBotApi) -> None:
    officer = SimUser(api, 1001, "Lan")
    await officer.send("/toi")
    await f.officer(bot.db, 1001, "PNV1", NOW)
    await converse(officer, [("/nhiemvu", ["1. IV.5. Họp xem xét kết quả", "Quá hạn trên 60 ngày (2 kỳ)"])])
    text = officer.inbox[-1]["text"]
    assert text.index("IV.5") < text.index("Quá hạn trên 60 ngày") < text.index("I.4. Xây dựng")
    assert "2. " not in text.split("Quá hạn trên 60 ngày")[0]  # only IV.5 is current
    await converse(officer, [("/nopbaocao", ["Chọn", "IV.5 · Họp xem xét", "Quá hạn trên 60 ngày (1)"])])
    assert officer.last_buttons[0].startswith("IV.5")
    await converse(officer, [(Press("Quá hạn trên 60 ngày"), ["I.4. Xây dựng và nhân rộng", "hạn 31/03/2024"])])
    assert officer.last_buttons[0].startswith("I.4")
