"""Round trips through the full stack against the fake Bot API, beside a minimal PTB echo bot.

Each bot runs as its own process (so its CPU time and memory are its own); the fake server
and the simulated users run here. Prints, for the echo bot and for ours:
  - 2,000 sequential /start → reply round trips: updates/s, p50/p95 latency;
  - 200 users × 10 messages concurrently: updates/s, p50/p95;
  - CPU seconds of the bot process per update; start-up (spawn → first getUpdates); RSS after start.
Ours runs twice: with the rate limiter off (throughput against the echo bot) and with the
production limiter (30 messages/s), whose capped rate is reported against the limit.

    python bench/roundtrip.py [--sequential 2000] [--users 200] [--per-user 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.sandbox.fake_api import FakeBotApi  # noqa: E402


@dataclass
class Run:
    name: str
    rate: float
    p50_ms: float
    p95_ms: float
    cpu_per_update_ms: float


@dataclass
class Bot:
    process: asyncio.subprocess.Process
    startup_s: float
    rss_mb: float

    def cpu_seconds(self) -> float:
        times = psutil.Process(self.process.pid).cpu_times()
        return times.user + times.system


async def spawn(api: FakeBotApi, command: list[str], env: dict[str, str]) -> Bot:
    before = api.calls["getUpdates"]
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command,
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    while api.calls["getUpdates"] == before:
        if process.returncode is not None:
            raise RuntimeError(f"{command} exited with {process.returncode}")
        await asyncio.sleep(0.005)
    startup = time.perf_counter() - started
    await asyncio.sleep(0.5)
    rss = psutil.Process(process.pid).memory_info().rss / 2**20
    return Bot(process, startup, rss)


async def round_trip(api: FakeBotApi, user_id: int, text: str) -> float:
    mark = api.mark(user_id)
    started = time.perf_counter()
    api.user_sends_text(user_id, text, f"User {user_id}")
    await api.wait_for_message(user_id, after=mark, timeout=60)
    return time.perf_counter() - started


async def measure(api: FakeBotApi, bot: Bot, name: str, *, sequential: int, users: int, per_user: int) -> list[Run]:
    runs: list[Run] = []
    # Warm up: first contact creates accounts, first queries compile.
    await asyncio.gather(*(round_trip(api, 100_000 + u, "/start") for u in range(users)))
    cpu0, t0 = bot.cpu_seconds(), time.perf_counter()
    latencies = [await round_trip(api, 100_000, "/start") for _ in range(sequential)]
    elapsed, cpu = time.perf_counter() - t0, bot.cpu_seconds() - cpu0
    runs.append(_run(f"{name}: {sequential} sequential", latencies, elapsed, cpu))

    async def user(uid: int) -> list[float]:
        return [await round_trip(api, uid, "/start") for _ in range(per_user)]

    cpu0, t0 = bot.cpu_seconds(), time.perf_counter()
    results = await asyncio.gather(*(user(100_000 + u) for u in range(users)))
    elapsed, cpu = time.perf_counter() - t0, bot.cpu_seconds() - cpu0
    runs.append(_run(f"{name}: {users}×{per_user} concurrent", [x for r in results for x in r], elapsed, cpu))
    return runs


def _run(name: str, latencies: list[float], elapsed: float, cpu: float) -> Run:
    q = statistics.quantiles(latencies, n=100)
    return Run(name, len(latencies) / elapsed, q[49] * 1000, q[94] * 1000, cpu / len(latencies) * 1000)


async def stop(bot: Bot) -> None:
    bot.process.terminate()
    await bot.process.wait()


async def main(args: argparse.Namespace) -> None:
    python = sys.executable
    runs: list[Run] = []
    starts: dict[str, Bot] = {}
    with tempfile.TemporaryDirectory() as tmp:
        configs = [
            ("echo bot", [python, "bench/echo_bot.py"], {}),
            ("thidua-bot (limiter off)", [python, "-m", "bot", "run"], {"RATE_LIMIT_PER_SECOND": "0"}),
            ("thidua-bot (30 msg/s limiter)", [python, "-m", "bot", "run"], {"RATE_LIMIT_PER_SECOND": "30"}),
        ]
        for index, (name, command, extra) in enumerate(configs):
            async with FakeBotApi() as api:
                env = {
                    "TELEGRAM_BOT_TOKEN": api.token,
                    "TELEGRAM_API_URL": api.bot_base_url,
                    "TELEGRAM_FILE_URL": api.base_file_url_prefix,
                    "LOG_LEVEL": "WARNING",
                    "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench{index}.db",
                    **extra,
                }
                bot = await spawn(api, command, env)
                starts[name] = bot
                limited = "limiter)" in name
                runs += await measure(
                    api,
                    bot,
                    name,
                    sequential=args.limited if limited else args.sequential,
                    users=args.users,
                    per_user=args.per_user,
                )
                await stop(bot)
    print(f"{'run':<48} {'upd/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms/upd':>11}")
    for run in runs:
        print(f"{run.name:<48} {run.rate:>8.1f} {run.p50_ms:>8.2f} {run.p95_ms:>8.2f} {run.cpu_per_update_ms:>11.2f}")
    echo, ours = runs[0:2], runs[2:4]
    for base, mine in zip(echo, ours, strict=True):
        print(
            f"ratio ours/echo ({base.name.split(': ')[1]}): throughput {mine.rate / base.rate:.2f} (target ≥ 0.70), "
            f"p50 {mine.p50_ms / base.p50_ms:.2f}×, CPU/update {mine.cpu_per_update_ms / base.cpu_per_update_ms:.2f}×"
        )
    for capped in runs[4:6]:
        print(f"capped rate {capped.name}: {capped.rate:.1f} upd/s against the 30 msg/s limit ({capped.rate / 30:.0%})")
    for name, bot in starts.items():
        print(f"{name:<32} start-up {bot.startup_s:.2f} s (target < 2 s)   RSS after start {bot.rss_mb:.0f} MB (< 150)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequential", type=int, default=2000)
    parser.add_argument("--limited", type=int, default=300, help="sequential round trips under the limiter")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=10)
    asyncio.run(main(parser.parse_args()))
