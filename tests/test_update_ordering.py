"""One chat's updates run in order; different chats' updates run at the same time."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.channels.telegram.ordering import PerChatUpdateProcessor


def update(update_id: int, chat_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
                "text": "x",
            },
        },
        None,
    )


async def test_same_chat_in_order_other_chats_concurrently() -> None:
    processor = PerChatUpdateProcessor(16)
    log: list[str] = []
    running = 0
    peak = 0

    async def work(name: str, delay: float) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")
        running -= 1

    jobs = [
        processor.process_update(update(1, 100), work("a1", 0.05)),
        processor.process_update(update(2, 100), work("a2", 0.0)),
        processor.process_update(update(3, 200), work("b1", 0.01)),
        processor.process_update(update(4, 100), work("a3", 0.0)),
    ]
    await asyncio.gather(*[asyncio.create_task(j) for j in jobs])
    a = [entry for entry in log if entry.endswith(("a1", "a2", "a3"))]
    assert a == ["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"]
    assert log.index("end b1") < log.index("end a1")  # chat 200 did not wait for chat 100
    assert peak >= 2
    assert processor._locks == {}  # no lock kept for idle chats
