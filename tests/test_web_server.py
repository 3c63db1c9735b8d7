"""The bot's HTTP server: routes added by others, pluggable readiness, the body cap, the drain."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy.engine import make_url

from bot.settings import Settings
from bot.web.server import WebServer
from bot.web.serving import Serving
from storage.db import Database
from storage.migrate import upgrade
from tests.conftest import POSTGRES_URL, postgres_schema


async def fetch(method: str, url: str, **kwargs: object) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as session, session.request(method, url, **kwargs) as response:  # type: ignore[arg-type]
        return response.status, await response.json(content_type=None)


@pytest.fixture
async def server() -> AsyncIterator[WebServer]:
    web_server = WebServer("127.0.0.1", 0, max_body_bytes=1000)

    async def echo(request: web.Request) -> web.Response:
        return web.json_response({"got": len(await request.read())})

    web_server.add_route("POST", "/echo", echo)
    routes = web.RouteTableDef()

    @routes.post("/upload")
    async def upload(request: web.Request) -> web.Response:
        return web.json_response({"got": len(await request.read())})

    web_server.add_routes(routes)
    await web_server.start()
    yield web_server
    await web_server.stop()


async def test_routes_health_and_pluggable_readiness(server: WebServer) -> None:
    assert await fetch("POST", server.url + "/echo", data=b"x" * 10) == (200, {"got": 10})
    assert await fetch("POST", server.url + "/upload", data=b"x" * 20) == (200, {"got": 20})
    assert await fetch("GET", server.url + "/healthz") == (200, {"status": "ok"})
    ready = {"value": False}

    async def channel() -> bool:
        return ready["value"]

    async def broken() -> None:
        raise ConnectionError("down")

    server.add_readiness_check("channel", channel)
    status, body = await fetch("GET", server.url + "/readyz")
    assert (status, body["failing"]) == (503, ["channel"])
    ready["value"] = True
    assert (await fetch("GET", server.url + "/readyz"))[0] == 200
    server.add_readiness_check("broken", broken)
    assert (await fetch("GET", server.url + "/readyz"))[1]["failing"] == ["broken"]


async def test_the_body_cap_holds_with_and_without_a_length(server: WebServer) -> None:
    assert (await fetch("POST", server.url + "/echo", data=b"x" * 5000))[0] == 413

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b"x" * 500

    assert (await fetch("POST", server.url + "/echo", data=chunks()))[0] == 413
    with pytest.raises(RuntimeError):
        server.add_route("GET", "/late", lambda request: None)  # type: ignore[arg-type,return-value]


async def test_draining_refuses_work_but_stays_alive(server: WebServer) -> None:
    server.drain()
    status, _ = await fetch("POST", server.url + "/echo", data=b"x")
    assert status == 503
    assert (await fetch("GET", server.url + "/readyz"))[0] == 503
    assert (await fetch("GET", server.url + "/healthz"))[0] == 200


class TcpProxy:
    """A TCP relay to the database that the test can cut and restore (the database 'goes down')."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server: asyncio.Server | None = None
        self.port = 0
        self.links: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.links):
            writer.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.links.update({writer, up_writer})

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def test_readyz_says_503_while_the_database_is_down_and_recovers() -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    url = make_url(POSTGRES_URL)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    fresh = postgres_schema()
    async with fresh:
        proxied_url = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        db = Database.from_url(proxied_url, schema=fresh.schema)
        await upgrade(db.engine)
        settings = Settings(_env_file=None, http_port=0, database_url=proxied_url)  # type: ignore[call-arg]
        serving = Serving(settings, _NoApp(), db)  # type: ignore[arg-type]
        serving.telegram_ready = True
        await serving.open()
        assert serving.web is not None
        try:
            assert (await fetch("GET", serving.web.url + "/readyz"))[0] == 200
            await proxy.cut()
            status, body = await fetch("GET", serving.web.url + "/readyz")
            assert status == 503 and "database" in body["failing"]
            await proxy.start()  # the database is back (same port)
            status, body = 0, {}
            for _ in range(20):
                status, body = await fetch("GET", serving.web.url + "/readyz")
                if status == 200:
                    break
                await asyncio.sleep(0.2)
            assert status == 200, body
        finally:
            await serving.close()
            await db.dispose()
            await proxy.cut()


class _NoApp:
    updater = None
