"""A lean HTTP/1.1 transport for the Bot API's small requests, under python-telegram-bot.

Each Bot API call through PTB's default transport (httpx → httpcore → h11 → anyio) runs about a
thousand Python function calls before and after the bytes go out; that was the largest share of the
bot's CPU per message, more than the dispatcher and the database together (bench/README.md). Bot API
requests are small, so this client does only what they need: one keep-alive connection per request in
flight (a bounded pool), the request written in one go, the response read by an
:class:`asyncio.Protocol` (status line, headers, a Content-Length or chunked body). PTB still builds
every request and reads every answer: errors, retries and the rate limiter are unchanged.

What it does not do is left to PTB's own httpx transport, through the same object: uploads (multipart
bodies), downloads (GET), and everything when a proxy is configured in the environment
(``HTTPS_PROXY``, ``ALL_PROXY`` …, which httpx honours) or when ``TELEGRAM_HTTP=httpx``.

Outcomes keep the meaning ``attempts.py`` gives them: a request that never left (no connection,
no free connection) raises with a :class:`NotSent` cause; a read timeout or a connection lost after
writing may have been delivered, as with httpx.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

log = logging.getLogger(__name__)
MAX_HEAD = 64 * 1024
PROXY_VARIABLES = ("https_proxy", "http_proxy", "all_proxy")
Timeouts = tuple[float | None, float | None, float | None]  # connect, read, pool


class NotSent(Exception):
    """Nothing of the request reached the server: it may be tried again."""


class ConnectFailed(NotSent):
    pass


class PoolTimeout(NotSent):
    pass


class ReadTimeout(Exception):
    """No complete answer in time: the request may have been delivered."""


class ConnectionLost(Exception):
    """The connection closed before a complete answer: the request may have been delivered."""


def proxy_configured(environ: Any = os.environ) -> bool:
    return any(name.lower() in PROXY_VARIABLES and value for name, value in environ.items())


@dataclass(frozen=True, slots=True)
class _Target:
    key: tuple[str, str, int]  # scheme, host, port: one pool each
    path: bytes
    host_header: bytes


def _target(url: str) -> _Target:
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default = (scheme, port) in (("https", 443), ("http", 80))
    host_header = host if default else f"{host}:{port}"
    return _Target((scheme, host, port), path.encode("ascii"), host_header.encode("idna"))


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buffer = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes, bool]] | None = None
        self._status = 0
        self._length: int | None = None  # None: chunked, or until the connection closes
        self._chunked = False
        self._keep_alive = True
        self._in_body = False

    # -- asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self._waiter is None or self._waiter.done():  # nothing asked (or given up on): never reuse it
            self.close()
            return
        self._buffer += data
        try:
            self._parse()
        except ConnectionLost as exc:
            self._fail(exc)

    def eof_received(self) -> bool:
        self._lost(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost(exc)

    # -- the exchange
    def send(self, data: bytes) -> asyncio.Future[tuple[int, bytes, bool]]:
        assert self.transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        self._in_body = False
        self.transport.write(data)
        return self._waiter

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def _lost(self, exc: Exception | None) -> None:
        self.closed = True
        waiter = self._waiter
        if waiter is None or waiter.done():
            return
        if self._in_body and self._length is None and not self._chunked:  # a body that ends with the connection
            body = bytes(self._buffer)
            self._buffer.clear()
            waiter.set_result((self._status, body, False))
            return
        self._fail(ConnectionLost(f"the server closed the connection before answering ({exc or 'EOF'})"))

    def _fail(self, exc: Exception) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc)
        self.close()

    def _parse(self) -> None:
        buffer = self._buffer
        while not self._in_body:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD:
                    raise ConnectionLost("response headers too long")
                return
            self._head(bytes(buffer[:end]))
            del buffer[: end + 4]
        if self._chunked:
            body = self._chunks()
            if body is None:
                return
        elif self._length is not None:
            if len(buffer) < self._length:
                return
            body = bytes(buffer[: self._length])
            del buffer[: self._length]
        else:
            return  # read until the server closes
        assert self._waiter is not None
        # Bytes beyond the answer belong to no request: such a connection is not used again.
        self._waiter.set_result((self._status, body, self._keep_alive and not buffer))

    def _head(self, head: bytes) -> None:
        lines = head.decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        try:
            status = int(rest[:3])
        except ValueError:
            raise ConnectionLost(f"not an HTTP answer: {lines[0][:80]!r}") from None
        if 100 <= status < 200:  # an interim answer: the real one follows
            return
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        self._status = status
        self._keep_alive = "close" not in connection and (version != "HTTP/1.0" or "keep-alive" in connection)
        self._chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        if status in (204, 304):
            self._length = 0
        elif "content-length" in headers and not self._chunked:
            self._length = int(headers["content-length"])
        else:
            self._length = None
            self._keep_alive = self._keep_alive and self._chunked
        self._in_body = True

    def _chunks(self) -> bytes | None:
        """The whole chunked body once it has arrived (trailers skipped), else None; nothing consumed until then."""
        buffer, position, parts = self._buffer, 0, list[bytes]()
        while True:
            line_end = buffer.find(b"\r\n", position)
            if line_end < 0:
                return None
            try:
                size = int(bytes(buffer[position:line_end]).split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise ConnectionLost("bad chunk size") from None
            position = line_end + 2
            if size == 0:
                end = buffer.find(b"\r\n\r\n", position - 2)
                if end < 0:
                    return None
                del buffer[: end + 4]
                return b"".join(parts)
            if len(buffer) < position + size + 2:
                return None
            parts.append(bytes(buffer[position : position + size]))
            position += size + 2


class _Pool:
    """Keep-alive connections to one origin; at most ``size`` requests in flight."""

    def __init__(self, key: tuple[str, str, int], size: int, context: Callable[[], ssl.SSLContext]) -> None:
        self.scheme, self.host, self.port = key
        self._slots = asyncio.Semaphore(size)
        self._idle: list[_Connection] = []
        self._context = context

    async def request(self, data: bytes, timeouts: Timeouts) -> tuple[int, bytes]:
        connect_timeout, read_timeout, pool_timeout = timeouts
        if self._slots.locked():
            try:
                await asyncio.wait_for(self._slots.acquire(), pool_timeout)
            except TimeoutError:
                raise PoolTimeout("no free connection") from None
        else:
            await self._slots.acquire()
        connection: _Connection | None = None
        done = False
        try:
            connection = await self._connection(connect_timeout)
            waiter = connection.send(data)
            timer = None
            if read_timeout is not None:
                timer = asyncio.get_running_loop().call_later(read_timeout, _expire, waiter)
            try:
                status, body, keep_alive = await waiter
            finally:
                if timer is not None:
                    timer.cancel()
            done = keep_alive
            return status, body
        finally:
            if connection is not None:
                if done and not connection.closed:
                    self._idle.append(connection)
                else:
                    connection.close()
            self._slots.release()

    async def _connection(self, connect_timeout: float | None) -> _Connection:
        while self._idle:
            connection = self._idle.pop()
            if not connection.closed:
                return connection
        loop = asyncio.get_running_loop()
        context = self._context() if self.scheme == "https" else None
        try:
            _, connection = await asyncio.wait_for(
                loop.create_connection(
                    _Connection, self.host, self.port, ssl=context, server_hostname=self.host if context else None
                ),
                connect_timeout,
            )
        except (OSError, TimeoutError, ssl.SSLError) as exc:
            raise ConnectFailed(f"cannot connect to {self.host}:{self.port}: {exc!r}") from exc
        return connection

    def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()


def _expire(waiter: asyncio.Future[Any]) -> None:
    if not waiter.done():
        waiter.set_exception(ReadTimeout("no answer in time"))


_SSL_CONTEXT: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    """The CA bundle httpx uses (certifi), made once."""
    global _SSL_CONTEXT
    if _SSL_CONTEXT is None:
        import certifi

        _SSL_CONTEXT = ssl.create_default_context(cafile=certifi.where())
    return _SSL_CONTEXT


class LeanRequest(BaseRequest):
    """PTB's request interface: small POSTs here, anything else through PTB's own httpx request."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._size = connection_pool_size
        self._timeouts = (connect_timeout, read_timeout, pool_timeout)
        self._write_timeout = write_timeout
        self._pools: dict[tuple[str, str, int], _Pool] = {}
        self._targets: dict[str, _Target] = {}
        self._httpx: HTTPXRequest | None = None  # made on the first upload or download (an SSL context each)

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts[1]

    async def initialize(self) -> None:
        """Nothing to open: connections are made on the first request."""

    async def shutdown(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()
        if self._httpx is not None:
            await self._httpx.shutdown()
            self._httpx = None

    async def _fallback(self) -> HTTPXRequest:
        if self._httpx is None:
            connect, read, pool = self._timeouts
            self._httpx = HTTPXRequest(
                connection_pool_size=self._size,
                connect_timeout=connect,
                read_timeout=read,
                write_timeout=self._write_timeout,
                pool_timeout=pool,
            )
            await self._httpx.initialize()
        return self._httpx

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if method != "POST" or (request_data is not None and request_data.contains_files):
            fallback = await self._fallback()
            return await fallback.do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
            )
        target = self._targets.get(url)
        if target is None:
            target = self._targets[url] = _target(url)
        pool = self._pools.get(target.key)
        if pool is None:
            pool = self._pools[target.key] = _Pool(target.key, self._size, _ssl_context)
        body = json.dumps(request_data.parameters if request_data else {}, ensure_ascii=False).encode()
        head = b"POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n" % (
            target.path,
            target.host_header,
            self.USER_AGENT.encode(),
        )
        data = head + b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        default_connect, default_read, default_pool = self._timeouts
        timeouts = (
            default_connect if isinstance(connect_timeout, type(BaseRequest.DEFAULT_NONE)) else connect_timeout,
            default_read if isinstance(read_timeout, type(BaseRequest.DEFAULT_NONE)) else read_timeout,
            default_pool if isinstance(pool_timeout, type(BaseRequest.DEFAULT_NONE)) else pool_timeout,
        )
        try:
            status, payload = await pool.request(data, timeouts)
        except PoolTimeout as exc:
            raise TimedOut("Pool timeout: no free connection. The request was not sent.") from exc
        except ReadTimeout as exc:
            raise TimedOut from exc
        except (ConnectFailed, ConnectionLost) as exc:
            raise NetworkError(f"{type(exc).__name__}: {exc}") from exc
        if log.isEnabledFor(logging.DEBUG):  # as httpx logs its requests (the token is masked by the log's redactor)
            log.debug('HTTP Request: POST %s "%s"', url, status)
        return status, payload


def requests(*, lean: bool) -> tuple[BaseRequest, BaseRequest] | None:
    """The two requests PTB's builder takes (``request``, ``get_updates_request``), with its default
    pool sizes; None (PTB's own httpx ones) when ``lean`` is off or a proxy is configured."""
    if not lean or proxy_configured():
        return None
    return LeanRequest(256), LeanRequest(1)
