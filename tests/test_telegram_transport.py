"""The lean Bot API transport (bot/channels/telegram/transport.py) against a raw HTTP server: what it
sends, the answers it reads, connection reuse, and what each failure means to attempts.py."""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from telegram import InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.channels.telegram import http11, transport
from bot.channels.telegram.attempts import classify
from bot.channels.telegram.transport import LeanRequest

OK = b'{"ok":true,"result":true}'
Answer = Callable[[asyncio.StreamReader, asyncio.StreamWriter, bytes], Awaitable[bool]]  # False: close


def reply(body: bytes = OK, *, headers: str = "") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{headers}\r\n".encode() + body


@dataclass
class RawServer:
    """Reads each request whole and answers with the next scripted answer (the last one repeats)."""

    answers: list[Answer]
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)
    port: int = 0

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.lower().split(b"\r\n")
                length = int(next(line.split(b":")[1] for line in lines if line.startswith(b"content-length")))
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
                if not await answer(reader, writer, request):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/botTOKEN/sendMessage"


def send(data: bytes, *, keep: bool = True) -> Answer:
    async def answer(_r: asyncio.StreamReader, writer: asyncio.StreamWriter, _q: bytes) -> bool:
        writer.write(data)
        await writer.drain()
        return keep

    return answer


def silent(seconds: float) -> Answer:
    async def answer(_r: asyncio.StreamReader, _w: asyncio.StreamWriter, _q: bytes) -> bool:
        await asyncio.sleep(seconds)
        return False

    return answer


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Awaitable[RawServer]]]:
    servers: list[asyncio.Server] = []

    async def start(*answers: Answer) -> RawServer:
        raw = RawServer(list(answers))
        server = await asyncio.start_server(raw._serve, "127.0.0.1", 0)
        raw.port = server.sockets[0].getsockname()[1]
        servers.append(server)
        return raw

    yield start
    for server in servers:
        server.close()


@pytest.fixture
async def serve_tls() -> AsyncIterator[Callable[[ssl.SSLContext], Awaitable[int]]]:
    servers: list[asyncio.Server] = []

    async def start(context: ssl.SSLContext) -> int:
        raw = RawServer([send(reply())])
        server = await asyncio.start_server(raw._serve, "127.0.0.1", 0, ssl=context)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield start
    for server in servers:
        server.close()


def params(**values: object) -> RequestData:
    return RequestData([RequestParameter.from_input(key, value) for key, value in values.items()])


async def test_a_call_is_one_json_post_and_its_answer_is_read(serve: Callable[..., Awaitable[RawServer]]) -> None:
    server = await serve(send(reply()))
    request = LeanRequest(4)
    markup = {"inline_keyboard": [[{"text": "Gửi", "callback_data": "sb:r:1"}]]}
    status, body = await request.do_request(server.url, "POST", params(chat_id=5, text="Xin chào", reply_markup=markup))
    await request.shutdown()
    assert (status, body) == (200, OK)
    head, _, sent = server.requests[0].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /botTOKEN/sendMessage HTTP/1.1\r\n")
    assert b"Content-Type: application/json" in head
    assert json.loads(sent) == {"chat_id": 5, "text": "Xin chào", "reply_markup": markup}


async def test_one_connection_serves_call_after_call(serve: Callable[..., Awaitable[RawServer]]) -> None:
    server = await serve(send(reply()))
    request = LeanRequest(4)
    for _ in range(3):
        assert await request.do_request(server.url, "POST", params(chat_id=1)) == (200, OK)
    await request.shutdown()
    assert server.connections == 1


async def test_chunked_and_closing_answers(serve: Callable[..., Awaitable[RawServer]]) -> None:
    chunks = b'5;x=1\r\n{"ok"\r\n14\r\n:true,"result":true}\r\n0\r\n\r\n'
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks
    unsized = b'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{"ok":true,"result":1}'
    closing = reply(headers="Connection: close\r\n")
    server = await serve(send(chunked), send(unsized, keep=False), send(closing, keep=False))
    request = LeanRequest(4)
    assert await request.do_request(server.url, "POST", params(chat_id=1)) == (200, OK)
    assert await request.do_request(server.url, "POST", params(chat_id=1)) == (200, b'{"ok":true,"result":1}')
    assert await request.do_request(server.url, "POST", params(chat_id=1)) == (200, OK)
    assert await request.do_request(server.url, "POST", params(chat_id=1)) == (200, OK)
    await request.shutdown()
    assert server.connections == 3  # a closing answer is never followed on the same connection


async def test_bytes_nobody_asked_for_retire_the_connection(serve: Callable[..., Awaitable[RawServer]]) -> None:
    server = await serve(send(reply() + b"HTTP/1.1 200 OK\r\n"))  # more than the answer: never parsed as the next
    request = LeanRequest(1)
    for _ in range(2):
        assert await request.do_request(server.url, "POST", params(chat_id=1)) == (200, OK)
    await request.shutdown()
    assert server.connections == 2


