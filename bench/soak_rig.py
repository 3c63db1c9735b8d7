"""The soak's machinery: a PostgreSQL database of its own, bot processes, and a load balancer in front.

- :class:`Rig` owns the fake Bot API (it POSTs updates to the webhook, enforcing 30 msg/s like
  Telegram), a round-robin load balancer standing in for Caddy/nginx (a backend that refuses the
  connection or answers 503 while draining is skipped, as ``lb_try_duration`` / ``proxy_next_upstream``
  do), and N ``python -m bot run`` processes in webhook mode on one database and one files folder.
- ``kill(n)`` sends SIGTERM (the process drains and exits 0) or SIGKILL; ``start(n)`` starts it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels.telegram import webhook  # noqa: E402
from bot.sandbox.api_spec import JSONDict  # noqa: E402
from bot.sandbox.fake_api import FakeBotApi, _Chat  # noqa: E402
from storage.db import create_engine  # noqa: E402

SECRET = "soak-webhook-secret-0123456789"
ADMIN = 9001


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TimedFakeBotApi(FakeBotApi):
    """The fake Bot API, also noting when each message or edit reached a chat (for latencies)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.output_times: dict[int, list[float]] = {}

    def _record(self, chat: _Chat, message: JSONDict) -> None:
        self.output_times.setdefault(chat.info["id"], []).append(time.monotonic())
        super()._record(chat, message)


class Database:
    """A database of its own on the PostgreSQL server, dropped at the end."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"soak_{uuid.uuid4().hex[:10]}"
        self.url = make_url(server_url).set(database=self.name).render_as_string(hide_password=False)

    async def _run(self, statement: str) -> None:
        engine = create_engine(self.server_url)
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(statement))
        await engine.dispose()

    async def create(self) -> None:
        await self._run(f'CREATE DATABASE "{self.name}"')

    async def drop(self) -> None:
        await self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@dataclass
class BotProcess:
    number: int
    port: int
    log: Path
    process: asyncio.subprocess.Process | None = None
    exits: list[int] = field(default_factory=list)


class Rig:
    def __init__(self, workdir: Path, database_url: str, processes: int = 2, server_limit: float = 30) -> None:
        self.workdir, self.database_url = workdir, database_url
        self.api = TimedFakeBotApi(rate_limit_per_second=server_limit)
        self.bots = [BotProcess(n, free_port(), workdir / f"bot{n}.log") for n in range(1, processes + 1)]
        self.lb_port = free_port()
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.forwarded = 0
        self.skipped = 0  # a backend down or draining: tried the next one

    def env(self, bot: BotProcess) -> dict[str, str]:
        return {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "TELEGRAM_API_URL": self.api.bot_base_url,
            "TELEGRAM_FILE_URL": self.api.base_file_url_prefix,
            "DATABASE_URL": self.database_url,
            "FILES_DIR": str(self.workdir / "files"),
            "ADMIN_TELEGRAM_IDS": str(ADMIN),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.lb_port}",
            "HTTP_PORT": str(bot.port),
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "RATE_LIMIT_PER_SECOND": "30",
            "BROADCAST_POLL_SECONDS": "0.2",
            "REMINDERS_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "PTB_TIMEDELTA": "1",
        }

    async def __aenter__(self) -> Rig:
        await self.api.start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post(webhook.PATH, self._balance)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.lb_port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*(self.kill(bot.number) for bot in self.bots if self.running(bot.number)))
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
        await self.api.stop()

    # --- processes -------------------------------------------------------------------------------

    def running(self, number: int) -> bool:
        process = self.bots[number - 1].process
        return process is not None and process.returncode is None

    async def start(self, number: int) -> None:
        bot = self.bots[number - 1]
        with bot.log.open("ab") as log:
            bot.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=self.env(bot), cwd=ROOT, stdout=log, stderr=log
            )

    async def wait_ready(self, number: int, patience: float = 120) -> None:
        """Until the process's /readyz says 200 (database, migrations, getMe)."""
        bot = self.bots[number - 1]
        assert self._session is not None
        deadline = asyncio.get_running_loop().time() + patience
        while True:
            if not self.running(number):
                raise RuntimeError(f"bot {number} exited: {self.tail(number)}")
            with contextlib.suppress(aiohttp.ClientError):
                async with self._session.get(f"http://127.0.0.1:{bot.port}/readyz") as response:
                    if response.status == 200:
                        return
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"bot {number} not ready: {self.tail(number)}")
            await asyncio.sleep(0.2)

    async def kill(self, number: int, *, hard: bool = False) -> float:
        """SIGTERM (drain) or SIGKILL; the seconds until the process exited."""
        bot = self.bots[number - 1]
        process = bot.process
        if process is None or process.returncode is not None:
            return 0.0
        started = asyncio.get_running_loop().time()
        process.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
        bot.exits.append(await process.wait())
        return asyncio.get_running_loop().time() - started

    def tail(self, number: int, lines: int = 15) -> str:
        path = self.bots[number - 1].log
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def first_output_at(self, chat_id: int, mark: int) -> float:
        """When the chat's output number ``mark`` (an ``api.mark``) arrived."""
        return self.api.output_times[chat_id][mark]

    # --- the load balancer --------------------------------------------------------------------------

    async def _balance(self, request: web.Request) -> web.Response:
        body = await request.read()
        secret = request.headers.get(webhook.SECRET_HEADER, "")
        headers = {webhook.SECRET_HEADER: secret, "Content-Type": "application/json"}
        first = next(self._turn)
        assert self._session is not None
        for offset in range(len(self.bots)):
            bot = self.bots[(first + offset) % len(self.bots)]
            url = f"http://127.0.0.1:{bot.port}{webhook.PATH}"
            try:
                async with self._session.post(url, data=body, headers=headers) as response:
                    if response.status == 503:
                        self.skipped += 1
                        continue
                    self.forwarded += 1
                    return web.Response(status=response.status, body=await response.read())
            except aiohttp.ClientError:
                self.skipped += 1
        return web.Response(status=502, text="no backend")
