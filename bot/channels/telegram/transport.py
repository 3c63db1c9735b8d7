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
no free connection) raises with an ``http11.NotSent`` cause; a read timeout or a connection lost after
writing may have been delivered, as with httpx.
"""

from __future__ import annotations

import json
import logging
import os
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.channels.telegram.http11 import ConnectFailed, ConnectionLost, Pool, PoolTimeout, ReadTimeout

log = logging.getLogger(__name__)
PROXY_VARIABLES = ("https_proxy", "http_proxy", "all_proxy")


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
        self._pools: dict[tuple[str, str, int], Pool] = {}
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
            pool = self._pools[target.key] = Pool(target.key, self._size, _ssl_context)
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