async def test_an_error_status_is_passed_to_ptb(serve: Callable[..., Awaitable[RawServer]]) -> None:
    body = b'{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}'
    server = await serve(send(f"HTTP/1.1 400 Bad Request\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body))
    request = LeanRequest(1)
    assert await request.do_request(server.url, "POST", params(chat_id=1)) == (400, body)
    await request.shutdown()


async def test_a_connection_the_server_closed_while_idle_is_not_reused(
    serve: Callable[..., Awaitable[RawServer]],
) -> None:
    server = await serve(send(reply(), keep=False))  # answers, then closes without saying so
    request = LeanRequest(1)
    for _ in range(3):
        assert await request.do_request(server.url, "POST", params(chat_id=1)) == (200, OK)
        await asyncio.sleep(0.05)  # the close reaches the client while the connection is idle
    await request.shutdown()
    assert server.connections == 3


async def test_no_answer_in_time_may_have_been_delivered(serve: Callable[..., Awaitable[RawServer]]) -> None:
    server = await serve(silent(1))
    request = LeanRequest(1)
    with pytest.raises(TimedOut) as raised:
        await request.do_request(server.url, "POST", params(chat_id=1), read_timeout=0.05)
    await request.shutdown()
    assert isinstance(raised.value.__cause__, http11.ReadTimeout)
    assert classify(raised.value).status == "unknown"


async def test_a_connection_dropped_after_the_request_may_have_delivered_it(
    serve: Callable[..., Awaitable[RawServer]],
) -> None:
    server = await serve(silent(0))
    request = LeanRequest(1)
    with pytest.raises(NetworkError) as raised:
        await request.do_request(server.url, "POST", params(chat_id=1))
    await request.shutdown()
    assert isinstance(raised.value.__cause__, http11.ConnectionLost)
    assert classify(raised.value).status == "unknown"


async def test_no_connection_and_no_free_connection_are_not_sent(serve: Callable[..., Awaitable[RawServer]]) -> None:
    server = await serve(silent(1))
    request = LeanRequest(1)
    busy = asyncio.create_task(request.do_request(server.url, "POST", params(chat_id=1), read_timeout=2))
    await asyncio.sleep(0.05)
    with pytest.raises(TimedOut) as pool:
        await request.do_request(server.url, "POST", params(chat_id=2), pool_timeout=0.05)
    busy.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await busy
    assert isinstance(pool.value.__cause__, http11.PoolTimeout)
    assert (classify(pool.value).status, classify(pool.value).retryable) == ("retry_later", True)

    listener = await asyncio.start_server(lambda _r, _w: None, "127.0.0.1", 0)
    closed_port = listener.sockets[0].getsockname()[1]
    listener.close()
    await listener.wait_closed()
    with pytest.raises(NetworkError) as refused:
        await request.do_request(f"http://127.0.0.1:{closed_port}/botT/getMe", "POST", params())
    await request.shutdown()
    assert isinstance(refused.value.__cause__, http11.ConnectFailed)
    assert (classify(refused.value).status, classify(refused.value).retryable) == ("retry_later", True)


async def test_uploads_and_downloads_go_through_httpx(
    serve: Callable[..., Awaitable[RawServer]], monkeypatch: pytest.MonkeyPatch
) -> None:
    request = LeanRequest(1)
    handed: list[str] = []

    async def fallback(url: str, method: str, *_args: object) -> tuple[int, bytes]:
        handed.append(method)
        return 200, OK

    monkeypatch.setattr(await request._fallback(), "do_request", fallback)
    upload = params(chat_id=1, document=InputFile(b"data", filename="a.txt"))
    assert await request.do_request("http://127.0.0.1:1/botT/sendDocument", "POST", upload) == (200, OK)
    assert await request.do_request("http://127.0.0.1:1/file/botT/x", "GET") == (200, OK)
    assert handed == ["POST", "GET"]


def test_httpx_carries_everything_behind_a_proxy_or_when_asked() -> None:
    assert transport.requests(lean=False) is None
    assert transport.proxy_configured({"HTTPS_PROXY": "http://proxy:3128"})
    assert transport.proxy_configured({"all_proxy": "socks5://proxy:1080"})
    assert not transport.proxy_configured({"HTTPS_PROXY": "", "PATH": "/bin"})


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for "localhost": its key and itself."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


async def test_tls_with_the_servers_name_checked(
    certificate: tuple[Path, Path],
    serve_tls: Callable[[ssl.SSLContext], Awaitable[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key, cert = certificate
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    port = await serve_tls(server_side)
    trusting = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(transport, "_ssl_context", lambda: trusting)
    request = LeanRequest(1)
    for _ in range(2):
        url = f"https://localhost:{port}/botT/getMe"
        assert await request.do_request(url, "POST", params()) == (200, OK)
    with pytest.raises(NetworkError) as wrong_name:  # the certificate is for localhost, not 127.0.0.1
        await request.do_request(f"https://127.0.0.1:{port}/botT/getMe", "POST", params())
    await request.shutdown()
    assert isinstance(wrong_name.value.__cause__, http11.ConnectFailed)
