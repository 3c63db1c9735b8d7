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
    assert processor._chats == {}  # no lock kept for idle chats


async def test_one_chats_backlog_holds_no_global_slot() -> None:
    """800 queued updates of one chat: another chat's update runs at once, not after ~550 of them."""
    processor = PerChatUpdateProcessor(256, backlog_limit=1000)
    done: list[str] = []
    other_started_after: list[int] = []

    async def flood_item(index: int) -> None:
        await asyncio.sleep(0.001)
        done.append(f"a{index}")

    async def other() -> None:
        other_started_after.append(len(done))

    tasks = [asyncio.create_task(processor.process_update(update(i, 100), flood_item(i))) for i in range(800)]
    tasks.append(asyncio.create_task(processor.process_update(update(900, 200), other())))
    await asyncio.gather(*tasks)
    assert len(done) == 800
    assert done == [f"a{i}" for i in range(800)]  # the flood itself stayed in order
    assert other_started_after[0] < 5, other_started_after
    assert processor._chats == {}


async def test_a_flood_beyond_the_backlog_is_dropped_and_told_once() -> None:
    told: list[int] = []

    async def overflow(update_: object) -> None:
        assert isinstance(update_, Update)
        told.append(update_.update_id)

    processor = PerChatUpdateProcessor(16, backlog_limit=5, on_overflow=overflow)
    ran: list[int] = []
    gate = asyncio.Event()

    async def item(index: int) -> None:
        await gate.wait()
        ran.append(index)

    tasks = [asyncio.create_task(processor.process_update(update(i, 100), item(i))) for i in range(20)]
    await asyncio.sleep(0.01)
    gate.set()
    await asyncio.gather(*tasks)
    assert ran == [0, 1, 2, 3, 4]
    assert told == [5]  # once, at the first dropped update
    # After the backlog drained, the chat is served (and would be told) again.
    await processor.process_update(update(30, 100), item(30))
    assert ran[-1] == 30
