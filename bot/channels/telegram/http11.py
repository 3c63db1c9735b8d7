"""A minimal HTTP/1.1 client: keep-alive connections read by an :class:`asyncio.Protocol`.

Enough for the Bot API's small requests (bot/channels/telegram/transport.py puts it under PTB): the
request is written in one go; the answer is a status line, headers and a Content-Length, chunked or
until-close body. One request at a time per connection, at most ``size`` in flight per origin.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from typing import Any

MAX_HEAD = 64 * 1024
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


class Connection(asyncio.Protocol):
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


class Pool:
    """Keep-alive connections to one origin; at most ``size`` requests in flight."""

    def __init__(self, key: tuple[str, str, int], size: int, context: Callable[[], ssl.SSLContext]) -> None:
        self.scheme, self.host, self.port = key
        self._slots = asyncio.Semaphore(size)
        self._idle: list[Connection] = []
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
        connection: Connection | None = None
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

    async def _connection(self, connect_timeout: float | None) -> Connection:
        while self._idle:
            connection = self._idle.pop()
            if not connection.closed:
                return connection
        loop = asyncio.get_running_loop()
        context = self._context() if self.scheme == "https" else None
        try:
            _, connection = await asyncio.wait_for(
                loop.create_connection(
                    Connection, self.host, self.port, ssl=context, server_hostname=self.host if context else None
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
