"""CPU per send of the Zalo client against python-telegram-bot's, measured in the same run.

The fake servers (Zalo and Telegram) run in a child process, so the CPU measured here is the
bot's side only: building the request, httpx, parsing the answer. Sends go one after another
(what a reply does), then ``--concurrency`` at a time (what a broadcast does).

    python bench/zalo_client.py [--sends 2000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Bot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.channels.zalo.client import ZaloBotClient  # noqa: E402
from bot.sandbox.fake_api import FakeBotApi  # noqa: E402
from bot.sandbox.fake_zalo import FakeZaloApi  # noqa: E402

ZALO_USER = "6ede9afa66b88fe6d6a9"
TELEGRAM_USER = 1001
TEXT = "Nhắc việc: Báo cáo sơ kết công tác thi đua 6 tháng, hạn 10/7/2024 (còn 3 ngày). Sở KH&ĐT."


def serve(ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    async def main() -> None:
        async with FakeZaloApi() as zalo, FakeBotApi(strict_ampersand=False) as telegram:
            zalo.add_user(ZALO_USER)
            telegram.user_sends_text(TELEGRAM_USER, "/start")
            ready.put((zalo.bot_base_url, zalo.token, telegram.bot_base_url, telegram.token))
            await asyncio.Event().wait()

    asyncio.run(main())


async def measure(label: str, send: Callable[[], Awaitable[object]], sends: int, concurrency: int) -> float:
    for _ in range(50):  # warm-up: connections, caches
        await send()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(sends):
        await send()
    serial_cpu = (time.process_time() - cpu) / sends * 1000
    serial_wall = (time.perf_counter() - wall) / sends * 1000
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(sends // concurrency):
        await asyncio.gather(*(send() for _ in range(concurrency)))
    done = sends // concurrency * concurrency
    burst_cpu = (time.process_time() - cpu) / done * 1000
    burst_rate = done / (time.perf_counter() - wall)
    print(
        f"{label:9} one at a time: {serial_cpu:.3f} ms CPU/send ({serial_wall:.2f} ms wall); "
        f"{concurrency} at a time: {burst_cpu:.3f} ms CPU/send, {burst_rate:.0f} sends/s"
    )
    return serial_cpu


async def run(sends: int, concurrency: int, urls: tuple[str, str, str, str]) -> None:
    zalo_url, zalo_token, telegram_url, telegram_token = urls
    request = HTTPXRequest(connection_pool_size=concurrency + 2)
    async with (
        ZaloBotClient(zalo_token, zalo_url) as zalo,
        Bot(telegram_token, base_url=telegram_url, request=request) as bot,
    ):
        telegram_cpu = await measure("Telegram", lambda: bot.send_message(TELEGRAM_USER, TEXT), sends, concurrency)
        zalo_cpu = await measure("Zalo", lambda: zalo.send_message(ZALO_USER, TEXT), sends, concurrency)
    print(f"Zalo / Telegram CPU per send: {zalo_cpu / telegram_cpu:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sends", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=serve, args=(ready,), daemon=True)
    server.start()
    try:
        asyncio.run(run(args.sends, args.concurrency, ready.get(timeout=30)))
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
