"""What a user's bot process spends per update, beside a bare python-telegram-bot echo bot, in one run.

Both bots run as subprocesses, each against its own fake Bot API server on 127.0.0.1 (the servers
and the simulated users live in this process, so their CPU is not counted). Ours is started the
way ``make run`` starts it: ``.venv/bin/thidua-bot run`` in an empty folder, default settings
(SQLite in ``data/``, INFO logging, the 30 msg/s limiter, reminders and the broadcast worker on);
only the token and the API URLs point at the fake server. CPU is the process's own user+system
time (``/proc/<pid>/stat`` through psutil), threads included, over the whole round trip:

- ``/help`` by an unlinked caller (who has sent ``/start``), N times, each after the previous reply
  and a pause (``--gap-ms``, 40 ms);
- ``/nhiemvu`` by an officer linked with an invite from ``thidua-bot invite``;
- a button press inside ``/nopbaocao`` (choosing a round: reads, a dialog write, an edit),
  counted from the press until the callback query is answered;
- 100 users × 5 ``/help`` at once, with ``RATE_LIMIT_PER_SECOND=0`` (a second start of ours);
- start → first ``getUpdates`` (on a prepared database, the usual restart) and RSS after start.

Why the pause: a process that sleeps between messages pays again for waking up (caches, the
scheduler): on a 2-core VM the echo bot spends ~1.6 ms per /help back to back and ~3.4 ms with
33 ms between messages. Without a pause ours was paced by its 30 msg/s limiter (it sleeps ~30 ms
before each reply) while the echo bot ran hot, so the ratio measured that difference, not the
bots. With 40 ms between messages (slower than the limiter's pace, and still far faster than a
person types) both idle alike. The same series back to back are printed too: the echo bot's, and
ours from a second start with the limiter off, which also gives the latencies. The last line is
the one to quote.

    .venv/bin/python bench/roundtrip.py [-n 200] [--users 100] [--per-user 5] [--gap-ms 40] [--env KEY=VALUE …]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.sandbox.fake_api import FakeBotApi  # noqa: E402
from bot.settings import Settings  # noqa: E402

BIN = Path(sys.executable).parent
OFFICER_UNIT = "PNV1"  # a division: in force after the 2025 district reform, owes the plan's rounds
UNLINKED, OFFICER = 700_001, 700_002
TIMEOUT = 60.0


@dataclass
class Bot:
    process: asyncio.subprocess.Process
    api: FakeBotApi
    startup_s: float
    startup_cpu_s: float  # the process's CPU until its first getUpdates: steadier than the wall time on a busy machine
    rss_mib: float

    def cpu(self) -> float:
        times = psutil.Process(self.process.pid).cpu_times()
        return times.user + times.system


@dataclass
class Series:
    """CPU and latency of one kind of round trip."""

    cpu_s: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def cpu_ms(self) -> float:
        return self.cpu_s / len(self.latencies) * 1000

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """The caller's environment without any of the bot's settings (defaults apply), plus ``extra``."""
    ours = {name.upper() for name in Settings.model_fields}
    # A user's Python caches bytecode; without it every start compiles the whole bot again.
    dropped = ours | {"PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k.upper() not in dropped}
    return {**env, "PTB_TIMEDELTA": "1", **extra}


async def spawn(api: FakeBotApi, command: list[str], env: dict[str, str], cwd: Path) -> Bot:
    before = api.calls["getUpdates"]
    log = (cwd / "bot.log").open("ab")
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(*command, env=env, cwd=cwd, stdout=log, stderr=log)
    while api.calls["getUpdates"] == before:
        if process.returncode is not None:
            raise RuntimeError(f"{command} exited with {process.returncode}: {(cwd / 'bot.log').read_text()[-2000:]}")
        await asyncio.sleep(0.002)
    startup = time.perf_counter() - started
    times = psutil.Process(process.pid).cpu_times()
    await asyncio.sleep(0.5)
    rss = psutil.Process(process.pid).memory_info().rss / 2**20
    return Bot(process, api, startup, times.user + times.system, rss)


async def stop(bot: Bot) -> None:
    bot.process.terminate()
    await bot.process.wait()


async def say(api: FakeBotApi, user: int, text: str) -> tuple[float, dict]:  # type: ignore[type-arg]
    mark = api.mark(user)
    started = time.perf_counter()
    api.user_sends_text(user, text, f"Người dùng {user}")
    message = await api.wait_for_message(user, after=mark, timeout=TIMEOUT)
    return time.perf_counter() - started, message


async def press(api: FakeBotApi, user: int, message_id: int, data: str) -> tuple[float, dict]:  # type: ignore[type-arg]
    """Press a button; done when the new state is on screen and the spinner was stopped."""
    mark, answered = api.mark(user), api.calls["answerCallbackQuery"]
    started = time.perf_counter()
    api.user_presses(user, message_id, data)
    message = await api.wait_for_message(user, after=mark, timeout=TIMEOUT)
    while api.calls["answerCallbackQuery"] == answered:
        await api.wait_for_change(0.05)
    return time.perf_counter() - started, message


async def repeat(bot: Bot, user: int, text: str, n: int, gap: float = 0.0) -> Series:
    """``gap``: a pause after each round trip (--gap-ms), so both bots idle alike between messages."""
    series = Series()
    cpu0 = bot.cpu()
    for _ in range(n):
        series.latencies.append((await say(bot.api, user, text))[0])
        if gap:
            await asyncio.sleep(gap)
    series.cpu_s = bot.cpu() - cpu0
    return series


def buttons(message: dict) -> list[list[str]]:  # type: ignore[type-arg]
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [[b["callback_data"] for b in row if "callback_data" in b] for row in rows]


async def press_in_submit(bot: Bot, user: int, n: int, gap: float = 0.0) -> Series:
    """/nopbaocao → press a round (measured) → press Hủy; n times, ``gap`` after each message."""
    series = Series()
    for _ in range(n):
        _, listing = await say(bot.api, user, "/nopbaocao")
        rows = buttons(listing)
        if len(rows) < 2:
            raise RuntimeError(f"/nopbaocao offered no round: {listing.get('text')}")
        await asyncio.sleep(gap)
        cpu0 = bot.cpu()
        latency, prompt = await press(bot.api, user, listing["message_id"], rows[0][0])
        series.cpu_s += bot.cpu() - cpu0
        series.latencies.append(latency)
        await asyncio.sleep(gap)
        await press(bot.api, user, prompt["message_id"], buttons(prompt)[-1][-1])
        await asyncio.sleep(gap)
    return series


async def crowd(bot: Bot, users: int, per_user: int, text: str) -> tuple[float, float]:
    """Updates per second and CPU per update of ``users`` chats sending ``per_user`` each, all at once."""
    ids = [800_000 + u for u in range(users)]
    await asyncio.gather(*(say(bot.api, uid, "/start") for uid in ids))

    async def one(uid: int) -> None:
        for _ in range(per_user):
            await say(bot.api, uid, text)

    cpu0, t0 = bot.cpu(), time.perf_counter()
    await asyncio.gather(*(one(uid) for uid in ids))
    elapsed = time.perf_counter() - t0
    return users * per_user / elapsed, (bot.cpu() - cpu0) / (users * per_user) * 1000


def link_code(cwd: Path, env: dict[str, str]) -> str:
    """An invite for the officer's unit, issued the way the Office does it (this also prepares the database)."""
    out = subprocess.run(
        [str(BIN / "thidua-bot"), "invite", OFFICER_UNIT, "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return str(json.loads(out.stdout.strip().splitlines()[-1])["code"])


@dataclass
class Figures:
    startup_s: float = 0.0
    startup_cpu_s: float = 0.0
    rss_mib: float = 0.0
    series: dict[str, Series] = field(default_factory=dict)  # default settings, --gap-ms between messages
    back_to_back: dict[str, Series] = field(default_factory=dict)  # no pause (ours: limiter off)
    p50_ms: dict[str, float] = field(default_factory=dict)
    crowd_rate: float = 0.0
    crowd_cpu_ms: float = 0.0


async def bench_echo(args: argparse.Namespace, folder: Path) -> Figures:
    figures = Figures()
    async with FakeBotApi() as api:
        env = clean_env({"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_URL": api.bot_base_url})
        bot = await spawn(api, [sys.executable, str(ROOT / "bench" / "echo_bot.py")], env, folder)
        figures.startup_s, figures.startup_cpu_s, figures.rss_mib = bot.startup_s, bot.startup_cpu_s, bot.rss_mib
        await repeat(bot, UNLINKED, "/help", args.warmup)
        figures.series["help"] = await repeat(bot, UNLINKED, "/help", args.n, args.gap_ms / 1000)
        figures.back_to_back["help"] = await repeat(bot, UNLINKED, "/help", args.n)
        figures.p50_ms["help"] = figures.back_to_back["help"].p50_ms
        figures.crowd_rate, figures.crowd_cpu_ms = await crowd(bot, args.users, args.per_user, "/help")
        await stop(bot)
    return figures


async def bench_ours(args: argparse.Namespace, folder: Path) -> Figures:
    figures = Figures()
    overrides = dict(item.split("=", 1) for item in args.env)
    command = [str(BIN / "thidua-bot"), "run"]
    code = link_code(folder, clean_env(overrides))
    async with FakeBotApi() as api:
        urls = {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.bot_base_url,
            "TELEGRAM_FILE_URL": api.base_file_url_prefix,
        }
        # 1. Default settings: what a user's process spends.
        bot = await spawn(api, command, clean_env({**urls, **overrides}), folder)
        figures.startup_s, figures.startup_cpu_s, figures.rss_mib = bot.startup_s, bot.startup_cpu_s, bot.rss_mib
        await say(api, UNLINKED, "/start")
        _, linked = await say(api, OFFICER, f"/start {code}")
        for _ in range(100):  # the linked menu (setMyCommands) follows the reply
            if "nhiemvu" in json.dumps(api.commands.get(f"chat:{OFFICER}")):
                break
            await api.wait_for_change(0.05)
        else:
            raise RuntimeError(f"the officer was not linked: {linked.get('text')}")
        await repeat(bot, UNLINKED, "/help", args.warmup)
        await repeat(bot, OFFICER, "/nhiemvu", args.warmup)
        await press_in_submit(bot, OFFICER, max(args.warmup // 4, 1))
        gap = args.gap_ms / 1000
        figures.series["help"] = await repeat(bot, UNLINKED, "/help", args.n, gap)
        figures.series["nhiemvu"] = await repeat(bot, OFFICER, "/nhiemvu", args.n, gap)
        figures.series["press"] = await press_in_submit(bot, OFFICER, max(args.n // 2, 1), gap)
        await stop(bot)
        # 2. The limiter off: back to back (CPU and latency) and throughput against the echo bot's.
        bot = await spawn(api, command, clean_env({**urls, "RATE_LIMIT_PER_SECOND": "0", **overrides}), folder)
        figures.back_to_back["help"] = await repeat(bot, UNLINKED, "/help", args.n)
        figures.back_to_back["nhiemvu"] = await repeat(bot, OFFICER, "/nhiemvu", args.n)
        figures.back_to_back["press"] = await press_in_submit(bot, OFFICER, max(args.n // 2, 1))
        figures.p50_ms = {key: series.p50_ms for key, series in figures.back_to_back.items()}
        figures.crowd_rate, figures.crowd_cpu_ms = await crowd(bot, args.users, args.per_user, "/help")
        await stop(bot)
    return figures


def report(echo: Figures, ours: Figures, args: argparse.Namespace) -> None:
    base, hot = echo.series["help"].cpu_ms, echo.back_to_back["help"].cpu_ms
    rows = [
        ("help", "/help, unlinked caller", 1.3),
        ("nhiemvu", "/nhiemvu, linked officer", 1.6),
        ("press", "button press in /nopbaocao", 1.6),
    ]
    print(f"CPU per round trip (ms); {args.gap_ms:g} ms between messages, ours with default settings:")
    head = f"{'':<30} {'echo':>6} {'ours':>6} {'ratio':>7} {'target':>7}"
    print(f"{head} | back to back: {'echo':>5} {'ours':>5} {'ratio':>6}")
    ratios: dict[str, float] = {}
    hot_ratios: dict[str, float] = {}
    for key, name, target in rows:
        mine, mine_hot = ours.series[key].cpu_ms, ours.back_to_back[key].cpu_ms
        ratios[key], hot_ratios[key] = mine / base, mine_hot / hot
        print(
            f"{name:<30} {base:>6.2f} {mine:>6.2f} {ratios[key]:>6.2f}× {target:>6.1f}× |"
            f" {'':>13} {hot:>5.2f} {mine_hot:>5.2f} {hot_ratios[key]:>5.2f}×"
        )
    p50 = ", ".join(f"{key} {ours.p50_ms[key]:.2f}" for key, _, _ in rows)
    print(f"p50 round trip back to back (ms): echo /help {echo.p50_ms['help']:.2f}; ours (limiter off) {p50}")
    crowd_ratio = ours.crowd_rate / echo.crowd_rate
    print(
        f"{args.users} users × {args.per_user} /help at once, limiter off: echo {echo.crowd_rate:.0f} upd/s "
        f"({echo.crowd_cpu_ms:.2f} ms CPU/upd), ours {ours.crowd_rate:.0f} upd/s ({ours.crowd_cpu_ms:.2f} ms) "
        f"→ {crowd_ratio:.2f}× (target ≥ 0.6×)"
    )
    print(
        f"start → first getUpdates: echo {echo.startup_s:.2f} s ({echo.startup_cpu_s:.2f} s CPU), "
        f"ours {ours.startup_s:.2f} s ({ours.startup_cpu_s:.2f} s CPU) (target < 1 s); "
        f"RSS after start: echo {echo.rss_mib:.0f} MiB, ours {ours.rss_mib:.0f} MiB (target < 80)"
    )
    print(
        f"SUMMARY cpu/echo help {ratios['help']:.2f}× nhiemvu {ratios['nhiemvu']:.2f}× press {ratios['press']:.2f}× "
        f"(back to back {hot_ratios['help']:.2f}× {hot_ratios['nhiemvu']:.2f}× {hot_ratios['press']:.2f}×) | "
        f"throughput {crowd_ratio:.2f}× | start {ours.startup_s:.2f} s ({ours.startup_cpu_s:.2f} s CPU) | "
        f"RSS {ours.rss_mib:.0f} MiB | echo {base:.2f} ms/upd ({hot:.2f} back to back)"
    )


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folders = Path(tmp) / "echo", Path(tmp) / "ours"
        for folder in folders:
            folder.mkdir()
        echo = await bench_echo(args, folders[0])
        ours = await bench_ours(args, folders[1])
    report(echo, ours, args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="sequential round trips per kind")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--per-user", type=int, default=5)
    parser.add_argument(
        "--gap-ms", type=float, default=40, help="pause after each message of the default-settings series"
    )
    parser.add_argument("--env", action="append", default=[], help="a setting for our bot, KEY=VALUE")
    asyncio.run(main(parser.parse_args()))
